import { useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import { api } from '../../protocol/api';
import type { Mediator } from '../../protocol/types';
import { ErrorText } from '../common/ErrorText';

export function LoginForm({ onSignedIn }: { onSignedIn(mediator: Mediator): void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    setBusy(true);
    const result = await api.login(String(data.get('login')), String(data.get('password')));
    setBusy(false);
    if (result.ok) return onSignedIn(result.data.mediator);
    setError(result.status === 401 ? 'login_failed' : result.error);
  };
  return (
    <section class="card narrow" data-testid="login-section">
      <h2>{t('login.title')}</h2>
      <form
        class="stack"
        data-testid="login-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit(e.currentTarget);
        }}
      >
        <label>
          {t('login.login')}
          <input name="login" autocomplete="username" required data-testid="login-login" />
        </label>
        <label>
          {t('login.password')}
          <input name="password" type="password" autocomplete="current-password" required data-testid="login-password" />
        </label>
        <button type="submit" data-testid="login-submit" disabled={busy}>
          {t('login.submit')}
        </button>
        {error === 'login_failed' ? (
          <p class="error" role="alert" data-testid="login-error">
            {t('login.failed')}
          </p>
        ) : (
          <ErrorText code={error} testid="login-error" />
        )}
      </form>
    </section>
  );
}
