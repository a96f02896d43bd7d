import { formatDateTime, t } from '../../i18n/i18n';
import { signaturesOn, type Agreement } from '../../state/agreement';
import { useName } from '../room/use-name';
import { HashBadge } from './HashBadge';
import { DiffView } from './DiffView';

function VersionRow({ agreement, index }: { agreement: Agreement; index: number }) {
  const v = agreement.versions[index]!;
  const by = useName(v.by);
  const signed = Object.keys(signaturesOn(agreement, v)).length;
  return (
    <li class="version" data-testid="draft-version" data-version={v.version}>
      <strong>{t('agreement.versionN', { version: v.version })}</strong>{' '}
      <span class="muted small">
        {t('agreement.savedBy', { name: by })} · {formatDateTime(v.time)}
        {signed > 0 && ` · ${t('agreement.signedCount', { count: signed })}`}
      </span>
      <div>
        <HashBadge version={v} />
      </div>
    </li>
  );
}

/** Every version everyone in the joint room sees, each with its hash computed here, and a diff. */
export function VersionList({ agreement }: { agreement: Agreement }) {
  return (
    <div class="stack" data-testid="draft-versions">
      <ul class="plain">
        {agreement.versions.map((v, i) => (
          <VersionRow key={v.version} agreement={agreement} index={i} />
        ))}
      </ul>
      <h3>{t('diff.title')}</h3>
      <DiffView versions={agreement.versions} />
    </div>
  );
}
