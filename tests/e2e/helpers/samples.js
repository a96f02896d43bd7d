// Sample files made in the test, never committed: a photo (a JPEG the browser encodes, with an Exif
// APP1 holding a GPS position added here), a small PDF written by hand, and the page sizes of a PDF.

const u16 = (n) => [n >> 8, n & 0xff];
const u32 = (n) => [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const rational = (v) => [...u32(Math.round(v * 10000)), ...u32(10000)];
const dms = (v) => {
  const deg = Math.floor(v);
  const min = Math.floor((v - deg) * 60);
  return [...rational(deg), ...rational(min), ...rational(((v - deg) * 60 - min) * 60)];
};

// Exif (big-endian TIFF): IFD0 with the GPS pointer (tag 0x8825), a GPS IFD with N/E lat/lon.
export function exifGpsSegment(latitude, longitude) {
  const entry = (tag, type, count, value) => [...u16(tag), ...u16(type), ...u32(count), ...value];
  const gpsIfd = 8 + 2 + 12 + 4;
  const latData = gpsIfd + 2 + 4 * 12 + 4;
  const tiff = [
    0x4d, 0x4d, 0x00, 0x2a, ...u32(8),
    ...u16(1), ...entry(0x8825, 4, 1, u32(gpsIfd)), ...u32(0),
    ...u16(4),
    ...entry(1, 2, 2, [0x4e, 0, 0, 0]), ...entry(2, 5, 3, u32(latData)),
    ...entry(3, 2, 2, [0x45, 0, 0, 0]), ...entry(4, 5, 3, u32(latData + 24)),
    ...u32(0), ...dms(latitude), ...dms(longitude),
  ];
  const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
  return Buffer.from([0xff, 0xe1, ...u16(payload.length + 2), ...payload]);
}

// A noisy picture (so it does not compress: over a megabyte, several upload chunks), encoded as JPEG
// by the page's canvas, with the GPS Exif put after its JFIF APP0.
export async function photoWithGps(page, { width = 1400, height = 1000, latitude = 30.2741, longitude = 120.1551 } = {}) {
  const base64 = await page.evaluate(
    ([w, h]) => {
      const canvas = document.createElement('canvas');
      canvas.width = w;
      canvas.height = h;
      const ctx = canvas.getContext('2d');
      const image = ctx.createImageData(w, h);
      let seed = 7;
      for (let i = 0; i < image.data.length; i += 1) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        image.data[i] = i % 4 === 3 ? 255 : seed >> 23;
      }
      ctx.putImageData(image, 0, 0);
      ctx.fillStyle = '#c00';
      ctx.fillRect(w / 4, h / 4, w / 2, h / 2);
      return canvas.toDataURL('image/jpeg', 0.95).split(',')[1];
    },
    [width, height],
  );
  const jpeg = Buffer.from(base64, 'base64');
  const app0End = jpeg[2] === 0xff && jpeg[3] === 0xe0 ? 4 + jpeg.readUInt16BE(4) : 2;
  return Buffer.concat([jpeg.subarray(0, app0End), exifGpsSegment(latitude, longitude), jpeg.subarray(app0End)]);
}

// A one-page PDF with a line of text and a box, its xref offsets computed.
export function samplePdf(text = 'Deposit receipt: 5000 CNY') {
  const content = `BT /F1 24 Tf 72 720 Td (${text}) Tj ET\n0.8 0 0 rg 72 500 300 150 re f\n`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${content.length} >>\nstream\n${content}endstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

// Every page's MediaBox [x0 y0 x1 y1] in points, from the page objects of an uncompressed-dictionary PDF.
export function pdfPageSizes(pdf) {
  const text = pdf.toString('latin1');
  const sizes = [];
  for (const m of text.matchAll(/\/Type\s*\/Page[^s][\s\S]*?\/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]/g)) {
    sizes.push({ width: Number(m[3]) - Number(m[1]), height: Number(m[4]) - Number(m[2]) });
  }
  return sizes;
}

export function pdfPageCount(pdf) {
  const m = pdf.toString('latin1').match(/\/Type\s*\/Pages[\s\S]*?\/Count\s+(\d+)/);
  return m ? Number(m[1]) : 0;
}
