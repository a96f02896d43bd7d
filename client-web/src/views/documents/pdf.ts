// pdf.js, loaded only when a PDF is previewed, from our own server: the library and its worker are
// bundled by Vite (the worker as an asset URL), its character maps and standard fonts are copied
// flat into /assets/ by vite.config.ts. The legacy build, for the older phone browsers parties use.
// No WebAssembly decoders (useWasm: false) and glyphs drawn as paths (disableFontFace), so the
// page's CSP stays as it is.
import workerUrl from 'pdfjs-dist/legacy/build/pdf.worker.min.mjs?url';

export interface RenderedPdf {
  pages: number;
}

export async function renderFirstPage(data: ArrayBuffer, canvas: HTMLCanvasElement, width: number): Promise<RenderedPdf> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
  const task = pdfjs.getDocument({
    data: new Uint8Array(data),
    useWasm: false,
    disableFontFace: true,
    enableXfa: false,
    cMapUrl: '/assets/',
    cMapPacked: true,
    standardFontDataUrl: '/assets/',
  });
  const doc = await task.promise;
  try {
    const page = await doc.getPage(1);
    const base = page.getViewport({ scale: 1 });
    const ratio = typeof devicePixelRatio === 'number' ? Math.min(devicePixelRatio, 2) : 1;
    const viewport = page.getViewport({ scale: (width / base.width) * ratio });
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
    await page.render({ canvas, viewport }).promise;
    return { pages: doc.numPages };
  } finally {
    void task.destroy();
  }
}
