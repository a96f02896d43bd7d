import { t } from '../../i18n/i18n';
import type { DraftVersion } from '../../state/agreement';
import { useDraftHash } from './use-draft-hash';

/** A version's hash as computed here, and whether it is the one the record holds. */
export function HashBadge({ version }: { version: DraftVersion }) {
  const computed = useDraftHash(version);
  const state = computed === null ? 'checking' : computed === version.sha256 ? 'match' : 'mismatch';
  return (
    <span class={`hash-badge ${state}`} data-testid="draft-hash" data-state={state} data-sha256={computed ?? ''} title={computed ?? ''}>
      SHA-256 <code>{(computed ?? version.sha256).slice(0, 16)}…</code>{' '}
      {state === 'match' && <span class="ok">{t('agreement.hashMatch')}</span>}
      {state === 'mismatch' && <span class="error">{t('agreement.hashMismatch')}</span>}
    </span>
  );
}
