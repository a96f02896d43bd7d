import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import { api } from '../../protocol/api';
import type { Field, Room } from '../../protocol/types';
import { ErrorText } from '../common/ErrorText';
import { keepParties, type NamedParty } from './kept-links';

function names(text: string, side: 'A' | 'B'): NamedParty[] {
  return text
    .split(/[,，、;；\n]/)
    .map((name) => name.trim())
    .filter(Boolean)
    .map((name) => ({ side, name }));
}

export function CaseCreateForm({ onCreated, onCancel }: { onCreated(room: Room): void; onCancel(): void }) {
  const [fields, setFields] = useState<Field[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api.fields().then((r) => r.ok && setFields(r.data.fields));
  }, []);
  const submit = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const parties = [...names(String(data.get('partyA')), 'A'), ...names(String(data.get('partyB')), 'B')];
    const result = await api.createRoom({ title: String(data.get('title')).trim(), field: String(data.get('field')) as Field, parties });
    if (!result.ok) return setError(result.error);
    keepParties(result.data.room.id, parties);
    onCreated(result.data.room);
  };
  return (
    <section class="card" data-testid="room-create">
      <h2>{t('create.title')}</h2>
      <form
        class="stack"
        data-testid="room-create-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit(e.currentTarget);
        }}
      >
        <label>
          {t('create.name')}
          <input name="title" required maxLength={300} data-testid="room-title-input" />
        </label>
        <label>
          {t('create.field')}
          <select name="field" required data-testid="room-field-select">
            {fields.map((field) => (
              <option key={field} value={field}>
                {field}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('create.partyA')}
          <input name="partyA" data-testid="room-party-a-input" aria-describedby="parties-hint" />
        </label>
        <label>
          {t('create.partyB')}
          <input name="partyB" data-testid="room-party-b-input" aria-describedby="parties-hint" />
        </label>
        <p id="parties-hint" class="muted small">
          {t('create.partiesHint')}
        </p>
        <div class="row-actions">
          <button type="submit" data-testid="room-create-submit">
            {t('create.submit')}
          </button>
          <button type="button" class="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
        <ErrorText code={error} testid="room-create-error" />
      </form>
    </section>
  );
}
