import { useState } from 'preact/hooks';
import { formatDateTime, t } from '../../i18n/i18n';
import type { Invite } from '../../protocol/types';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { personLabel } from '../common/labels';
import { InviteLink } from './InviteLink';
import { keptLink } from './kept-links';

function stateOf(invite: Invite): 'active' | 'expired' | 'revoked' {
  if (invite.revoked_at !== null) return 'revoked';
  return invite.expires_at <= Date.now() ? 'expired' : 'active';
}

/** Every invitation of the case: its state, its link again (when this browser made it), revoke. */
export function InviteList({ invites, shown, onShow, onRevoke }: { invites: Invite[]; shown: string | null; onShow(id: string | null): void; onRevoke(invite: Invite): void }) {
  const [confirming, setConfirming] = useState<Invite | null>(null);
  if (invites.length === 0) return <p class="muted">{t('invites.empty')}</p>;
  const sorted = [...invites].sort((a, b) => b.created_at - a.created_at);
  return (
    <>
      <ul class="plain invites" data-testid="invites-list">
        {sorted.map((invite) => {
          const state = stateOf(invite);
          const kept = state === 'active' ? keptLink(invite.id) : null;
          return (
            <li key={invite.id} data-testid="invite-item" data-invite-id={invite.id} data-state={state}>
              <div class="invite-row">
                <span class="invite-name">{personLabel(invite)}</span>
                <span class="muted small" data-testid="invite-status">
                  {state === 'active' ? t('invite.active', { date: formatDateTime(invite.expires_at) }) : t(`invite.${state}`)}
                </span>
                {kept && (
                  <button type="button" class="secondary small" data-testid="invite-show-button" aria-expanded={shown === invite.id} onClick={() => onShow(shown === invite.id ? null : invite.id)}>
                    {shown === invite.id ? t('invite.hide') : t('invite.show')}
                  </button>
                )}
                {state === 'active' && (
                  <button type="button" class="danger small" data-testid="invite-revoke-button" onClick={() => setConfirming(invite)}>
                    {t('invite.revoke')}
                  </button>
                )}
              </div>
              {kept && shown === invite.id && <InviteLink link={kept.link} qrSvg={kept.qr_svg} name={invite.name} />}
            </li>
          );
        })}
      </ul>
      {confirming && (
        <ConfirmDialog
          title={t('invite.revokeTitle')}
          message={t('invite.revokeMessage', { name: confirming.name })}
          confirm={t('invite.revoke')}
          danger
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            onRevoke(confirming);
            setConfirming(null);
          }}
        />
      )}
    </>
  );
}
