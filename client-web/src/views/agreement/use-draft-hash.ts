import { useEffect, useState } from 'preact/hooks';
import { draftSha256 } from '../../agreement/signing';
import type { DraftVersion } from '../../state/agreement';

// Each version's hash is computed once per page (by the event's seq): the draft as received,
// canonicalised here (RECORD.md §1), never the server's word for it.
const computed = new Map<number, Promise<string>>();

export function hashOf(version: DraftVersion): Promise<string> {
  let hash = computed.get(version.seq);
  if (!hash) computed.set(version.seq, (hash = draftSha256(version.draft)));
  return hash;
}

/** The version's SHA-256 as this browser computes it; null while computing. */
export function useDraftHash(version: DraftVersion | null): string | null {
  const [hash, setHash] = useState<{ seq: number; sha256: string } | null>(null);
  useEffect(() => {
    if (!version) return;
    let live = true;
    void hashOf(version).then((sha256) => live && setHash({ seq: version.seq, sha256 }));
    return () => {
      live = false;
    };
  }, [version?.seq]);
  return version && hash?.seq === version.seq ? hash.sha256 : null;
}
