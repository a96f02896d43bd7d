// The HTTP API of PROTOCOL.md §2 as typed calls. Never throws: a network failure is status 0.
import type {
  Contact,
  FieldsResponse,
  HttpError,
  InviteCreateRequest,
  InviteCreateResponse,
  InviteRevokeResponse,
  InvitesResponse,
  JoinResponse,
  KeysResponse,
  LoginResponse,
  MeResponse,
  NoticeResponse,
  RoomCreateRequest,
  RoomCreateResponse,
  RoomResponse,
  RoomsResponse,
  SessionResponse,
} from './types';

export type ApiErrorCode = HttpError['error'] | 'network' | 'unexpected';

export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; error: ApiErrorCode; contact: Contact | null };

function failure(status: number, body: unknown): ApiResult<never> {
  const b = body as { error?: unknown; contact?: Contact } | null;
  const error = typeof b?.error === 'string' ? (b.error as HttpError['error']) : status === 0 ? 'network' : 'unexpected';
  const contact = b?.contact && typeof b.contact.mediator === 'string' ? b.contact : null;
  return { ok: false, status, error, contact };
}

async function request<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: {} };
  if (body !== undefined) {
    init.headers = { 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    return failure(0, null);
  }
  let data: unknown = null;
  if (response.status !== 204) {
    try {
      data = await response.json();
    } catch {
      data = null;
    }
  }
  return response.ok ? { ok: true, status: response.status, data: data as T } : failure(response.status, data);
}

const room = (id: string) => `/api/rooms/${encodeURIComponent(id)}`;

export const api = {
  me: () => request<MeResponse>('GET', '/api/me'),
  login: (login: string, password: string) => request<LoginResponse>('POST', '/api/login', { login, password }),
  logout: () => request<null>('POST', '/api/logout'),
  fields: () => request<FieldsResponse>('GET', '/api/fields'),
  keys: () => request<KeysResponse>('GET', '/api/keys'),
  rooms: () => request<RoomsResponse>('GET', '/api/rooms'),
  room: (id: string) => request<RoomResponse>('GET', room(id)),
  createRoom: (body: RoomCreateRequest) => request<RoomCreateResponse>('POST', '/api/rooms', body),
  invites: (id: string) => request<InvitesResponse>('GET', `${room(id)}/invites`),
  createInvite: (id: string, body: InviteCreateRequest) => request<InviteCreateResponse>('POST', `${room(id)}/invites`, body),
  revokeInvite: (id: string, invite: string) =>
    request<InviteRevokeResponse>('DELETE', `${room(id)}/invites/${encodeURIComponent(invite)}`),
  join: (token: string) => request<JoinResponse>('POST', '/api/join', { token }),
  notice: (id: string, lang: NoticeResponse['language']) =>
    request<NoticeResponse>('GET', `/r/${encodeURIComponent(id)}/api/notice?lang=${encodeURIComponent(lang)}`),
  session: (id: string) => request<SessionResponse>('GET', `/r/${encodeURIComponent(id)}/api/session`),
  exportUrl: (id: string, includePrivate: boolean) => `${room(id)}/export${includePrivate ? '?private=1' : ''}`,
};
