// A refused step of the procedure in words: by its rule when the server names one (PROTOCOL.md §6,
// citing the article where the protocol does), else by its code. refusals.test.ts fails when
// PROTOCOL.md or the error schema gains a rule or code this does not say.
import type { MessageKey } from './catalogue';
import { errorMessage } from './errors';
import { t } from './i18n';

export const ruleKeys = {
  transition: 'rule.transition',
  disclosure_missing: 'rule.disclosure_missing',
  notice_unacknowledged: 'rule.notice_unacknowledged',
  conflict_not_accepted: 'rule.conflict_not_accepted',
  followup_missing: 'rule.followup_missing',
  not_a_conflict: 'rule.not_a_conflict',
  not_a_mediator: 'rule.not_a_mediator',
  recusal_subject: 'rule.recusal_subject',
  already_decided: 'rule.already_decided',
  replacement_required: 'rule.replacement_required',
  fact_only: 'rule.fact_only',
  agreement_required: 'rule.agreement_required',
  // Rules the server names that PROTOCOL.md §6 does not list (yet).
  phase: 'error.wrong_phase',
  no_such_request: 'rule.no_such_request',
  no_such_entry: 'rule.no_such_entry',
  no_such_item: 'rule.no_such_item',
  no_notice: 'rule.no_notice',
  recused: 'rule.recused',
  // §7: drafts, keys, signatures and the seal (their screens come with that issue).
  unknown_party: 'rule.unknown_party',
  bad_key: 'rule.bad_key',
  key_unknown: 'rule.key_unknown',
  key_revoked: 'rule.key_revoked',
  not_a_signer: 'rule.not_a_signer',
  bad_root: 'rule.bad_root',
  clock: 'rule.clock',
  bad_signature: 'rule.bad_signature',
  already_signed: 'rule.already_signed',
  no_draft: 'rule.no_draft',
  signatures_missing: 'rule.signatures_missing',
  no_seal_key: 'rule.no_seal_key',
  // 赋强公证: payment items and the debtor's consent to enforcement.
  payment_party: 'rule.payment_party',
  not_payment: 'rule.not_payment',
  terms_incomplete: 'rule.terms_incomplete',
  not_debtor: 'rule.not_debtor',
  already_consented: 'rule.already_consented',
} as const satisfies Record<string, MessageKey>;

export function refusalMessage(code: string, rule: string | null): string {
  if (rule && rule in ruleKeys) return t(ruleKeys[rule as keyof typeof ruleKeys]);
  return errorMessage(code) ?? t('error.unknown', { code });
}
