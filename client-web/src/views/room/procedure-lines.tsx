// How the procedure's events read in the timeline: a line in words, or a card where the parties need
// the content (the legal explanation, the record's entries, the outcome). Never raw JSON.
import { t } from '../../i18n/i18n';
import type { EventKind, EventOf } from '../../protocol/types';
import { entryKindLabel, entryNumber, followupLabel, methodLabel, phaseLabel, routeLabel, sideLabel } from '../common/procedure-labels';
import { EventCard } from './EventCard';
import { itemNumber, versionOf } from '../../state/agreement';
import { useRoom } from './RoomContext';
import { SystemLine } from './SystemLine';
import { useName } from './use-name';

type Line<K extends EventKind> = (props: { event: EventOf<K> }) => ReturnType<typeof SystemLine>;

const PhaseChanged: Line<'phase.changed'> = ({ event }) => {
  const { phase, reason } = event.body;
  const who = useName(event.header.actor);
  const text =
    phase.to === 'suspended'
      ? t('line.suspended', { name: who, reason: reason ?? '' })
      : phase.from === 'suspended'
        ? t('line.resumed', { name: who, phase: phaseLabel(phase.to) })
        : t('line.phase', { name: who, from: phaseLabel(phase.from), to: phaseLabel(phase.to) });
  return <SystemLine event={event} text={text} />;
};

const Withdrew: Line<'party.withdrew'> = ({ event }) => (
  <SystemLine event={event} text={t('line.withdrew', { name: useName(event.header.actor), reason: event.body.reason })} />
);

const DisclosureMade: Line<'disclosure.made'> = ({ event }) => {
  const name = useName(event.body.mediator);
  if (!event.body.conflict) return <SystemLine event={event} text={t('line.disclosureNone', { name })} />;
  return (
    <EventCard event={event} title={t('line.disclosureConflict', { name })} tone="warn">
      <p class="card-text">{event.body.statement}</p>
    </EventCard>
  );
};

const DisclosureAnswered: Line<'disclosure.answered'> = ({ event }) => (
  <SystemLine event={event} text={t(event.body.accept ? 'line.disclosureAccepted' : 'line.disclosureDeclined', { name: useName(event.header.actor) })} />
);

const RecusalRequested: Line<'recusal.requested'> = ({ event }) => (
  <SystemLine
    event={event}
    text={t('line.recusalRequested', { name: useName(event.header.actor), mediator: useName(event.body.mediator), reason: event.body.reason })}
  />
);

const RecusalDecided: Line<'recusal.decided'> = ({ event }) => {
  const { granted, reason, replacement } = event.body;
  const mediator = useName(event.body.mediator);
  const replacing = useName(replacement ?? '');
  const text = granted
    ? replacement
      ? t('line.recusalGrantedBy', { mediator, replacement: replacing, reason })
      : t('line.recusalGranted', { mediator, reason })
    : t('line.recusalRefused', { mediator, reason });
  return <SystemLine event={event} text={text} />;
};

const MediatorAdded: Line<'mediator.added'> = ({ event }) => (
  <SystemLine event={event} text={t('line.mediatorAdded', { name: event.body.participant.name, org: event.body.org })} />
);

const PresidingHanded: Line<'presiding.handed'> = ({ event }) => (
  <SystemLine event={event} text={t('line.presidingHanded', { from: useName(event.body.from), to: useName(event.body.to) })} />
);

const IdentityChecked: Line<'identity.checked'> = ({ event }) => (
  <SystemLine event={event} text={t('line.identityChecked', { name: useName(event.body.participant), method: methodLabel(event.body.method) })} />
);

const NoticeAcknowledged: Line<'notice.acknowledged'> = ({ event }) => (
  <SystemLine event={event} text={t('line.noticeAcknowledged', { name: useName(event.header.actor) })} />
);

const NoticeOtherwise: Line<'notice.given_otherwise'> = ({ event }) => (
  <SystemLine event={event} text={t('line.noticeOtherwise', { name: useName(event.body.participant), reason: event.body.reason })} />
);

const CaucusOpened: Line<'caucus.opened'> = ({ event }) => <SystemLine event={event} text={t('line.caucusOpened', { side: sideLabel(event.body.side) })} />;
const CaucusClosed: Line<'caucus.closed'> = ({ event }) => <SystemLine event={event} text={t('line.caucusClosed', { side: sideLabel(event.body.side) })} />;

const LegalExplained: Line<'legal.explained'> = ({ event }) => (
  <EventCard event={event} title={t('line.legal', { name: useName(event.header.actor) })} tone="legal" testid="legal-card">
    <p class="card-cite" data-testid="legal-cite">
      {t('legal.cite', { law: event.body.law, article: event.body.article })}
    </p>
    <p class="card-text" data-testid="legal-explanation">{event.body.explanation}</p>
  </EventCard>
);

const TranscriptEntry: Line<'transcript.entry'> = ({ event }) => {
  const { entry, version, kind, side, text } = event.body;
  const about = side ? sideLabel(side) : t('transcript.sideBoth');
  const title = t(version > 1 ? 'line.transcriptRevised' : 'line.transcriptWritten', { entry: entryNumber(entry), version, kind: entryKindLabel(kind), side: about });
  return (
    <EventCard event={event} title={title} testid="transcript-card">
      <p class="card-text">{text}</p>
    </EventCard>
  );
};

