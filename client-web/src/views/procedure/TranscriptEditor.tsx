import { useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import type { SideOrNull, TranscriptWriteArgs } from '../../protocol/types';
import { actionOpen } from '../../state/phases';
import { currentVersion, factAnswer, type TranscriptEntry } from '../../state/procedure';
import { personLabel } from '../common/labels';
import { entryKindLabel, entryKinds, entryNumber, sideLabel } from '../common/procedure-labels';
import { useRoom } from '../room/RoomContext';
import { RefusalText } from './RefusalText';
import { SelectField } from './SelectField';
import { TextField } from './TextField';
import { useAct } from './use-act';
import { useCase } from './use-case';

/** Each party's answer to a fact's current version. */
function Confirmations({ entry }: { entry: TranscriptEntry }) {
  const { model } = useRoom();
  const parties = [...model.people.value.values()].filter((p) => p.role === 'party');
  return (
    <ul class="plain small" data-testid="entry-confirmations">
      {parties.map((p) => {
        const answer = factAnswer(entry, p.id);
        return (
          <li key={p.id} data-testid="entry-confirmation" data-participant-id={p.id} data-answer={answer}>
            {personLabel(p)}：{t(`transcript.answer.${answer}`)}
            {answer === 'declined' && entry.confirmations[p.id]?.comment ? `（${entry.confirmations[p.id]!.comment}）` : ''}
          </li>
        );
      })}
    </ul>
  );
}

function EntryItem({ entry, onRevise, canWrite }: { entry: TranscriptEntry; onRevise(): void; canWrite: boolean }) {
  const v = currentVersion(entry);
  return (
    <li class="item" data-testid="transcript-entry" data-entry={entry.entry} data-version={v.version} data-kind={v.kind}>
      <p class="muted small">
        {t('transcript.entryHead', { entry: entryNumber(entry.entry), version: v.version, kind: entryKindLabel(v.kind), side: v.side ? sideLabel(v.side) : t('transcript.sideBoth') })}
      </p>
      <p class="quote">{v.text}</p>
      {v.kind === 'fact' && <Confirmations entry={entry} />}
      {canWrite && (
        <button type="button" class="link small" data-testid="transcript-revise" onClick={onRevise}>
          {t('transcript.revise')}
        </button>
      )}
    </li>
  );
}

const sideValue = (side: SideOrNull) => side ?? '';

/** The mediation record (调解笔录, 在线调解规则 art. 22): entries by kind and side, each revision a version. */
export function TranscriptEditor() {
  const view = useCase();
  const [revising, setRevising] = useState<string | null>(null);
  const [kind, setKind] = useState<TranscriptWriteArgs['kind']>('fact');
  const [side, setSide] = useState<SideOrNull>(null);
  const [text, setText] = useState('');
  const { busy, refused, run } = useAct();
  if (!view) return null;
  const canWrite = actionOpen('transcript.write', view.kase.phase);
  const entries = view.procedure.transcript;

  const revise = (entry: TranscriptEntry) => {
    const v = currentVersion(entry);
    setRevising(entry.entry);
    setKind(v.kind);
    setSide(v.side);
    setText(v.text);
  };
  const reset = () => {
    setRevising(null);
    setText('');
  };
  const submit = async () => {
    if (await run('transcript.write', { ...(revising ? { entry: revising } : {}), kind, side, text: text.trim() })) reset();
  };

  return (
    <div class="stack" data-testid="transcript-editor">
      {entries.length === 0 ? (
        <p class="muted">{t('transcript.empty')}</p>
      ) : (
        <ul class="plain items" data-testid="transcript-list">
          {entries.map((e) => (
            <EntryItem key={e.entry} entry={e} canWrite={canWrite} onRevise={() => revise(e)} />
          ))}
        </ul>
      )}
      {canWrite ? (
        <form
          class="stack act-form"
          data-testid="transcript-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <p class="small">
            <strong>{revising ? t('transcript.revising', { entry: entryNumber(revising) }) : t('transcript.new')}</strong>
          </p>
          <div class="field-row">
            <SelectField label={t('transcript.kind')} value={kind} options={entryKinds} labelOf={entryKindLabel} onChange={setKind} testid="transcript-kind" />
            <SelectField
              label={t('transcript.side')}
              value={sideValue(side)}
              options={['', 'A', 'B'] as const}
              labelOf={(v) => (v ? sideLabel(v) : t('transcript.sideBoth'))}
              onChange={(v) => setSide(v || null)}
              testid="transcript-side"
            />
          </div>
          <TextField label={t('transcript.text')} hint={kind === 'fact' ? t('transcript.factHint') : undefined} value={text} onInput={setText} max={4000} required testid="transcript-text" />
          <RefusalText refused={refused} />
          <div class="row-actions">
            <button type="submit" data-testid="transcript-send" disabled={busy || !text.trim()}>
              {t(revising ? 'transcript.saveRevision' : 'transcript.add')}
            </button>
            {revising && (
              <button type="button" class="secondary" onClick={reset}>
                {t('common.cancel')}
              </button>
            )}
          </div>
        </form>
      ) : (
        <p class="muted small">{t('transcript.readonly')}</p>
      )}
    </div>
  );
}
