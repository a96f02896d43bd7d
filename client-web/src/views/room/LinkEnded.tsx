import { t } from '../../i18n/i18n';
import type { LinkProblem } from '../../state/room-model';

/** The session is over: say why and whom to ask. Nothing of the room stays on screen. */
export function LinkEnded({ problem, mediator }: { problem: LinkProblem; mediator: boolean }) {
  const { contact } = problem;
  if (problem.reason === 'recused') {
    return (
      <main class="page narrow" data-testid="link-ended" data-reason="recused">
        <section class="card" role="alert">
          <h2>{t('ended.recused')}</h2>
          <p>
            <a class="button" href="/console">
              {t('ended.toConsole')}
            </a>
          </p>
        </section>
      </main>
    );
  }
  return (
    <main class="page narrow" data-testid="link-ended" data-reason={problem.reason}>
      <section class="card" role="alert">
        <h2>{mediator ? t('ended.mediatorTitle') : t(`ended.${problem.reason}`)}</h2>
        {mediator ? (
          <p>
            <a class="button" href="/console">
              {t('ended.signIn')}
            </a>
          </p>
        ) : (
          <p data-testid="ended-contact">
            {contact ? t('ended.askContact', { mediator: contact.mediator, org: contact.org }) : t('ended.askMediator')}
          </p>
        )}
      </section>
    </main>
  );
}
