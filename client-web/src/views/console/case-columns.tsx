// The columns of the case list, in order. The procedure issue adds the phase and the deadline here.
import type { ComponentChild } from 'preact';
import { formatDateTime, t } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/catalogue';
import type { Participant, Room } from '../../protocol/types';
import { personLabel } from '../common/labels';

export interface CaseRow {
  room: Room;
  /** From GET /api/rooms/<room>, once loaded. */
  participants: Participant[] | null;
}

export interface CaseColumn {
  id: string;
  header: MessageKey;
  cell(row: CaseRow): ComponentChild;
  /** Hidden on a narrow screen. */
  wideOnly?: boolean;
}

export const caseColumns: CaseColumn[] = [
  { id: 'field', header: 'cases.field', cell: ({ room }) => room.field },
  {
    id: 'parties',
    header: 'cases.parties',
    cell: ({ participants }) =>
      participants === null
        ? '…'
        : participants
            .filter((p) => p.role === 'party')
            .map(personLabel)
            .join(t('list.separator')) || t('cases.noParties'),
  },
  { id: 'created', header: 'cases.created', cell: ({ room }) => formatDateTime(room.created_at), wideOnly: true },
];
