import { t } from '../../i18n/i18n';
import { TopBar } from '../common/TopBar';

export function HomeApp() {
  return (
    <>
      <TopBar title={t('app.name')} />
      <main class="page narrow">
        <section class="card">
          <h2>{t('home.partiesTitle')}</h2>
          <p>{t('home.parties')}</p>
        </section>
        <section class="card">
          <h2>{t('home.mediatorsTitle')}</h2>
          <p>
            <a class="button" href="/console" data-testid="home-console-link">
              {t('home.console')}
            </a>
          </p>
        </section>
      </main>
    </>
  );
}
