import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import { api } from '../../protocol/api';
import type { Contact, Inviter, JoinResponse } from '../../protocol/types';
import { browserStorage } from '../../storage';
import { saveInviter } from '../../state/inviter';
import { personLabel } from '../common/labels';
import { TopBar } from '../common/TopBar';

type State =
  | { step: 'working' }
  | { step: 'invited'; joined: JoinResponse; inviter: Inviter | null }
  | { step: 'failed'; reason: 'missing' | 'invalid' | 'expired' | 'revoked' | 'network' | 'failed'; contact: Contact | null };

/** The token is in the fragment, which the browser never sends; it goes to the server once, by POST. */
function takeToken(): string {
  const token = decodeURIComponent(location.hash.slice(1));
  // Out of the address bar and history, so it is not shared or bookmarked by accident.
  if (token) history.replaceState(null, '', location.pathname);
  return token;
}

async function join(token: string): Promise<State> {
  if (!token) return { step: 'failed', reason: 'missing', contact: null };
  const result = await api.join(token);
  if (result.ok) {
    const inviter = (result.data as JoinResponse & { mediator?: Inviter }).mediator ?? null;
    if (inviter) saveInviter(browserStorage('local'), result.data.room.id, inviter);
    return { step: 'invited', joined: result.data, inviter };
  }
  if (result.error === 'network') return { step: 'failed', reason: 'network', contact: null };
  if (result.error === 'expired' || result.error === 'revoked') return { step: 'failed', reason: result.error, contact: result.contact };
  if (result.status === 401 || result.status === 400 || result.status === 404) return { step: 'failed', reason: 'invalid', contact: null };
  return { step: 'failed', reason: 'failed', contact: null };
}

/** Joining by link: first who invites whom to what, then into the room. */
export function JoinApp() {
  const [token] = useState(takeToken);
  const [state, setState] = useState<State>({ step: 'working' });
  const attempt = () => {
    setState({ step: 'working' });
    void join(token).then(setState);
  };
  useEffect(attempt, []);

  return (
    <>
      <TopBar title={t('app.name')} />
      <main class="page narrow">
        {state.step === 'working' && (
          <section class="card" role="status" data-testid="join-status">
            {t('join.working')}
          </section>
        )}
        {state.step === 'invited' && <Invitation joined={state.joined} inviter={state.inviter} />}
        {state.step === 'failed' && (
          <section class="card" role="alert" data-testid="join-error" data-code={state.reason}>
            <h2>{t(`join.${state.reason}`)}</h2>
            <p>
              {state.contact
                ? t('ended.askContact', { mediator: state.contact.mediator, org: state.contact.org })
                : state.reason === 'network' || state.reason === 'failed'
                  ? t('join.tryAgain')
                  : t('ended.askMediator')}
            </p>
            {(state.reason === 'network' || state.reason === 'failed') && token && (
              <button type="button" data-testid="join-retry" onClick={attempt}>
                {t('common.retry')}
              </button>
            )}
          </section>
        )}
      </main>
    </>
  );
}

function Invitation({ joined, inviter }: { joined: JoinResponse; inviter: Inviter | null }) {
  const { room, participant } = joined;
  return (
    <section class="card invitation" data-testid="join-invitation">
      <p class="muted">{t('join.invitedTo')}</p>
      <h2 data-testid="join-case-title">{room.title}</h2>
      <dl class="facts">
        <dt>{t('case.field')}</dt>
        <dd>{room.field}</dd>
        {inviter && (
          <>
            <dt>{t('case.org')}</dt>
            <dd data-testid="join-org">{inviter.org}</dd>
            <dt>{t('case.invitedBy')}</dt>
            <dd data-testid="join-mediator">{inviter.name}</dd>
          </>
        )}
        <dt>{t('join.youAre')}</dt>
        <dd data-testid="join-you">{personLabel(participant)}</dd>
      </dl>
      <p class="muted small">{t('join.privacy')}</p>
      <a class="button block" href={`/r/${encodeURIComponent(room.id)}/`} data-testid="join-enter">
        {t('join.enter')}
      </a>
    </section>
  );
}
