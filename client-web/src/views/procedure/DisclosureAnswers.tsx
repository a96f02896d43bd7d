import { t } from '../../i18n/i18n';
import { actionOpen } from '../../state/phases';
import type { Disclosure } from '../../state/procedure';
import { useName } from '../room/use-name';
import { RefusalText } from './RefusalText';
import { useAct } from './use-act';
import { useCase } from './use-case';

function DisclosureItem({ disclosure, canAnswer }: { disclosure: Disclosure; canAnswer: boolean }) {
  const view = useCase()!;
  const { busy, refused, run } = useAct();
  const name = useName(disclosure.mediator);
  const mine = disclosure.answers[view.you.id];
  const answer = (accept: boolean) => void run('disclosure.answer', { disclosure: disclosure.seq, accept });
  return (
    <li class="item" data-testid="disclosure-item" data-seq={disclosure.seq} data-conflict={String(disclosure.conflict)}>
      <p>
        <strong>{t(disclosure.conflict ? 'disclosure.conflictBy' : 'disclosure.noneBy', { name })}</strong>
      </p>
      <p class="quote">{disclosure.statement}</p>
      {disclosure.conflict && mine && (
        <p class="ok" data-testid="disclosure-answer">
          {t(mine.accept ? 'disclosure.youAccepted' : 'disclosure.youDeclined')}
        </p>
      )}
      {disclosure.conflict && !mine && (
        <>
          <p class="small">{t('disclosure.question')}</p>
          <div class="row-actions">
            <button type="button" data-testid="disclosure-accept" disabled={!canAnswer || busy} onClick={() => answer(true)}>
              {t('disclosure.accept')}
            </button>
            <button type="button" class="secondary" data-testid="disclosure-decline" disabled={!canAnswer || busy} onClick={() => answer(false)}>
              {t('disclosure.decline')}
            </button>
          </div>
          <RefusalText refused={refused} />
        </>
      )}
    </li>
  );
}

/** Each mediator's disclosure; a declared conflict asks this party whether mediation goes on. */
export function DisclosureAnswers() {
  const view = useCase();
  if (!view) return null;
  const { kase, procedure, you } = view;
  const shown = procedure.disclosures.filter((d) => kase.mediators.includes(d.mediator));
  if (shown.length === 0) return null;
  const canAnswer = Boolean(procedure.identity[you.id]) && actionOpen('disclosure.answer', kase.phase);
  return (
    <section class="sub" aria-labelledby="disclosures-title">
      <h3 id="disclosures-title">{t('disclosure.title')}</h3>
      <ul class="plain items" data-testid="disclosure-list">
        {shown.map((d) => (
          <DisclosureItem key={d.seq} disclosure={d} canAnswer={canAnswer} />
        ))}
      </ul>
    </section>
  );
}
