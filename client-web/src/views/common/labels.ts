// How roles, people and channels are named on screen (PROTOCOL.md §1, DESIGN §3).
import { t } from '../../i18n/i18n';
import type { Channel, Person, Role, SideOrNull } from '../../protocol/types';

export function roleLabel(role: Role, side: SideOrNull): string {
  if (role === 'party') return t(side === 'B' ? 'role.partyB' : 'role.partyA');
  return t(`role.${role}`);
}

export function personLabel(person: Pick<Person, 'name' | 'role' | 'side'>): string {
  return t('person.label', { name: person.name, role: roleLabel(person.role, person.side) });
}

export function channelLabel(channel: Channel): string {
  return t(`channel.${channel}`);
}

/** The short name for a narrow tab bar. */
export function channelShortLabel(channel: Channel): string {
  return t(`channel.short.${channel}`);
}
