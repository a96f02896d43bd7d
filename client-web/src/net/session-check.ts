// When the socket keeps failing before a welcome, the page cannot see why (a refused upgrade is
// just a close). GET /r/<room>/api/session tells a dead link (401, 410 expired/revoked) from a dead
// network or server; a server that does not have the endpoint yet answers 404, which tells nothing.
import { api } from '../protocol/api';
import type { Contact, Inviter } from '../protocol/types';

export type SessionVerdict =
  | { kind: 'valid'; inviter: Inviter | null }
  | { kind: 'dead'; reason: 'unauthorized' | 'expired' | 'revoked'; contact: Contact | null }
  | { kind: 'unreachable' } // no answer at all: the network or the server is down
  | { kind: 'unknown' };

export async function checkSession(roomId: string): Promise<SessionVerdict> {
  const result = await api.session(roomId);
  if (result.ok) return { kind: 'valid', inviter: result.data.mediator ?? null };
  if (result.status === 0) return { kind: 'unreachable' };
  if (result.status === 401) return { kind: 'dead', reason: 'unauthorized', contact: result.contact };
  if (result.status === 410 && (result.error === 'expired' || result.error === 'revoked')) {
    return { kind: 'dead', reason: result.error, contact: result.contact };
  }
  return { kind: 'unknown' };
}