const FactsConfirmed: Line<'facts.confirmed'> = ({ event }) => {
  const { entry, version, confirm, comment } = event.body;
  const key = confirm ? 'line.factConfirmed' : comment ? 'line.factDeclinedWhy' : 'line.factDeclined';
  return <SystemLine event={event} text={t(key, { name: useName(event.header.actor), entry: entryNumber(entry), version, comment })} />;
};

const MediationFailed: Line<'mediation.failed'> = ({ event }) => (
  <EventCard event={event} title={t('line.failed')} tone="warn" testid="failed-card">
    <p class="card-text">{t('outcome.reasonIs', { reason: event.body.reason })}</p>
  </EventCard>
);

const ReferralMade: Line<'referral.made'> = ({ event }) => (
  <EventCard event={event} title={t('line.referral', { route: routeLabel(event.body.route) })} testid="referral-card">
    <p class="card-text">{t('outcome.nextSteps', { steps: event.body.next_steps })}</p>
  </EventCard>
);

const FollowupRecorded: Line<'followup.recorded'> = ({ event }) => (
  <SystemLine event={event} text={t('line.followup', { result: followupLabel(event.body.result), date: event.body.date })} />
);

const AgreementSealed: Line<'agreement.sealed'> = ({ event }) => (
  <SystemLine event={event} text={t('line.sealed', { org: event.body.org, version: event.body.version })} />
);

const DocumentShared: Line<'document.shared'> = ({ event }) => (
  <SystemLine event={event} text={t('line.document', { name: useName(event.header.actor), document: event.body.name })} />
);

const DraftSaved: Line<'draft.saved'> = ({ event }) => (
  <SystemLine event={event} text={t('line.draftSaved', { name: useName(event.header.actor), version: event.body.version, hash: event.body.sha256.slice(0, 8) })} />
);

const DraftCommented: Line<'draft.commented'> = ({ event }) => (
  <EventCard event={event} title={t(event.body.proposal ? 'line.draftProposal' : 'line.draftComment', { name: useName(event.header.actor), version: event.body.version })} testid="draft-comment-card">
    <p class="card-text">{event.body.text}</p>
  </EventCard>
);

const KeyRegistered: Line<'key.registered'> = ({ event }) => (
  <SystemLine event={event} text={t('line.keyRegistered', { name: useName(event.body.participant), key: event.body.key.slice(0, 8), device: event.body.device })} />
);

const KeyRevoked: Line<'key.revoked'> = ({ event }) => (
  <SystemLine event={event} text={t('line.keyRevoked', { name: useName(event.body.participant), key: event.body.key.slice(0, 8) })} />
);

const AgreementSigned: Line<'agreement.signed'> = ({ event }) => (
  <SystemLine event={event} text={t('line.signed', { name: useName(event.body.signer), version: event.body.version })} />
);

const ApplicationPrepared: Line<'application.prepared'> = ({ event }) => (
  <SystemLine event={event} text={t('line.applicationPrepared', { version: event.body.version, court: event.body.court })} />
);

const ApplicationConfirmed: Line<'application.confirmed'> = ({ event }) => (
  <SystemLine event={event} text={t('line.applicationConfirmed', { name: useName(event.body.signer), version: event.body.version })} />
);

const EnforcementConsented: Line<'enforcement.consented'> = ({ event }) => {
  const { model } = useRoom();
  const item = itemNumber(versionOf(model.agreement.value, event.body.version), event.body.item);
  return <SystemLine event={event} text={t('line.enforcementConsented', { name: useName(event.body.signer), version: event.body.version, item })} />;
};

export const procedureLines = {
  'enforcement.consented': EnforcementConsented,
  'application.prepared': ApplicationPrepared,
  'application.confirmed': ApplicationConfirmed,
  'phase.changed': PhaseChanged,
  'party.withdrew': Withdrew,
  'disclosure.made': DisclosureMade,
  'disclosure.answered': DisclosureAnswered,
  'recusal.requested': RecusalRequested,
  'recusal.decided': RecusalDecided,
  'mediator.added': MediatorAdded,
  'presiding.handed': PresidingHanded,
  'identity.checked': IdentityChecked,
  'notice.acknowledged': NoticeAcknowledged,
  'notice.given_otherwise': NoticeOtherwise,
  'caucus.opened': CaucusOpened,
  'caucus.closed': CaucusClosed,
  'legal.explained': LegalExplained,
  'transcript.entry': TranscriptEntry,
  'facts.confirmed': FactsConfirmed,
  'mediation.failed': MediationFailed,
  'referral.made': ReferralMade,
  'followup.recorded': FollowupRecorded,
  'agreement.sealed': AgreementSealed,
  'document.shared': DocumentShared,
  'draft.saved': DraftSaved,
  'draft.commented': DraftCommented,
  'key.registered': KeyRegistered,
  'key.revoked': KeyRevoked,
  'agreement.signed': AgreementSigned,
};
