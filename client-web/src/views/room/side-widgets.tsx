// The side panel's sections, in order. Later issues add theirs here (the procedure's phase and
// notice of rights, identity checks, documents, agreement drafts) without touching the layout.
import type { FunctionComponent } from 'preact';
import type { MessageKey } from '../../i18n/catalogue';
import type { RoomModel } from '../../state/room-model';
import { CaseSummary } from './CaseSummary';
import { NotificationToggle } from './NotificationToggle';
import { PeopleList } from './PeopleList';
import { RecordStatus } from './RecordStatus';

export interface SideWidget {
  id: string;
  title: MessageKey;
  Component: FunctionComponent;
  /** Shown only when this says so (e.g. for one role or phase). */
  visible?: (model: RoomModel) => boolean;
}

export const sideWidgets: SideWidget[] = [
  { id: 'case', title: 'side.case', Component: CaseSummary },
  { id: 'people', title: 'side.online', Component: PeopleList },
  { id: 'record', title: 'side.record', Component: RecordStatus },
  { id: 'notify', title: 'side.notify', Component: NotificationToggle, visible: () => typeof Notification !== 'undefined' },
];
