import { t } from '../../i18n/i18n';
import { caseColumns, type CaseRow } from './case-columns';

/** The mediator's cases, newest first; choosing one opens its details. */
export function CaseList({ rows, selected, onSelect }: { rows: CaseRow[]; selected: string | null; onSelect(id: string): void }) {
  if (rows.length === 0) {
    return (
      <p class="muted" data-testid="rooms-empty">
        {t('cases.empty')}
      </p>
    );
  }
  return (
    <table class="cases" data-testid="rooms-list">
      <caption class="visually-hidden">{t('cases.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('cases.case')}</th>
          {caseColumns.map((c) => (
            <th key={c.id} scope="col" class={c.wideOnly ? 'wide-only' : ''}>
              {t(c.header)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.room.id} data-testid="room-item" data-room-id={row.room.id} aria-current={row.room.id === selected ? 'true' : undefined}>
            <th scope="row">
              <button type="button" class="link" data-testid="room-summary" onClick={() => onSelect(row.room.id)}>
                {row.room.title}
              </button>
            </th>
            {caseColumns.map((c) => (
              <td key={c.id} class={c.wideOnly ? 'wide-only' : ''}>
                {c.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
