// The side panel's sections, in order, each for the roles and moments it serves. Later issues add
// theirs here (documents, agreement drafts) without touching the layout.
import type { FunctionComponent } from 'preact';
import type { MessageKey } from '../../i18n/catalogue';
import type { RoomModel } from '../../state/room-model';
import { CaseSummary } from './CaseSummary';
import { CaucusControls } from '../procedure/CaucusControls';
import { DisclosureForm } from '../procedure/DisclosureForm';
import { LegalExplainForm } from '../procedure/LegalExplainForm';
import { MediatorTeam } from '../procedure/MediatorTeam';
import { PartyActions } from '../procedure/PartyActions';
import { PartyChecklist } from '../procedure/PartyChecklist';
import { PersonalStatusNote } from '../procedure/PersonalStatusNote';
import { PhaseControls } from '../procedure/PhaseControls';
import { PhaseSummary } from '../procedure/PhaseSummary';
import { RecusalDecisions } from '../procedure/RecusalDecisions';
import { TranscriptEditor } from '../procedure/TranscriptEditor';
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

const role = (model: RoomModel) => model.welcome.value?.you.role;
const hasCase = (model: RoomModel) => model.caseState.value !== null;
const mediator = (model: RoomModel) => hasCase(model) && role(model) === 'mediator';

export const sideWidgets: SideWidget[] = [
  { id: 'case', title: 'side.case', Component: CaseSummary },
  { id: 'personal-status', title: 'side.personalStatus', Component: PersonalStatusNote, visible: (m) => Boolean(m.caseState.value?.personal_status) },
  { id: 'phase', title: 'side.phase', Component: PhaseSummary, visible: hasCase },
  { id: 'controls', title: 'side.controls', Component: PhaseControls, visible: (m) => mediator(m) && !m.closed.value },
  { id: 'party', title: 'side.party', Component: PartyActions, visible: (m) => hasCase(m) && role(m) === 'party' },
  { id: 'checklist', title: 'side.checklist', Component: PartyChecklist, visible: mediator },
  { id: 'disclosure', title: 'side.disclosure', Component: DisclosureForm, visible: mediator },
  { id: 'recusals', title: 'side.recusals', Component: RecusalDecisions, visible: (m) => mediator(m) && m.procedure.value.recusals.length > 0 },
  { id: 'caucus', title: 'side.caucus', Component: CaucusControls, visible: mediator },
  { id: 'transcript', title: 'side.transcript', Component: TranscriptEditor, visible: mediator },
  { id: 'team', title: 'side.team', Component: MediatorTeam, visible: mediator },
  // 以案释法 only while the advisor is in the joint room (PROTOCOL.md §6).
  { id: 'legal', title: 'side.legal', Component: LegalExplainForm, visible: (m) => role(m) === 'advisor' && m.writable.value.has('main') && !m.closed.value },
  { id: 'people', title: 'side.online', Component: PeopleList },
  { id: 'record', title: 'side.record', Component: RecordStatus },
  { id: 'notify', title: 'side.notify', Component: NotificationToggle, visible: () => typeof Notification !== 'undefined' },
];
