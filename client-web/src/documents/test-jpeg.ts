// For the tests: a JPEG-shaped byte string with an Exif APP1 holding an orientation and a GPS
// position (the structure exifr and cameras use), around a stand-in for the picture data.

function rational(value: number): number[] {
  const n = Math.round(value * 10000);
  return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff, 0, 0, 0x27, 0x10];
}

const u16 = (n: number) => [n >> 8, n & 0xff];
const u32 = (n: number) => [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

function dms(value: number): number[] {
  const deg = Math.floor(value);
  const min = Math.floor((value - deg) * 60);
  const sec = ((value - deg) * 60 - min) * 60;
  return [...rational(deg), ...rational(min), ...rational(sec)];
}

/** Exif APP1 (big-endian TIFF): IFD0 = Orientation + GPS pointer; GPS IFD = lat/lon with refs. */
export function exifWithGps(latitude: number, longitude: number, orientation = 1): number[] {
  const entry = (tag: number, type: number, count: number, value: number[]) => [...u16(tag), ...u16(type), ...u32(count), ...value];
  const gpsIfd = 8 + 2 + 2 * 12 + 4; // 38
  const latData = gpsIfd + 2 + 4 * 12 + 4; // 92
  const lonData = latData + 24;
  const tiff = [
    0x4d, 0x4d, 0x00, 0x2a, ...u32(8),
    ...u16(2),
    ...entry(0x0112, 3, 1, [...u16(orientation), 0, 0]),
    ...entry(0x8825, 4, 1, u32(gpsIfd)),
    ...u32(0),
    ...u16(4),
    ...entry(0x0001, 2, 2, [latitude >= 0 ? 0x4e : 0x53, 0, 0, 0]),
    ...entry(0x0002, 5, 3, u32(latData)),
    ...entry(0x0003, 2, 2, [longitude >= 0 ? 0x45 : 0x57, 0, 0, 0]),
    ...entry(0x0004, 5, 3, u32(lonData)),
    ...u32(0),
    ...dms(Math.abs(latitude)),
    ...dms(Math.abs(longitude)),
  ];
  const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
  return [0xff, 0xe1, ...u16(payload.length + 2), ...payload];
}

export function jpegWithGps(latitude: number, longitude: number, orientation = 1): Uint8Array<ArrayBuffer> {
  const dqt = [0xff, 0xdb, 0x00, 0x04, 0x00, 0x01];
  const sos = [0xff, 0xda, 0x00, 0x04, 0x01, 0x00, 0x12, 0x34, 0xff, 0x00, 0x56];
  return Uint8Array.from([0xff, 0xd8, ...exifWithGps(latitude, longitude, orientation), ...dqt, ...sos, 0xff, 0xd9]);
}
