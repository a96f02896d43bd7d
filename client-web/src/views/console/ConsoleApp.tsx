import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import { api } from '../../protocol/api';
import type { Mediator, Room } from '../../protocol/types';
import { TopBar } from '../common/TopBar';
import { CaseCreateForm } from './CaseCreateForm';
import { CaseDetail } from './CaseDetail';
import { CaseList } from './CaseList';
import type { CaseRow } from './case-columns';
import { forgetAllKept } from './kept-links';
import { LoginForm } from './LoginForm';

/** The mediator console: sign in, the case list, one case's details. */
export function ConsoleApp() {
  const [me, setMe] = useState<Mediator | null | undefined>(undefined);
  useEffect(() => {
    void api.me().then((r) => setMe(r.ok ? r.data.mediator : null));
  }, []);
  const logout = async () => {
    await api.logout();
    forgetAllKept();
    setMe(null);
  };
  return (
    <>
      <TopBar title={t('console.title')}>
        {me && (
          <>
            <span class="who" data-testid="me-name">
              {t('console.me', { name: me.name, org: me.org })}
            </span>
            <button type="button" class="secondary small" data-testid="logout-button" onClick={() => void logout()}>
              {t('console.logout')}
            </button>
          </>
        )}
      </TopBar>
      <main class="page wide">
        {me === null && <LoginForm onSignedIn={setMe} />}
        {me && <Cases />}
      </main>
    </>
  );
}

function Cases() {
  const [rows, setRows] = useState<CaseRow[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  const load = async () => {
    const r = await api.rooms();
    setRows(r.ok ? r.data.cases : []);
  };
  useEffect(() => void load(), []);

  const created = async (room: Room) => {
    setCreating(false);
    await load();
    setSelected(room.id);
  };

  const row = rows?.find((r) => r.room.id === selected);
  return (
    <div class="console-layout" data-testid="console-main">
      <section class="card" aria-labelledby="cases-title">
        <div class="card-head">
          <h2 id="cases-title">{t('cases.title')}</h2>
          <button type="button" data-testid="room-create-open" onClick={() => setCreating(true)}>
            {t('create.open')}
          </button>
        </div>
        {rows === null ? <p class="muted">{t('common.loading')}</p> : <CaseList rows={rows} selected={selected} onSelect={setSelected} />}
      </section>
      {creating && <CaseCreateForm onCreated={(room) => void created(room)} onCancel={() => setCreating(false)} />}
      {row && !creating && <CaseDetail room={row.room} kase={row.case} />}
    </div>
  );
}
