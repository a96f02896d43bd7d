// JSON over fetch. Never throws: answers {ok, status, data}; a network failure is status 0.
export async function api(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: {} };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    return { ok: false, status: 0, data: { error: 'network' } };
  }
  let data = null;
  if (response.status !== 204) {
    try {
      data = await response.json();
    } catch {
      data = null;
    }
  }
  return { ok: response.ok, status: response.status, data };
}

// The API error code of a failed answer (PROTOCOL.md §2), or a stand-in when there is none.
export function errorCode(result) {
  if (result.data && typeof result.data.error === 'string') return result.data.error;
  return result.status === 0 ? 'network' : `http_${result.status}`;
}
