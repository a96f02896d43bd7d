import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import { actionOpen } from '../../state/phases';
import { currentVersion, factAnswer, facts, type TranscriptEntry } from '../../state/procedure';
import { entryHash } from '../../state/text-hashes';
import { entryNumber } from '../common/procedure-labels';
import { TextField } from './TextField';
import { RefusalText } from './RefusalText';
import { useAct } from './use-act';
import { useCase } from './use-case';

/** The browser's own hash of the version shown equals the one the server recorded (or not yet known). */
function useHashMatches(entry: TranscriptEntry): boolean | null {
  const v = currentVersion(entry);
  const [ok, setOk] = useState<boolean | null>(null);
  useEffect(() => {
    let current = true;
    setOk(null);
    void entryHash(v).then((hash) => current && setOk(hash === v.sha256));
    return () => {
      current = false;
    };
  }, [v.sha256, v.text]);
  return ok;
}

function FactItem({ entry, canAnswer }: { entry: TranscriptEntry; canAnswer: boolean }) {
  const view = useCase()!;
  const v = currentVersion(entry);
  const answer = factAnswer(entry, view.you.id);
  const hashOk = useHashMatches(entry);
  const [declining, setDeclining] = useState(false);
  const [comment, setComment] = useState('');
  const { busy, refused, run } = useAct();
  const send = async (confirm: boolean) => {
    const ok = await run('facts.confirm', { entry: entry.entry, version: v.version, sha256: v.sha256, confirm, ...(comment ? { comment } : {}) });
    if (ok) setDeclining(false);
  };
  const open = answer === 'open' || answer === 'outdated';
  const disabled = !canAnswer || busy || hashOk !== true;
  return (
    <li class="item" data-testid="fact-item" data-entry={entry.entry} data-version={v.version} data-answer={answer} data-hash-ok={String(hashOk)}>
      <p class="muted small">{t('facts.entry', { entry: entryNumber(entry.entry), version: v.version })}</p>
      <p class="quote" data-testid="fact-text">{v.text}</p>
      {answer === 'confirmed' && <p class="ok">{t('facts.youConfirmed')}</p>}
      {answer === 'declined' && <p class="ok">{t('facts.youDeclined')}</p>}
      {answer === 'outdated' && <p class="small">{t('facts.revised')}</p>}
      {hashOk === false && (
        <p class="error" role="alert" data-testid="fact-hash-mismatch">
          {t('facts.hashMismatch')}
        </p>
      )}
      {open && !declining && (
        <div class="row-actions">
          <button type="button" data-testid="fact-confirm" disabled={disabled} onClick={() => void send(true)}>
            {t('facts.confirm')}
          </button>
          <button type="button" class="secondary" data-testid="fact-decline" disabled={disabled} onClick={() => setDeclining(true)}>
            {t('facts.decline')}
          </button>
        </div>
      )}
      {open && declining && (
        <form
          class="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void send(false);
          }}
        >
          <TextField label={t('facts.comment')} value={comment} onInput={setComment} max={500} rows={2} testid="fact-comment" />
          <div class="row-actions">
            <button type="submit" data-testid="fact-decline-send" disabled={disabled}>
              {t('facts.declineSend')}
            </button>
            <button type="button" class="secondary" onClick={() => setDeclining(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      <RefusalText refused={refused} />
    </li>
  );
}

/** The undisputed facts of the mediation record, each for this party to confirm or decline. */
export function FactConfirmations() {
  const view = useCase();
  if (!view) return null;
  const list = facts(view.procedure);
  if (list.length === 0) return null;
  const canAnswer = Boolean(view.procedure.identity[view.you.id]) && actionOpen('facts.confirm', view.kase.phase);
  return (
    <section class="sub" aria-labelledby="facts-title">
      <h3 id="facts-title">{t('facts.title')}</h3>
      <p class="muted small">{t('facts.intro')}</p>
      <ul class="plain items" data-testid="fact-list">
        {list.map((entry) => (
          <FactItem key={entry.entry} entry={entry} canAnswer={canAnswer} />
        ))}
      </ul>
    </section>
  );
}
