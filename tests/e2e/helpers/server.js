// Starts the real server on a port it picks itself (--port 0, read back from its log, as the C++
// harness does: no probe-then-bind race), with a fresh data directory; stops it.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { requestJson } from './http.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const serverBinary = process.env.MEDIATION_ROOM_BIN || join(repoRoot, 'build', 'mediation-room');
const serving = /serving https:\/\/127\.0\.0\.1:(\d+)/;

async function stopProcess(child, exited) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

export async function startServer({ args = [] } = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'mediation-room-e2e-'));
  const child = spawn(serverBinary, ['serve', '--bind', '127.0.0.1', '--port', '0', '--data', dataDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server named no port within 20 s:\n${log}`)), 20000);
    const sink = (chunk) => {
      log += chunk;
      const match = log.match(serving);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', sink);
    child.stderr.on('data', sink);
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before serving:\n${log}`)));
    child.once('error', reject);
  });
  const origin = `https://127.0.0.1:${port}`;
  const health = await requestJson(origin, 'GET', '/healthz');
  if (health.status !== 200) throw new Error(`server is not healthy (${health.status}):\n${log}`);
  return {
    origin,
    dataDir,
    log: () => log,
    async stop() {
      await stopProcess(child, exited);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

// Runs an administrative subcommand against the data directory and parses its --json output.
export async function admin(server, args) {
  const { stdout } = await promisify(execFile)(serverBinary, [...args, '--data', server.dataDir, '--json']);
  return JSON.parse(stdout);
}
