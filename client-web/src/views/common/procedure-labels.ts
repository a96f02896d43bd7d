// How the procedure's terms are named on screen (PROTOCOL.md §6; the Chinese legal terms as there).
import { t } from '../../i18n/i18n';
import type { IdentityCheckArgs, Phase, ReferralRecordArgs, FollowupRecordArgs, TranscriptWriteArgs, Side } from '../../protocol/types';

export const phaseLabel = (phase: Phase) => t(`phase.${phase}`);
export const sideLabel = (side: Side) => t(side === 'A' ? 'role.partyA' : 'role.partyB');
export const routeLabel = (route: ReferralRecordArgs['route']) => t(`route.${route}`);
export const methodLabel = (method: IdentityCheckArgs['method']) => t(`identity.method.${method}`);
export const entryKindLabel = (kind: TranscriptWriteArgs['kind']) => t(`transcript.kind.${kind}`);
/** An entry of the mediation record by its number: e12 → 12. */
export const entryNumber = (entry: string) => entry.replace(/^e/, '');
export const followupLabel = (result: FollowupRecordArgs['result']) => t(`followup.result.${result}`);

export const identityMethods: readonly IdentityCheckArgs['method'][] = ['id_card_video', 'in_person', 'zhelibang', 'passport', 'other'];
export const referralRoutes: readonly ReferralRecordArgs['route'][] = ['arbitration', 'court', 'administrative', 'legal_aid'];
export const entryKinds: readonly TranscriptWriteArgs['kind'][] = ['statement', 'claim', 'fact', 'note'];
export const followupResults: readonly FollowupRecordArgs['result'][] = ['performed', 'partly', 'not_performed'];
