import { useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import type { Field } from '../../protocol/types';
import { CaseFilters, type Filter } from './CaseFilters';
import { caseColumns, type CaseColumn, type CaseRow } from './case-columns';

interface Sort {
  column: string;
  descending: boolean;
}

function compare(column: CaseColumn, descending: boolean) {
  return (a: CaseRow, b: CaseRow) => {
    const x = column.sortKey(a);
    const y = column.sortKey(b);
    // Rows without a value go last whichever way the column sorts.
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-CN');
    return descending ? -order : order;
  };
}

/** The mediator's cases: filter by phase and field, sort by any column; choosing one opens it. */
export function CaseList({ rows, selected, onSelect }: { rows: CaseRow[]; selected: string | null; onSelect(id: string): void }) {
  const [filter, setFilter] = useState<Filter>({ phase: '', field: '' });
  const [sort, setSort] = useState<Sort>({ column: 'activity', descending: false });
  if (rows.length === 0) {
    return (
      <p class="muted" data-testid="rooms-empty">
        {t('cases.empty')}
      </p>
    );
  }
  const fields = [...new Set(rows.map((r) => r.room.field))].sort() as Field[];
  const column = caseColumns.find((c) => c.id === sort.column) ?? caseColumns[0]!;
  const shown = rows.filter((r) => (!filter.phase || r.case.phase === filter.phase) && (!filter.field || r.room.field === filter.field)).sort(compare(column, sort.descending));
  const sortBy = (id: string) => setSort(sort.column === id ? { column: id, descending: !sort.descending } : { column: id, descending: false });
  return (
    <>
      <CaseFilters filter={filter} fields={fields} onChange={setFilter} />
      <p class="muted small" role="status" data-testid="cases-count">
        {t('cases.count', { count: shown.length })}
      </p>
      {shown.length === 0 ? (
        <p class="muted" data-testid="rooms-none-match">
          {t('cases.noneMatch')}
        </p>
      ) : (
        <table class="cases" data-testid="rooms-list">
          <caption class="visually-hidden">{t('cases.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('cases.case')}</th>
              {caseColumns.map((c) => (
                <th
                  key={c.id}
                  scope="col"
                  class={c.wideOnly ? 'wide-only' : ''}
                  aria-sort={sort.column === c.id ? (sort.descending ? 'descending' : 'ascending') : undefined}
                >
                  <button type="button" class="sort" data-testid={`sort-${c.id}`} title={t('cases.sortBy', { column: t(c.header) })} onClick={() => sortBy(c.id)}>
                    {t(c.header)}
                    <span aria-hidden="true">{sort.column === c.id ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.room.id} data-testid="room-item" data-room-id={row.room.id} data-phase={row.case.phase} aria-current={row.room.id === selected ? 'true' : undefined}>
                <th scope="row">
                  <button type="button" class="link" data-testid="room-summary" onClick={() => onSelect(row.room.id)}>
                    {row.room.title}
                  </button>
                </th>
                {caseColumns.map((c) => (
                  <td key={c.id} class={c.wideOnly ? 'wide-only' : ''} data-label={t(c.header)}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
