import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import type { SharedDocument } from '../../state/agreement';
import { documentUrl } from '../../documents/upload-http';
import { useRoom } from '../room/RoomContext';

export const previewable = (type: string) => type.startsWith('image/') && type !== 'image/heic' && type !== 'image/heif' ? 'image' : type === 'application/pdf' ? 'pdf' : null;

type PdfState = { state: 'loading' } | { state: 'done'; pages: number } | { state: 'failed' };

function PdfPreview({ doc }: { doc: SharedDocument }) {
  const { roomId } = useRoom();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<PdfState>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const response = await fetch(documentUrl(roomId, doc.document), { credentials: 'same-origin' });
        if (!response.ok) throw new Error(String(response.status));
        const { renderFirstPage } = await import('./pdf');
        const width = Math.min(canvas.current?.parentElement?.clientWidth ?? 320, 640);
        const done = await renderFirstPage(await response.arrayBuffer(), canvas.current!, width);
        if (live) setState({ state: 'done', pages: done.pages });
      } catch (error) {
        console.warn('pdf preview', error);
        if (live) setState({ state: 'failed' });
      }
    })();
    return () => {
      live = false;
    };
  }, [roomId, doc.document]);
  return (
    <figure class="preview" data-testid="pdf-preview" data-state={state.state}>
      <canvas ref={canvas} aria-label={t('documents.pdfPreview', { name: doc.name })} role="img" />
      <figcaption class="muted small">
        {state.state === 'loading' && t('common.loading')}
        {state.state === 'done' && t('documents.pdfPages', { pages: state.pages })}
        {state.state === 'failed' && t('documents.previewFailed')}
      </figcaption>
    </figure>
  );
}

function ImagePreview({ doc }: { doc: SharedDocument }) {
  const { roomId } = useRoom();
  const [state, setState] = useState<'loading' | 'done' | 'failed'>('loading');
  return (
    <figure class="preview" data-testid="image-preview" data-state={state}>
      <img src={documentUrl(roomId, doc.document, true)} alt={doc.name} onLoad={() => setState('done')} onError={() => setState('failed')} />
      {state === 'failed' && <figcaption class="muted small">{t('documents.previewFailed')}</figcaption>}
    </figure>
  );
}

/** An image or the first page of a PDF, shown in the page (the bytes come from our own server). */
export function DocumentPreview({ doc }: { doc: SharedDocument }) {
  const kind = previewable(doc.type);
  if (kind === 'image') return <ImagePreview doc={doc} />;
  if (kind === 'pdf') return <PdfPreview doc={doc} />;
  return null;
}
