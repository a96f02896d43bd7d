import { useEffect, useState } from 'preact/hooks';
import { formatDateTime, t } from '../../i18n/i18n';
import { daysLeft } from '../../agreement/application-statement';
import { api } from '../../protocol/api';
import type { Case, Invite, InviteCreateRequest, Participant, Room } from '../../protocol/types';
import { ErrorText } from '../common/ErrorText';
import { personLabel } from '../common/labels';
import { phaseLabel } from '../common/procedure-labels';
import { InviteForm } from './InviteForm';
import { InviteList } from './InviteList';
import { forgetLink, keepLink, keptParties } from './kept-links';

/** One case: open the room, export the record, the people and their invitations. */
export function CaseDetail({ room, kase }: { room: Room; kase: Case }) {
  const [participants, setParticipants] = useState<Participant[]>([]);
  const [invites, setInvites] = useState<Invite[]>([]);
  const [shown, setShown] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    const [detail, list] = await Promise.all([api.room(room.id), api.invites(room.id)]);
    if (detail.ok) setParticipants(detail.data.participants);
    if (list.ok) setInvites(list.data.invites);
    setError(!detail.ok ? detail.error : !list.ok ? list.error : null);
  };
  useEffect(() => {
    setShown(null);
    void load();
  }, [room.id]);

  const create = async (request: InviteCreateRequest) => {
    const result = await api.createInvite(room.id, request);
    if (!result.ok) {
      setError(result.error);
      return result.error;
    }
    setError(null);
    keepLink(result.data);
    setShown(result.data.invite.id);
    await load();
    return null;
  };

  const revoke = async (invite: Invite) => {
    const result = await api.revokeInvite(room.id, invite.id);
    if (!result.ok) return setError(result.error);
    forgetLink(invite.id);
    setInvites(invites.map((i) => (i.id === invite.id ? result.data.invite : i)));
  };

  // Parties named at creation who have no invitation yet come first in the picker.
  const invited = new Set(invites.filter((i) => i.role === 'party' && i.revoked_at === null).map((i) => `${i.side}${i.name}`));
  const parties = keptParties(room.id).filter((p) => !invited.has(`${p.side}${p.name}`));

  return (
    <section class="card case-detail" data-testid="case-detail" data-room-id={room.id} aria-labelledby="case-detail-title">
      <h2 id="case-detail-title">{room.title}</h2>
      <p class="muted">{t('case.meta', { field: room.field, date: formatDateTime(room.created_at) })}</p>
      <p>
        {t('cases.phase')}：
        <span class="phase-chip" data-phase={kase.phase} data-testid="detail-phase">
          {phaseLabel(kase.phase)}
        </span>
      </p>
      <div class="row-actions">
        <a class="button" href={`/r/${encodeURIComponent(room.id)}/`} data-testid="room-open-link">
          {t('case.open')}
        </a>
        <a class="button secondary" href={api.exportUrl(room.id, false)} download data-testid="export-link">
          {t('case.export')}
        </a>
        <a class="button secondary" href={api.exportUrl(room.id, true)} download data-testid="export-private-link">
          {t('case.exportPrivate')}
        </a>
      </div>
      <p class="muted small">{t('case.exportHint')}</p>
      {kase.confirmation_due && (kase.phase === 'agreed' || kase.phase === 'confirmation') && (
        <div class="stack" data-testid="console-confirmation">
          <p data-testid="console-confirmation-deadline" data-days-left={String(daysLeft(kase.confirmation_due, Date.now()))}>
            {daysLeft(kase.confirmation_due, Date.now()) < 0
              ? t('confirm.passed', { date: kase.confirmation_due })
              : t('confirm.deadline', { date: kase.confirmation_due, days: daysLeft(kase.confirmation_due, Date.now()) })}
          </p>
          {room.field !== '婚姻家庭' && (
            <a class="button secondary" href={`/api/rooms/${encodeURIComponent(room.id)}/package`} download data-testid="package-link">
              {t('confirm.download')}
            </a>
          )}
        </div>
      )}

      <h3>{t('participants.title')}</h3>
      <ul class="plain" data-testid="participants-list">
        {participants.map((p) => (
          <li key={p.id} data-testid="participant-item" data-participant-id={p.id}>
            {personLabel(p)}
          </li>
        ))}
      </ul>

      <h3>{t('invites.title')}</h3>
      <InviteForm key={parties.map((p) => p.name).join()} parties={parties} create={create} />
      <ErrorText code={error} testid="invite-error" />
      <InviteList invites={invites} shown={shown} onShow={setShown} onRevoke={(i) => void revoke(i)} />
    </section>
  );
}
