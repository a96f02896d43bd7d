// Starts the real server on a free loopback port with a fresh data directory, and stops it.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const serverBinary = process.env.MEDIATION_ROOM_BIN || join(repoRoot, 'build', 'mediation-room');

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// The server makes a self-signed certificate in a fresh data directory, so it is not checked here.
function healthStatus(origin) {
  return new Promise((resolve) => {
    const req = request(`${origin}/healthz`, { rejectUnauthorized: false, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// One server process; `exited` is set once it has stopped. `args` are more `serve` options.
function spawnServer(port, dataDir, sink, args) {
  const child = spawn(serverBinary, ['serve', '--bind', '127.0.0.1', '--port', String(port), '--data', dataDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc = { child, exited: null };
  child.stdout.on('data', sink);
  child.stderr.on('data', sink);
  proc.exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve((proc.exited = { code, signal }))));
  child.once('error', (error) => (proc.exited = { error }));
  return proc;
}

async function stopProcess(proc) {
  if (proc.exited) return;
  proc.child.kill('SIGTERM');
  const stopped = await Promise.race([proc.exit, sleep(5000).then(() => null)]);
  if (!stopped) {
    proc.child.kill('SIGKILL');
    await proc.exit;
  }
}

// Wait for the server to answer, a bounded number of times.
async function waitHealthy(origin, proc) {
  for (let attempt = 0; attempt < 150; attempt += 1) {
    if (proc.exited) return false;
    if ((await healthStatus(origin)) === 200) return true;
    await sleep(100);
  }
  return false;
}

export async function startServer({ args = [] } = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'mediation-room-e2e-'));
  const port = await freePort();
  const origin = `https://127.0.0.1:${port}`;
  let log = '';
  const sink = (chunk) => (log += chunk);
  let proc = spawnServer(port, dataDir, sink, args);

  const server = {
    origin,
    dataDir,
    log: () => log,
    // Stops the process but keeps its data, for resume() to start another on the same port.
    async halt() {
      await stopProcess(proc);
    },
    async resume() {
      proc = spawnServer(port, dataDir, sink, args);
      if (!(await waitHealthy(origin, proc))) throw new Error(`server did not come back (${JSON.stringify(proc.exited)}):\n${log}`);
    },
    async stop() {
      await stopProcess(proc);
      await rm(dataDir, { recursive: true, force: true });
    },
  };

  if (await waitHealthy(origin, proc)) return server;
  await server.stop();
  throw new Error(`server did not become healthy at ${origin} (${JSON.stringify(proc.exited)}):\n${log}`);
}

// Runs an administrative subcommand against the data directory and parses its --json output.
export async function admin(server, args) {
  const { stdout } = await promisify(execFile)(serverBinary, [...args, '--data', server.dataDir, '--json']);
  return JSON.parse(stdout);
}
