import { useState } from 'preact/hooks';
import { lang, t } from '../../i18n/i18n';
import { diffDrafts, sameDraft, type FieldDiff } from '../../agreement/draft-diff';
import type { DraftVersion } from '../../state/agreement';
import type { MessageKey } from '../../i18n/catalogue';

const fieldKeys: Record<FieldDiff['field'], MessageKey> = {
  title: 'draft.title',
  party: 'diff.party',
  facts: 'draft.facts',
  issues: 'draft.issues',
  responsibilities: 'draft.responsibilities',
  item: 'diff.item',
  way: 'draft.way',
  place: 'draft.place',
  deadline: 'draft.deadline',
  copies: 'draft.copies',
  notes: 'draft.notes',
};

const statusKeys = { changed: 'diff.changed', added: 'diff.added', removed: 'diff.removed', same: 'diff.same' } as const;

function FieldChange({ f }: { f: FieldDiff }) {
  return (
    <li class={`diff-field ${f.status}`} data-testid="diff-field" data-key={f.key} data-status={f.status}>
      <div class="small">
        <strong>{t(fieldKeys[f.field], { n: f.index ?? '' })}</strong> <span class="muted">{t(statusKeys[f.status])}</span>
      </div>
      <p class="card-text diff-text">
        {f.parts.map((p, i) =>
          p.change === 'added' ? (
            <ins key={i}>{p.text}</ins>
          ) : p.change === 'removed' ? (
            <del key={i}>{p.text}</del>
          ) : (
            <span key={i}>{p.text}</span>
          ),
        )}
      </p>
    </li>
  );
}

/** Two versions side by side in one text: what was taken out struck through, what came in marked. */
export function DiffView({ versions }: { versions: readonly DraftVersion[] }) {
  const last = versions.length;
  const [from, setFrom] = useState(Math.max(1, last - 1));
  const [to, setTo] = useState(last);
  const [all, setAll] = useState(false);
  if (last < 2) return <p class="muted small">{t('diff.needTwo')}</p>;
  const a = versions[from - 1];
  const b = versions[to - 1];
  const diff = a && b ? diffDrafts(a.draft, b.draft, lang.value) : [];
  const shown = all ? diff : diff.filter((f) => f.status !== 'same');
  const pick = (value: number, set: (n: number) => void, testid: string, label: string) => (
    <label>
      {label}
      <select data-testid={testid} value={value} onChange={(e) => set(Number(e.currentTarget.value))}>
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            {t('agreement.versionN', { version: v.version })}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div class="diff stack" data-testid="draft-diff" data-from={from} data-to={to}>
      <div class="row-actions">
        {pick(from, setFrom, 'diff-from', t('diff.from'))}
        {pick(to, setTo, 'diff-to', t('diff.to'))}
        <label class="small inline">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} data-testid="diff-all" /> {t('diff.showAll')}
        </label>
      </div>
      {sameDraft(diff) ? (
        <p class="muted" data-testid="diff-same">{t('diff.none')}</p>
      ) : (
        <ul class="plain diff-list">
          {shown.map((f) => (
            <FieldChange key={f.key} f={f} />
          ))}
        </ul>
      )}
    </div>
  );
}
