// The hashes a party's binding steps name, computed in the browser so that what is confirmed is what
// is shown: an entry of the mediation record (PROTOCOL.md §6: canonical JSON of
// {entry, kind, side, text, version}, RECORD.md §1) and the notice text (SHA-256 of its UTF-8).
import { bytesToHex, canonicalJson, sha256 } from '../record/verify';
import type { EventBodies } from '../protocol/types';

const encoder = new TextEncoder();

export async function textSha256(text: string): Promise<string> {
  return bytesToHex(await sha256(encoder.encode(text)));
}

export function entryHash(entry: Omit<EventBodies['transcript.entry'], 'sha256'>): Promise<string> {
  const { entry: id, kind, side, text, version } = entry;
  return textSha256(canonicalJson({ entry: id, kind, side, text, version }));
}
