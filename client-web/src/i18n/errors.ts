// Every error code the server may answer (WebSocket error frames and HTTP errors) in words. Typed
// from the schemas: a code added there fails the type check until it is said here.
import type { HttpError, ServerError } from '../protocol/types';
import type { ApiErrorCode } from '../protocol/api';
import type { MessageKey } from './catalogue';
import { t } from './i18n';

type Code = ServerError['code'] | HttpError['error'] | ApiErrorCode;

/** Exported for the test that every code of the schemas is said. */
export const errorKeys: Record<Code, MessageKey> = {
  bad_json: 'error.bad_frame',
  bad_frame: 'error.bad_frame',
  unknown_type: 'error.unknown_type',
  not_ready: 'error.not_ready',
  forbidden_channel: 'error.forbidden_channel',
  unknown_channel: 'error.unknown_channel',
  text_too_long: 'error.text_too_long',
  empty_text: 'error.empty_text',
  rate_limited: 'error.rate_limited',
  out_of_range: 'error.out_of_range',
  unavailable: 'error.unavailable',
  forbidden: 'error.forbidden',
  unknown_participant: 'error.unknown_participant',
  unchanged: 'error.unchanged',
  wrong_phase: 'error.wrong_phase',
  procedure: 'error.procedure',
  identity_unchecked: 'error.identity_unchecked',
  stale: 'error.stale',
  case_closed: 'error.case_closed',
  bad_request: 'error.bad_request',
  unauthorized: 'error.unauthorized',
  not_found: 'error.not_found',
  expired: 'error.expired',
  revoked: 'error.revoked',
  too_large: 'error.too_large',
  refused_type: 'error.refused_type',
  conflict: 'error.conflict',
  too_many_attempts: 'error.too_many_attempts',
  internal: 'error.internal',
  network: 'error.network',
  unexpected: 'error.unexpected',
};

export function errorMessage(code: string): string | null {
  return code in errorKeys ? t(errorKeys[code as Code]) : null;
}
