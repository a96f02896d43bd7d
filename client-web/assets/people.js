// How a participant's role is named on screen.
import { t } from './i18n.js';

export function roleLabel(role, side) {
  if (role === 'party') return t(side === 'B' ? 'role.partyB' : 'role.partyA');
  return t(`role.${role}`);
}
