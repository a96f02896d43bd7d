// The server shows an invitation's token only once (it keeps only its hash). So that a mediator can
// show a link or its QR code again, this browser keeps the links it made, until the link is revoked,
// expires, or the mediator signs out. Also the parties typed when a case was created here, to pick
// from when inviting (the API does not list them).
import { browserStorage } from '../../storage';
import type { InviteCreateResponse, Side } from '../../protocol/types';

const linksKey = 'mr.console.links';
const partiesKey = 'mr.console.parties';
const storage = browserStorage('local');

type KeptLinks = Record<string, { link: string; qr_svg: string; expires_at: number }>;

function read<T>(key: string, fallback: T): T {
  try {
    return (JSON.parse(storage.getItem(key) ?? 'null') as T | null) ?? fallback;
  } catch {
    return fallback;
  }
}

export function keptLink(inviteId: string): { link: string; qr_svg: string } | null {
  const kept = read<KeptLinks>(linksKey, {})[inviteId];
  return kept && kept.expires_at > Date.now() ? kept : null;
}

export function keepLink(made: InviteCreateResponse): void {
  const all = read<KeptLinks>(linksKey, {});
  for (const [id, kept] of Object.entries(all)) if (kept.expires_at <= Date.now()) delete all[id];
  all[made.invite.id] = { link: made.link, qr_svg: made.qr_svg, expires_at: made.invite.expires_at };
  storage.setItem(linksKey, JSON.stringify(all));
}

export function forgetLink(inviteId: string): void {
  const all = read<KeptLinks>(linksKey, {});
  delete all[inviteId];
  storage.setItem(linksKey, JSON.stringify(all));
}

export interface NamedParty {
  side: Side;
  name: string;
}

export function keptParties(roomId: string): NamedParty[] {
  return read<Record<string, NamedParty[]>>(partiesKey, {})[roomId] ?? [];
}

export function keepParties(roomId: string, parties: NamedParty[]): void {
  const all = read<Record<string, NamedParty[]>>(partiesKey, {});
  all[roomId] = parties;
  storage.setItem(partiesKey, JSON.stringify(all));
}

export function forgetAllKept(): void {
  storage.removeItem(linksKey);
  storage.removeItem(partiesKey);
}
