// Who invited this person, kept by the join page (from POST /api/join) so that the room page can
// say whom to ask for a new link once this one is dead.
import type { Inviter } from '../protocol/types';
import type { KeyValueStorage } from '../storage';

const key = (roomId: string) => `mr.inviter.${roomId}`;

export function saveInviter(storage: KeyValueStorage, roomId: string, inviter: Inviter): void {
  try {
    storage.setItem(key(roomId), JSON.stringify({ name: inviter.name, org: inviter.org }));
  } catch {
    // Only the room's own record will name the mediator then.
  }
}

export function loadInviter(storage: KeyValueStorage, roomId: string): Inviter | null {
  try {
    const saved = JSON.parse(storage.getItem(key(roomId)) ?? 'null') as Partial<Inviter> | null;
    return typeof saved?.name === 'string' && typeof saved.org === 'string' ? { name: saved.name, org: saved.org } : null;
  } catch {
    return null;
  }
}
