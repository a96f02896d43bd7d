import { t } from '../../i18n/i18n';
import { useRoom } from './RoomContext';

/**
 * The case as recorded when the room was opened: title, field, parties, the presiding mediator. The
 * advisor does not read the joint room where that is recorded, so for them it comes from the people
 * the server names (welcome.people) and from who invited them.
 */
export function CaseSummary() {
  const { model } = useRoom();
  const welcome = model.welcome.value;
  const info = model.caseInfo.value;
  if (!welcome) return null;
  const people = [...model.people.value.values()];
  const presiding = people.find((p) => p.role === 'mediator');
  const mediator = info?.mediator ?? model.inviter.value ?? (presiding ? { name: presiding.name, org: '' } : null);
  const named = info?.parties ?? people.filter((p) => p.role === 'party');
  const parties = (side: 'A' | 'B') => named.filter((p) => p.side === side).map((p) => p.name).join(t('list.separator'));
  return (
    <dl class="facts" data-testid="case-summary">
      <dt>{t('case.title')}</dt>
      <dd data-testid="case-title">{welcome.room.title}</dd>
      <dt>{t('case.field')}</dt>
      <dd>{welcome.room.field}</dd>
      {mediator && (
        <>
          <dt>{t('case.mediator')}</dt>
          <dd data-testid="case-mediator">{mediator.org ? t('case.mediatorOf', { name: mediator.name, org: mediator.org }) : mediator.name}</dd>
        </>
      )}
      {parties('A') && (
        <>
          <dt>{t('role.partyA')}</dt>
          <dd>{parties('A')}</dd>
        </>
      )}
      {parties('B') && (
        <>
          <dt>{t('role.partyB')}</dt>
          <dd>{parties('B')}</dd>
        </>
      )}
    </dl>
  );
}
