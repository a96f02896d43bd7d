import { t } from '../../i18n/i18n';
import type { Field, Phase } from '../../protocol/types';
import { mainLine } from '../../state/phases';
import { phaseLabel } from '../common/procedure-labels';

export interface Filter {
  phase: Phase | '';
  field: Field | '';
}

/** Narrow the case list by phase and by field (only the fields the mediator has cases in). */
export function CaseFilters({ filter, fields, onChange }: { filter: Filter; fields: readonly Field[]; onChange(filter: Filter): void }) {
  return (
    <div class="filters" data-testid="case-filters">
      <label>
        {t('cases.filterPhase')}
        <select data-testid="filter-phase" value={filter.phase} onChange={(e) => onChange({ ...filter, phase: e.currentTarget.value as Phase | '' })}>
          <option value="">{t('cases.all')}</option>
          {[...mainLine, 'suspended' as const].map((p) => (
            <option key={p} value={p}>
              {phaseLabel(p)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('cases.filterField')}
        <select data-testid="filter-field" value={filter.field} onChange={(e) => onChange({ ...filter, field: e.currentTarget.value as Field | '' })}>
          <option value="">{t('cases.all')}</option>
          {fields.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
