import { t } from '../../i18n/i18n';
import type { Person } from '../../protocol/types';
import { actionOpen } from '../../state/phases';
import { partyChecks } from '../../state/procedure';
import { personLabel } from '../common/labels';
import { methodLabel } from '../common/procedure-labels';
import { useRoom } from '../room/RoomContext';
import { IdentityCheckForm } from './IdentityCheckForm';
import { ReasonStep } from './ReasonStep';
import { useCase } from './use-case';

function Check({ done, label, testid, detail }: { done: boolean; label: string; testid: string; detail?: string }) {
  return (
    <li class={done ? 'check done' : 'check'} data-testid={testid} data-done={String(done)}>
      <span aria-hidden="true">{done ? '✓' : '○'}</span> {label}
      {detail && <span class="muted small"> {detail}</span>}
      <span class="visually-hidden">{done ? t('checklist.done') : t('checklist.open')}</span>
    </li>
  );
}

function PersonChecks({ person }: { person: Person }) {
  const view = useCase()!;
  const { procedure, kase, presiding } = view;
  const checks = partyChecks(procedure, person.id, kase.mediators);
  const identity = procedure.identity[person.id];
  const party = person.role === 'party';
  const open = kase.phase !== 'closed';
  return (
    <li class="item" data-testid="checklist-person" data-participant-id={person.id}>
      <p>
        <strong>{personLabel(person)}</strong>
      </p>
      <ul class="plain checks">
        <Check done={checks.joined} label={t('checklist.joined')} testid="check-joined" />
        <Check
          done={checks.identity}
          label={t('checklist.identity')}
          testid="check-identity"
          detail={identity ? t('checklist.identityHow', { method: methodLabel(identity.method), document: identity.document }) : undefined}
        />
        {party && (
          <Check
            done={checks.notice !== 'open'}
            label={t(checks.notice === 'otherwise' ? 'checklist.noticeOtherwise' : 'checklist.notice')}
            testid="check-notice"
          />
        )}
        {party && checks.disclosure !== 'none_pending' && (
          <Check done={checks.disclosure !== 'open'} label={t(`checklist.disclosure.${checks.disclosure}`)} testid="check-disclosure" />
        )}
      </ul>
      {open && (
        <div class="row-actions">
          <IdentityCheckForm participant={person.id} again={checks.identity} />
          {party && presiding && checks.notice === 'open' && actionOpen('notice.record_other', kase.phase) && (
            <ReasonStep
              openLabel={t('noticeOther.open')}
              label={t('noticeOther.reason')}
              submitLabel={t('noticeOther.send')}
              testid="notice-other"
              take={(run, reason) => run('notice.record_other', { participant: person.id, reason })}
            />
          )}
        </div>
      )}
    </li>
  );
}

/** Per participant: joined, identity checked, notice acknowledged, disclosure answered. */
export function PartyChecklist() {
  const { model } = useRoom();
  const people = [...model.people.value.values()].filter((p) => p.role === 'party' || p.role === 'advisor' || p.role === 'observer');
  // Parties first (A, then B), then the others.
  const order = (p: Person) => (p.role === 'party' ? (p.side === 'A' ? 0 : 1) : 2);
  people.sort((a, b) => order(a) - order(b));
  if (people.length === 0) return <p class="muted">{t('checklist.empty')}</p>;
  return (
    <ul class="plain items" data-testid="party-checklist">
      {people.map((p) => (
        <PersonChecks key={p.id} person={p} />
      ))}
    </ul>
  );
}
