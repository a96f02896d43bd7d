import { useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import { actionOpen } from '../../state/phases';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { useName } from '../room/use-name';
import { ActForm } from './ActForm';
import { RefusalText } from './RefusalText';
import { TextField } from './TextField';
import { useAct } from './use-act';
import { PersonOption } from './PersonOption';
import { useCase } from './use-case';

function MediatorLine({ id, presiding }: { id: string; presiding: boolean }) {
  const view = useCase()!;
  const added = view.procedure.addedMediators[id];
  const name = useName(id);
  return (
    <li data-testid="team-mediator" data-participant-id={id} data-presiding={String(presiding)}>
      {added ? t('case.mediatorOf', { name, org: added.org }) : name}
      {presiding && <span class="tag">{t('team.presiding')}</span>}
    </li>
  );
}

function AddMediator() {
  const [login, setLogin] = useState('');
  const { busy, refused, run } = useAct();
  const valid = /^[a-z0-9._-]{1,64}$/.test(login.trim());
  return (
    <ActForm openLabel={t('team.add')} submitLabel={t('team.addSend')} testid="team-add" busy={busy} refused={refused} ready={valid} onSubmit={() => run('mediator.add', { login: login.trim() })}>
      <TextField label={t('team.login')} hint={t('team.loginHint')} value={login} onInput={setLogin} max={64} rows={1} required testid="team-login" />
    </ActForm>
  );
}


function HandPresiding({ others }: { others: string[] }) {
  const [to, setTo] = useState('');
  const [asking, setAsking] = useState(false);
  const { busy, refused, run } = useAct();
  const chosen = to || others[0]!;
  const name = useName(chosen);
  return (
    <div class="stack">
      <label>
        {t('team.handTo')}
        <select data-testid="team-hand-to" value={chosen} onChange={(e) => setTo(e.currentTarget.value)}>
          {others.map((id) => (
            <PersonOption key={id} id={id} />
          ))}
        </select>
      </label>
      <button type="button" class="secondary" data-testid="team-hand" disabled={busy} onClick={() => setAsking(true)}>
        {t('team.hand')}
      </button>
      <RefusalText refused={refused} />
      {asking && (
        <ConfirmDialog
          title={t('team.handTitle')}
          message={t('team.handMessage', { name })}
          confirm={t('team.hand')}
          onConfirm={() => {
            setAsking(false);
            void run('presiding.hand', { to: chosen });
          }}
          onCancel={() => setAsking(false)}
        />
      )}
    </div>
  );
}

/** The case's mediators (联合调解): add an assisting mediator by login, hand presiding over. */
export function MediatorTeam() {
  const view = useCase();
  if (!view) return null;
  const { kase, presiding } = view;
  const others = kase.mediators.filter((id) => id !== kase.presiding);
  return (
    <div class="stack">
      <ul class="plain" data-testid="team-list">
        {kase.mediators.map((id) => (
          <MediatorLine key={id} id={id} presiding={id === kase.presiding} />
        ))}
      </ul>
      {presiding && actionOpen('mediator.add', kase.phase) && <AddMediator />}
      {presiding && others.length > 0 && actionOpen('presiding.hand', kase.phase) && <HandPresiding others={others} />}
    </div>
  );
}
