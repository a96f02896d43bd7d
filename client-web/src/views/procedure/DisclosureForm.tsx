import { useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import { actionOpen } from '../../state/phases';
import { disclosureOf, type Disclosure } from '../../state/procedure';
import { personLabel } from '../common/labels';
import { useRoom } from '../room/RoomContext';
import { ActForm } from './ActForm';
import { TextField } from './TextField';
import { useAct } from './use-act';
import { useCase } from './use-case';

/** Each party's answer to a declared conflict. */
function Answers({ disclosure }: { disclosure: Disclosure }) {
  const { model } = useRoom();
  const parties = [...model.people.value.values()].filter((p) => p.role === 'party');
  return (
    <ul class="plain small" data-testid="disclosure-answers">
      {parties.map((p) => {
        const a = disclosure.answers[p.id];
        return (
          <li key={p.id}>
            {personLabel(p)}：{a ? t(a.accept ? 'disclosure.accepted' : 'disclosure.declined') : t('disclosure.unanswered')}
          </li>
        );
      })}
    </ul>
  );
}

/** The mediator's own disclosure (在线调解规则 arts. 13–14): none, or what could affect fairness. */
export function DisclosureForm() {
  const view = useCase();
  const [conflict, setConflict] = useState(false);
  const [statement, setStatement] = useState('');
  const { busy, refused, run } = useAct();
  if (!view) return null;
  const mine = disclosureOf(view.procedure, view.you.id);
  const text = statement || (conflict ? '' : t('disclosure.noneDefault'));
  return (
    <div class="stack" data-testid="disclosure-panel">
      {mine ? (
        <div data-testid="my-disclosure" data-conflict={String(mine.conflict)}>
          <p>
            <strong>{t(mine.conflict ? 'disclosure.youDisclosed' : 'disclosure.youDeclaredNone')}</strong>
          </p>
          <p class="quote">{mine.statement}</p>
          {mine.conflict && <Answers disclosure={mine} />}
        </div>
      ) : (
        <p class="note" data-testid="disclosure-missing">{t('disclosure.missing')}</p>
      )}
      {actionOpen('disclosure.make', view.kase.phase) && (
        <ActForm
          openLabel={t(mine ? 'disclosure.again' : 'disclosure.make')}
          submitLabel={t('disclosure.send')}
          testid="disclosure"
          busy={busy}
          refused={refused}
          ready={Boolean(text.trim())}
          onSubmit={() => run('disclosure.make', { conflict, statement: text.trim() })}
        >
          <fieldset>
            <legend>{t('disclosure.kind')}</legend>
            <label class="choice">
              <input type="radio" name="disclosure-kind" checked={!conflict} data-testid="disclosure-none" onChange={() => setConflict(false)} />
              {t('disclosure.none')}
            </label>
            <label class="choice">
              <input type="radio" name="disclosure-kind" checked={conflict} data-testid="disclosure-conflict" onChange={() => setConflict(true)} />
              {t('disclosure.conflict')}
            </label>
          </fieldset>
          <TextField label={t('disclosure.statement')} hint={conflict ? t('disclosure.conflictHint') : undefined} value={text} onInput={setStatement} max={2000} required testid="disclosure-statement" />
        </ActForm>
      )}
    </div>
  );
}
