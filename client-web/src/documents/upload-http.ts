// The upload endpoints of PROTOCOL.md §7 over fetch, for documents/upload.ts. Never throws: no
// answer is status 0.
import type { UploadHttp, Answer } from './upload';

async function call(method: string, path: string, body?: BodyInit, type?: string): Promise<Answer> {
  try {
    const response = await fetch(path, { method, credentials: 'same-origin', body, headers: type ? { 'Content-Type': type } : {} });
    let json: unknown = null;
    if (response.status !== 204) {
      try {
        json = await response.json();
      } catch {
        json = null;
      }
    }
    return { status: response.status, body: json };
  } catch {
    return { status: 0, body: null };
  }
}

export function uploadHttp(roomId: string): UploadHttp {
  const base = `/r/${encodeURIComponent(roomId)}/api/uploads`;
  return {
    create: (body) => call('POST', base, JSON.stringify(body), 'application/json'),
    put: (id, offset, bytes) => call('PUT', `${base}/${encodeURIComponent(id)}?offset=${offset}`, bytes, 'application/octet-stream'),
    show: (id) => call('GET', `${base}/${encodeURIComponent(id)}`),
    cancel: (id) => call('DELETE', `${base}/${encodeURIComponent(id)}`),
  };
}

export const documentUrl = (roomId: string, id: string, inline = false) =>
  `/r/${encodeURIComponent(roomId)}/api/documents/${encodeURIComponent(id)}${inline ? '?inline=1' : ''}`;

export const agreementUrl = (roomId: string, format: 'html' | 'json') => `/r/${encodeURIComponent(roomId)}/api/agreement?format=${format}`;
