import assert from 'node:assert/strict';
import { test } from 'vitest';
import { applicationStatementText, daysLeft } from './application-statement';

test('the statement is RECORD.md §8 worked example', () => {
  assert.equal(
    applicationStatementText({ room: 'exampleRoom00001', version: 1, applicationSha256: '0'.repeat(64), signer: '0a1b2c3d4e5f', recordSize: 2, recordRoot: 'bcc0513f8cb06ff9bd1f8ab184ea9a2cd83e9b38864ee9d20ce909f36b01c8c5', time: 1714521720000 }),
    '{"application_sha256":"0000000000000000000000000000000000000000000000000000000000000000","application_version":1,"record_root":"bcc0513f8cb06ff9bd1f8ab184ea9a2cd83e9b38864ee9d20ce909f36b01c8c5","record_size":2,"role":"party","room":"exampleRoom00001","signer":"0a1b2c3d4e5f","time":1714521720000,"type":"mediation-room/application-confirmation/v1"}',
  );
});

test('days left count Shanghai calendar days: 0 on the last day, negative after', () => {
  const shanghaiMidnight = (day: string) => Date.parse(`${day}T00:00:00Z`) - 8 * 3600 * 1000;
  assert.equal(daysLeft('2026-03-02', shanghaiMidnight('2026-01-31') + 20 * 3600 * 1000), 30);
  assert.equal(daysLeft('2026-03-02', shanghaiMidnight('2026-03-02') + 23 * 3600 * 1000), 0);
  assert.equal(daysLeft('2026-03-02', shanghaiMidnight('2026-03-03')), -1);
});
