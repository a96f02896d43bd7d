import { useState } from 'preact/hooks';
import { formatDateTime, t } from '../../i18n/i18n';
import { documentsIn, type SharedDocument } from '../../state/agreement';
import { documentUrl } from '../../documents/upload-http';
import { channelLabel } from '../common/labels';
import { useRoom } from '../room/RoomContext';
import { useName } from '../room/use-name';
import { DocumentPreview, previewable } from './DocumentPreview';
import { formatSize } from './format';
import { ShareDocument } from './ShareDocument';

function DocumentItem({ doc }: { doc: SharedDocument }) {
  const { roomId } = useRoom();
  const by = useName(doc.by);
  const [shown, setShown] = useState(false);
  const kind = previewable(doc.type);
  return (
    <li class="document" data-testid="document-item" data-document={doc.document} data-type={doc.type}>
      <div class="document-head">
        <strong class="document-name">{doc.name}</strong>
        <span class="muted small">
          {formatSize(doc.size)} · {t('documents.sharedBy', { name: by })} · {formatDateTime(doc.time)}
        </span>
        <span class="muted small hash" title={doc.sha256}>
          SHA-256 {doc.sha256.slice(0, 16)}…
        </span>
      </div>
      <div class="row-actions">
        {kind && (
          <button type="button" class="secondary small" data-testid="document-preview-toggle" aria-expanded={shown} onClick={() => setShown(!shown)}>
            {t(shown ? 'documents.hidePreview' : 'documents.preview')}
          </button>
        )}
        <a class="button secondary small" data-testid="document-download" href={documentUrl(roomId, doc.document)} download={doc.name}>
          {t('documents.download')}
        </a>
      </div>
      {shown && <DocumentPreview doc={doc} />}
    </li>
  );
}

/** The documents of each channel this person reads, and sharing into the ones they may write. */
export function DocumentsPanel() {
  const { model } = useRoom();
  const agreement = model.agreement.value;
  const you = model.welcome.value?.you;
  const writable = model.readable.value.filter((c) => model.writable.value.has(c));
  const canShare = you && you.role !== 'observer' && !model.closed.value && writable.length > 0;
  const active = model.active.value ?? writable[0] ?? 'main';
  return (
    <div class="documents stack" data-testid="documents">
      {canShare && <ShareDocument channels={writable} initial={active} />}
      {model.readable.value.map((channel) => {
        const docs = documentsIn(agreement, channel);
        if (docs.length === 0) return null;
        return (
          <section key={channel} data-testid={`documents-${channel}`}>
            <h3>{channelLabel(channel)}</h3>
            <ul class="plain">
              {docs.map((d) => (
                <DocumentItem key={d.document} doc={d} />
              ))}
            </ul>
          </section>
        );
      })}
      {agreement.documents.length === 0 && <p class="muted small">{t('documents.none')}</p>}
    </div>
  );
}
