// A photo's location before it is shared (EXIF GPS, read with exifr), and taking it out. Stripping
// removes the JPEG's APP1 segments (Exif and XMP, where cameras put the location) byte for byte,
// without re-encoding: the picture keeps its quality and hash-relevant bytes stay the camera's. The
// one thing worth keeping from Exif, the orientation, is put back as a minimal Exif of its own so a
// portrait photo does not turn on its side. Other formats (HEIC, PNG, WebP) are not stripped here;
// the person is told so.

export interface PhotoLocation {
  latitude: number;
  longitude: number;
}

export interface PhotoMetadata {
  location: PhotoLocation | null;
  orientation: number | null;
  /** Whether strip() can take the location out of this file. */
  strippable: boolean;
}

const jpegMagic = (bytes: Uint8Array) => bytes[0] === 0xff && bytes[1] === 0xd8;

export async function readPhotoMetadata(file: Blob): Promise<PhotoMetadata> {
  // Exif and XMP sit near the start (an APP1 segment is at most 64 KiB): the head is enough.
  const head = new Uint8Array(await file.slice(0, 256 * 1024).arrayBuffer());
  const strippable = jpegMagic(head);
  try {
    // Loaded when a photo is chosen, not with the room page.
    const { default: exifr } = await import('exifr');
    const gps = (await exifr.gps(head)) as { latitude?: number; longitude?: number } | undefined;
    const lat = gps?.latitude;
    const lon = gps?.longitude;
    const location = typeof lat === 'number' && typeof lon === 'number' && Number.isFinite(lat) && Number.isFinite(lon) ? { latitude: lat, longitude: lon } : null;
    const turned = strippable ? await exifr.orientation(head) : undefined;
    return { location, orientation: typeof turned === 'number' ? turned : null, strippable };
  } catch {
    return { location: null, orientation: null, strippable };
  }
}

/** A minimal Exif APP1 holding only the orientation (big-endian TIFF, one IFD, one entry). */
export function orientationSegment(orientation: number): Uint8Array {
  const tiff = [0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation & 0xff, 0, 0, 0, 0, 0, 0];
  const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff]; // "Exif\0\0"
  const length = payload.length + 2;
  return Uint8Array.from([0xff, 0xe1, length >> 8, length & 0xff, ...payload]);
}

/**
 * The JPEG without its APP1 segments (Exif, XMP), with only the orientation put back when it is not
 * the default. Null when the bytes are not a JPEG this can walk (then nothing is stripped).
 */
export function stripJpegMetadata(bytes: Uint8Array, orientation: number | null = null): Uint8Array | null {
  if (!jpegMagic(bytes)) return null;
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  if (orientation && orientation > 1 && orientation <= 8) kept.push(orientationSegment(orientation));
  let at = 2;
  while (at < bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1];
    if (marker === undefined) return null;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    // Markers without a length: TEM, RSTn, EOI.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0xd9) {
      kept.push(bytes.subarray(at, at + 2));
      at += 2;
      continue;
    }
    if (at + 4 > bytes.length) return null;
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    if (length < 2 || at + 2 + length > bytes.length) return null;
    // Start of scan: everything from here is the picture itself.
    if (marker === 0xda) {
      kept.push(bytes.subarray(at));
      break;
    }
    if (marker !== 0xe1) kept.push(bytes.subarray(at, at + 2 + length));
    at += 2 + length;
  }
  const out = new Uint8Array(kept.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const part of kept) {
    out.set(part, o);
    o += part.length;
  }
  return out;
}

/** The file to send: the same name and type, the location taken out. */
export async function stripPhoto(file: File, orientation: number | null): Promise<File | null> {
  const stripped = stripJpegMetadata(new Uint8Array(await file.arrayBuffer()), orientation);
  return stripped ? new File([stripped as Uint8Array<ArrayBuffer>], file.name, { type: file.type, lastModified: file.lastModified }) : null;
}
