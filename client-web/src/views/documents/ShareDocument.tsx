import { useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import type { Channel } from '../../protocol/types';
import { readPhotoMetadata, stripPhoto, type PhotoMetadata } from '../../documents/photo-metadata';
import { uploadFile, type UploadFailure, type UploadProgress } from '../../documents/upload';
import { uploadHttp } from '../../documents/upload-http';
import { channelLabel } from '../common/labels';
import { SelectField } from '../procedure/SelectField';
import { useRoom } from '../room/RoomContext';
import { formatSize } from './format';

type Step =
  | { step: 'idle' }
  | { step: 'reading'; file: File }
  | { step: 'chosen'; file: File; meta: PhotoMetadata }
  | { step: 'sending'; name: string; progress: UploadProgress }
  | { step: 'done'; name: string; size: number }
  | { step: 'failed'; name: string; reason: UploadFailure | 'strip_failed'; type: string | null };

const failureKey = {
  too_large: 'documents.too_large',
  refused_type: 'documents.refused_type',
  forbidden: 'documents.forbidden',
  closed: 'documents.closed',
  network: 'documents.network',
  unavailable: 'documents.unavailable',
  maybe_done: 'documents.maybe_done',
  cancelled: 'documents.cancelled',
  unexpected: 'documents.unexpected',
  strip_failed: 'documents.strip_failed',
} as const;

const percent = (p: UploadProgress) => (p.size ? Math.floor((p.sent / p.size) * 100) : 0);

/**
 * Share a file into a channel: pick it, see its photo location if it has one (and choose to take
 * it out), then a streamed, resumable upload with its progress; a refusal in plain words.
 */
export function ShareDocument({ channels, initial }: { channels: readonly Channel[]; initial: Channel }) {
  const { roomId } = useRoom();
  const [channel, setChannel] = useState<Channel>(channels.includes(initial) ? initial : channels[0]!);
  const [step, setStep] = useState<Step>({ step: 'idle' });
  const input = useRef<HTMLInputElement>(null);
  const abort = useRef<AbortController | null>(null);

  const choose = async (file: File | undefined) => {
    if (!file) return;
    setStep({ step: 'reading', file });
    const meta = file.type.startsWith('image/') || /\.(jpe?g|heic|heif|png|webp)$/i.test(file.name) ? await readPhotoMetadata(file) : { location: null, orientation: null, strippable: false };
    setStep({ step: 'chosen', file, meta });
  };

  const send = async (file: File, meta: PhotoMetadata, strip: boolean) => {
    let toSend: File = file;
    if (strip) {
      const stripped = await stripPhoto(file, meta.orientation);
      if (!stripped) return setStep({ step: 'failed', name: file.name, reason: 'strip_failed', type: null });
      toSend = stripped;
    }
    abort.current = new AbortController();
    setStep({ step: 'sending', name: toSend.name, progress: { sent: 0, size: toSend.size, state: 'sending' } });
    const outcome = await uploadFile(uploadHttp(roomId), toSend, channel, {
      signal: abort.current.signal,
      onProgress: (progress) => setStep({ step: 'sending', name: toSend.name, progress }),
    });
    abort.current = null;
    if (input.current) input.current.value = '';
    setStep(outcome.ok ? { step: 'done', name: outcome.document.name, size: outcome.document.size } : { step: 'failed', name: toSend.name, reason: outcome.reason, type: outcome.type });
  };

  const busy = step.step === 'sending' || step.step === 'reading';
  return (
    <div class="share stack" data-testid="document-share" data-step={step.step}>
      {channels.length > 1 && (
        <SelectField label={t('documents.channel')} value={channel} options={channels} labelOf={channelLabel} onChange={setChannel} testid="document-channel" />
      )}
      <label class="file-pick">
        {t('documents.pick')}
        <input ref={input} type="file" data-testid="document-file" disabled={busy} onChange={(e) => void choose(e.currentTarget.files?.[0])} />
      </label>
      <p class="muted small">{t('documents.accepted')}</p>

      {step.step === 'chosen' && (
        <div class="stack" data-testid="document-chosen">
          <p>
            <strong>{step.file.name}</strong> <span class="muted">{formatSize(step.file.size)}</span>
          </p>
          {step.meta.location ? (
            <div class="note warn" role="note" data-testid="photo-location">
              <p>{t('documents.locationFound', { lat: step.meta.location.latitude.toFixed(5), lon: step.meta.location.longitude.toFixed(5) })}</p>
              {!step.meta.strippable && <p>{t('documents.locationNotStrippable')}</p>}
              <div class="row-actions">
                {step.meta.strippable && (
                  <button type="button" data-testid="document-send-stripped" onClick={() => void send(step.file, step.meta, true)}>
                    {t('documents.sendStripped')}
                  </button>
                )}
                <button type="button" class="secondary" data-testid="document-send-with-location" onClick={() => void send(step.file, step.meta, false)}>
                  {t('documents.sendWithLocation')}
                </button>
              </div>
            </div>
          ) : (
            <div class="row-actions">
              <button type="button" data-testid="document-send" onClick={() => void send(step.file, step.meta, false)}>
                {t('documents.send', { channel: channelLabel(channel) })}
              </button>
            </div>
          )}
          <button type="button" class="link" data-testid="document-cancel-choice" onClick={() => setStep({ step: 'idle' })}>
            {t('common.cancel')}
          </button>
        </div>
      )}

      {(step.step === 'sending' || step.step === 'done') && (
        <div class="upload-progress" data-testid="upload-progress" data-state={step.step === 'done' ? 'done' : step.progress.state}>
          <p class="small">
            {step.name} ·{' '}
            {step.step === 'done'
              ? t('documents.uploaded')
              : step.progress.state === 'resuming'
                ? t('documents.resuming', { percent: percent(step.progress) })
                : t('documents.uploading', { percent: percent(step.progress) })}
          </p>
          <progress
            data-testid="upload-bar"
            max={step.step === 'done' ? step.size : step.progress.size}
            value={step.step === 'done' ? step.size : step.progress.sent}
            aria-label={t('documents.progress')}
          />
          {step.step === 'sending' && (
            <button type="button" class="secondary small" data-testid="upload-cancel" onClick={() => abort.current?.abort()}>
              {t('documents.cancelUpload')}
            </button>
          )}
        </div>
      )}

      {step.step === 'failed' && (
        <p class="error" role="alert" data-testid="upload-error" data-reason={step.reason}>
          {step.name}：{t(failureKey[step.reason], { type: step.type ?? '' })}
        </p>
      )}
    </div>
  );
}
