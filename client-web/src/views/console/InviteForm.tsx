import { useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import type { InviteCreateRequest } from '../../protocol/types';
import type { NamedParty } from './kept-links';
import { roleLabel } from '../common/labels';

// Expiry choices in days (the server takes hours; PROTOCOL.md §2 default 168 = 7 days).
const expiryDays = [1, 3, 7, 14, 30];

/**
 * Invites one person: a party picked from the case's parties, or anyone else by name and role.
 * `create` answers with an error code or null.
 */
export function InviteForm({ parties, create }: { parties: NamedParty[]; create(request: InviteCreateRequest): Promise<string | null> }) {
  const [kind, setKind] = useState(parties.length ? `party:${parties[0]!.side}:${parties[0]!.name}` : 'party:A:');
  const [name, setName] = useState(parties[0]?.name ?? '');
  const [days, setDays] = useState(7);
  const [busy, setBusy] = useState(false);

  const choose = (value: string) => {
    setKind(value);
    setName(value.split(':')[2] ?? '');
  };

  const submit = async () => {
    const [role, side] = kind.split(':') as ['party' | 'advisor' | 'observer', 'A' | 'B' | undefined];
    const request: InviteCreateRequest = { role, name: name.trim(), ttl_hours: days * 24 };
    if (role === 'party') request.side = side!;
    setBusy(true);
    const error = await create(request);
    setBusy(false);
    if (!error) setName('');
  };

  return (
    <form
      class="invite-form"
      data-testid="invite-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label>
        {t('invite.who')}
        <select data-testid="invite-role-select" value={kind} onChange={(e) => choose(e.currentTarget.value)}>
          {parties.map((p) => (
            <option key={`${p.side}${p.name}`} value={`party:${p.side}:${p.name}`}>
              {t('person.label', { name: p.name, role: roleLabel('party', p.side) })}
            </option>
          ))}
          <option value="party:A:">{t('invite.otherPartyA')}</option>
          <option value="party:B:">{t('invite.otherPartyB')}</option>
          <option value="advisor">{t('role.advisor')}</option>
          <option value="observer">{t('role.observer')}</option>
        </select>
      </label>
      <label>
        {t('invite.name')}
        <input data-testid="invite-name-input" required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        {t('invite.expiry')}
        <select data-testid="invite-expiry-select" value={String(days)} onChange={(e) => setDays(Number(e.currentTarget.value))}>
          {expiryDays.map((d) => (
            <option key={d} value={String(d)}>
              {t('invite.days', { days: d })}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" data-testid="invite-create-submit" disabled={busy}>
        {t('invite.create')}
      </button>
    </form>
  );
}
