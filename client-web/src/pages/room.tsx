// /r/<room>/: the room. The session owns the connection and the model; the view only reads it.
import { followLanguage, t } from '../i18n/i18n';
import { RoomSession } from '../state/room-session';
import { mount } from '../views/common/mount';
import { RoomApp } from '../views/room/RoomApp';
import { watchAttention } from '../views/room/attention';

const roomId = decodeURIComponent(location.pathname.match(/^\/r\/([^/]+)\//)?.[1] ?? '');
const session = new RoomSession(roomId);
const roomTitle = () => {
  const title = session.model.welcome.value?.room.title;
  return title ? `${title} · ${t('app.name')}` : t('app.name');
};
followLanguage(watchAttention(session, roomTitle));
mount(<RoomApp session={session} />);
session.start();
