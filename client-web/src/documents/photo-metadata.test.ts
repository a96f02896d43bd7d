import assert from 'node:assert/strict';
import exifr from 'exifr';
import { test } from 'vitest';
import { readPhotoMetadata, stripJpegMetadata } from './photo-metadata';
import { jpegWithGps } from './test-jpeg';

test('the location of a photo is read before it is shared', async () => {
  const meta = await readPhotoMetadata(new Blob([jpegWithGps(30.2741, 120.1551, 6)]));
  assert.ok(meta.location);
  assert.ok(Math.abs(meta.location.latitude - 30.2741) < 0.001, String(meta.location.latitude));
  assert.ok(Math.abs(meta.location.longitude - 120.1551) < 0.001, String(meta.location.longitude));
  assert.equal(meta.orientation, 6);
  assert.equal(meta.strippable, true);
});

test('stripping takes out the location, keeps the orientation and every byte of the picture', async () => {
  const original = jpegWithGps(30.2741, 120.1551, 6);
  const stripped = stripJpegMetadata(original, 6)!;
  assert.ok(stripped);
  assert.equal(await exifr.gps(stripped), undefined);
  assert.equal(await exifr.orientation(stripped), 6);
  // The scan data and the tables are unchanged.
  const tail = (b: Uint8Array) => Array.from(b.subarray(b.length - 17));
  assert.deepEqual(tail(stripped), tail(original));
  const plain = stripJpegMetadata(original, 1)!;
  assert.equal(await exifr.orientation(plain), undefined);
});

test('what is not a JPEG is not stripped', async () => {
  assert.equal(stripJpegMetadata(Uint8Array.from([0x89, 0x50, 0x4e, 0x47])), null);
  assert.equal(stripJpegMetadata(Uint8Array.from([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff])), null);
  const meta = await readPhotoMetadata(new Blob([Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0])]));
  assert.deepEqual(meta, { location: null, orientation: null, strippable: false });
});
