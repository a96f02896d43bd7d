import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import type { RoomSession } from '../../state/room-session';
import { TopBar } from '../common/TopBar';
import { NoticeGate } from '../procedure/NoticeGate';
import { ProcedureBar } from '../procedure/ProcedureBar';
import { ChannelPane } from './ChannelPane';
import { ChannelTabs } from './ChannelTabs';
import { ConnectionBanner } from './ConnectionBanner';
import { ConnectionPill } from './ConnectionPill';
import { LinkEnded } from './LinkEnded';
import { NoticeBanner } from './NoticeBanner';
import { RecordWarning } from './RecordWarning';
import { RoomContext, useRoom } from './RoomContext';
import { SidePanel } from './SidePanel';

// Wide enough for four channels side by side.
const sideBySideQuery = '(min-width: 1200px)';

function useWide(): boolean {
  const [wide, setWide] = useState(() => matchMedia(sideBySideQuery).matches);
  useEffect(() => {
    const query = matchMedia(sideBySideQuery);
    const onChange = () => setWide(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return wide;
}

function Chat() {
  const session = useRoom();
  const { model } = session;
  const channels = model.readable.value;
  const wide = useWide();
  const sideBySide = wide && model.sideBySide.value && channels.length > 1;
  const active = model.active.value;

  // Before the first welcome, with no history kept from before, there is nothing to show or write to.
  void model.version.value; // the kept history shows before the welcome
  if (!model.welcome.value && model.timeline.all().length === 0) {
    return (
      <main class="chat" data-testid="chat">
        <p class="connecting muted" data-testid="room-connecting" role="status">
          {t('room.connecting')}
        </p>
      </main>
    );
  }
  return (
    <main class="chat" data-testid="chat">
      {channels.length > 1 && (
        <div class="tabs-bar">
          {!sideBySide && <ChannelTabs channels={channels} />}
          {wide && (
            <button type="button" class="secondary small layout-toggle" data-testid="layout-toggle" aria-pressed={sideBySide} onClick={() => (model.sideBySide.value = !model.sideBySide.value)}>
              {t(sideBySide ? 'layout.tabs' : 'layout.sideBySide')}
            </button>
          )}
        </div>
      )}
      <div class={sideBySide ? 'panes side-by-side' : 'panes'}>
        {sideBySide
          ? channels.map((channel) => <ChannelPane key={channel} channel={channel} titled />)
          : active && <ChannelPane key={active} channel={active} titled={false} />}
      </div>
    </main>
  );
}


export function RoomApp({ session }: { session: RoomSession }) {
  const { model } = session;
  const [details, setDetails] = useState(false);
  const [noticeLater, setNoticeLater] = useState(false);
  const welcome = model.welcome.value;
  // A party reads and acknowledges the notice before anything else, unless they put it off.
  const noticeDue = model.noticeDue.value === true;
  const showTodo = () => {
    setDetails(true);
    // Once the sheet is shown (on a phone it is hidden until opened).
    requestAnimationFrame(() => document.getElementById('side-party')?.scrollIntoView({ block: 'start' }));
  };
  const problem = model.linkProblem.value;
  const title = welcome?.room.title ?? t('app.name');
  return (
    <RoomContext.Provider value={session}>
      <div class="room-page">
        <TopBar title={problem ? t('app.name') : title}>
          {!problem && <ConnectionPill />}
          {!problem && (
            <button type="button" class="secondary small details-toggle" data-testid="details-toggle" aria-expanded={details} aria-controls="room-details" onClick={() => setDetails(!details)}>
              {t('side.toggle')}
            </button>
          )}
        </TopBar>
        <RecordWarning />
        {problem ? (
          <LinkEnded problem={problem} mediator={welcome?.you.role === 'mediator'} />
        ) : (
          <>
            <ConnectionBanner />
            <NoticeBanner />
            <ProcedureBar noticeShown={noticeDue && !noticeLater} onNotice={() => setNoticeLater(false)} onTodo={showTodo} />
            <div class="room-layout">
              {noticeDue && !noticeLater ? <NoticeGate onLater={() => setNoticeLater(true)} /> : <Chat />}
              <SidePanel open={details} onClose={() => setDetails(false)} />
            </div>
          </>
        )}
      </div>
    </RoomContext.Provider>
  );
}
