// The columns of the case list, in order, each with how it sorts.
import type { ComponentChild } from 'preact';
import { formatDateTime, t } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/catalogue';
import type { CaseListing } from '../../protocol/types';
import { runningDeadline } from '../../state/deadlines';
import { mainLine } from '../../state/phases';
import { phaseLabel, sideLabel } from '../common/procedure-labels';

export type CaseRow = CaseListing;

export interface CaseColumn {
  id: string;
  header: MessageKey;
  cell(row: CaseRow): ComponentChild;
  /** What the column sorts by (ascending); null sorts last. */
  sortKey(row: CaseRow): string | number | null;
  /** Hidden on a narrow screen. */
  wideOnly?: boolean;
}

function DeadlineCell({ row }: { row: CaseRow }) {
  const due = runningDeadline(row.case, Date.now());
  if (!due) return <span class="muted">–</span>;
  const late = due.days < 0 || (due.kind === 'followup' && due.days === 0);
  const text =
    due.kind === 'confirmation'
      ? t(due.days < 0 ? 'cases.confirmationPassed' : 'cases.confirmationLeft', { days: Math.abs(due.days) })
      : due.days <= 0
        ? t('cases.followupDue')
        : t('cases.followupLeft', { days: due.days });
  return (
    <span class={late ? 'deadline late' : 'deadline'} data-testid="case-deadline" data-kind={due.kind} data-days-left={due.days}>
      {text}
    </span>
  );
}

export const caseColumns: CaseColumn[] = [
  { id: 'field', header: 'cases.field', cell: ({ room }) => room.field, sortKey: ({ room }) => room.field },
  {
    id: 'phase',
    header: 'cases.phase',
    cell: ({ case: c }) => (
      <>
        <span class="phase-chip" data-phase={c.phase} data-testid="case-phase">
          {phaseLabel(c.phase)}
        </span>
        {/* 赋强公证: the agreement has an item its debtor consented to have enforced. */}
        {c.enforceable_items.length > 0 && (
          <span class="route-chip" data-testid="case-notarisation" data-items={c.enforceable_items.join(',')}>
            {t('console.notarisation')}
          </span>
        )}
      </>
    ),
    sortKey: ({ case: c }) => (c.phase === 'suspended' ? mainLine.indexOf(c.suspended_from ?? 'intake') + 0.5 : mainLine.indexOf(c.phase)),
  },
  {
    id: 'parties',
    header: 'cases.parties',
    cell: ({ parties }) => parties.map((p) => t('person.label', { name: p.name, role: sideLabel(p.side) })).join(t('list.separator')) || t('cases.noParties'),
    sortKey: ({ parties }) => parties[0]?.name ?? null,
  },
  { id: 'deadline', header: 'cases.deadline', cell: (row) => <DeadlineCell row={row} />, sortKey: (row) => runningDeadline(row.case, Date.now())?.days ?? null },
  { id: 'activity', header: 'cases.lastActivity', cell: ({ last_activity }) => formatDateTime(last_activity), sortKey: (row) => -row.last_activity, wideOnly: true },
];
