// The checkpoint kept from an earlier visit against what the server says now (issue 11): a
// smaller checkpoint is a rolled-back store, said in red, and the kept one is not given up.
import assert from 'node:assert/strict';
import { test } from 'vitest';
import { memoryStorage } from '../storage';
import { CheckpointKeeper } from './checkpoint-keeper';

const note = (size: number) => `mediation.example/room/r1\n${size}\nAAAA\n\n— key sig\n`;
const trusting = async (c: { size: number }) => c.size - 1;

test('a checkpoint smaller than the one kept from an earlier visit is reported as behind', async () => {
  const storage = memoryStorage();
  await new CheckpointKeeper('r1', storage, trusting).accept(note(100));

  const later = new CheckpointKeeper('r1', storage, trusting);
  await later.accept(note(60));
  assert.equal(later.current.problem, 'behind');
  assert.equal(later.current.latest?.size, 100, 'the kept checkpoint stays');
  assert.equal(storage.getItem('mr.checkpoint.r1'), note(100));
});

test('a growing record is no problem', async () => {
  const storage = memoryStorage();
  await new CheckpointKeeper('r1', storage, trusting).accept(note(100));
  const later = new CheckpointKeeper('r1', storage, trusting);
  await later.accept(note(100));
  await later.accept(note(120));
  assert.equal(later.current.problem, null);
  assert.equal(later.current.verifiedUpTo, 119);
});
