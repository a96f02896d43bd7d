// Exchanges the invite token from the link's fragment for a room session cookie, then enters the room.
import { api, errorCode } from './api.js';
import { mountLanguageSwitch, onLangChange, t } from './i18n.js';

const status = document.querySelector('[data-testid="join-status"]');
const errorBox = document.querySelector('[data-testid="join-error"]');
let errorKey = null;

const joinErrors = {
  expired: 'join.expired',
  revoked: 'join.revoked',
  unauthorized: 'join.invalid',
  not_found: 'join.invalid',
  bad_request: 'join.invalid',
};

function showError(key) {
  errorKey = key;
  status.hidden = true;
  errorBox.hidden = false;
  errorBox.dataset.code = key;
  errorBox.textContent = t(key);
}

async function join() {
  const token = decodeURIComponent(location.hash.slice(1));
  if (!token) return showError('join.missing');
  const result = await api('POST', '/api/join', { token });
  if (result.ok && result.data?.room?.id) {
    location.replace(`/r/${encodeURIComponent(result.data.room.id)}/`);
    return;
  }
  showError(joinErrors[errorCode(result)] ?? 'join.failed');
}

mountLanguageSwitch();
onLangChange(() => {
  if (errorKey) errorBox.textContent = t(errorKey);
});
join();
