// Mediator console: sign in, open rooms, invite people, revoke invitations.
import { api, errorCode } from './api.js';
import { applyI18n, formatDateTime, mountLanguageSwitch, onLangChange, t } from './i18n.js';
import { errorText } from './messages.js';
import { roleLabel } from './people.js';

const $ = (testid, root = document) => root.querySelector(`[data-testid="${testid}"]`);
const loginSection = $('login-section');
const mainSection = $('console-main');
const roomsList = $('rooms-list');
const template = document.getElementById('room-item');
const rooms = new Map(); // room id → {room, element, participants, invites}

// Named lookup, because form.name and form.title would collide with the form's own properties.
const input = (form, name) => form.elements.namedItem(name);

function showError(el, code) {
  el.hidden = !code;
  el.textContent = code ? errorText(code) : '';
}

function showSignedIn(mediator) {
  loginSection.hidden = !!mediator;
  mainSection.hidden = !mediator;
  $('logout-button').hidden = !mediator;
  $('me-name').textContent = mediator ? `${mediator.name} · ${mediator.org}` : '';
}

async function start() {
  const me = await api('GET', '/api/me');
  if (!me.ok) return showSignedIn(null);
  showSignedIn(me.data.mediator);
  await Promise.all([loadFields(), loadRooms()]);
}

$('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  const result = await api('POST', '/api/login', { login: input(form, 'login').value, password: input(form, 'password').value });
  if (!result.ok) {
    const el = $('login-error');
    el.hidden = false;
    el.textContent = result.status === 401 ? t('login.failed') : errorText(errorCode(result));
    return;
  }
  input(form, 'password').value = '';
  $('login-error').hidden = true;
  showSignedIn(result.data.mediator);
  await Promise.all([loadFields(), loadRooms()]);
});

$('logout-button').addEventListener('click', async () => {
  await api('POST', '/api/logout');
  rooms.clear();
  roomsList.replaceChildren();
  showSignedIn(null);
});

async function loadFields() {
  const result = await api('GET', '/api/fields');
  const select = $('room-field-select');
  const fields = result.ok ? result.data.fields : [];
  select.replaceChildren(...fields.map((field) => new Option(field, field)));
}

async function loadRooms() {
  const result = await api('GET', '/api/rooms');
  if (!result.ok) return;
  rooms.clear();
  roomsList.replaceChildren();
  const sorted = [...result.data.rooms].sort((a, b) => b.created_at - a.created_at);
  for (const room of sorted) addRoom(room, false);
  $('rooms-empty').hidden = rooms.size > 0;
}

function partyList(text, side) {
  return text
    .split(/[,，、]/)
    .map((name) => name.trim())
    .filter(Boolean)
    .map((name) => ({ side, name }));
}

$('room-create-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  const request = {
    title: input(form, 'title').value.trim(),
    field: input(form, 'field').value,
    parties: [...partyList(input(form, 'partyA').value, 'A'), ...partyList(input(form, 'partyB').value, 'B')],
  };
  const result = await api('POST', '/api/rooms', request);
  if (!result.ok) return showError($('room-create-error'), errorCode(result));
  showError($('room-create-error'), null);
  form.reset();
  addRoom(result.data.room, true);
  $('rooms-empty').hidden = true;
});

function addRoom(room, open) {
  const element = template.content.firstElementChild.cloneNode(true);
  element.dataset.roomId = room.id;
  const entry = { room, element, participants: [], invites: [] };
  rooms.set(room.id, entry);
  renderRoomHeader(entry);
  $('room-open-link', element).href = `/r/${encodeURIComponent(room.id)}/`;
  const details = element.querySelector('details');
  details.addEventListener('toggle', () => {
    if (details.open) loadRoomDetails(entry);
  });
  $('invite-form', element).addEventListener('submit', (e) => {
    e.preventDefault();
    createInvite(entry, e.currentTarget);
  });
  $('invite-copy-button', element).addEventListener('click', () => copyLink(entry));
  roomsList.prepend(element);
  applyI18n(element);
  if (open) details.open = true;
}

function renderRoomHeader({ room, element }) {
  $('room-item-title', element).textContent = room.title;
  $('room-item-meta', element).textContent = t('rooms.meta', { field: room.field, date: formatDateTime(room.created_at) });
}

async function loadRoomDetails(entry) {
  const base = `/api/rooms/${encodeURIComponent(entry.room.id)}`;
  const [detail, invites] = await Promise.all([api('GET', base), api('GET', `${base}/invites`)]);
  if (detail.ok) entry.participants = detail.data.participants;
  if (invites.ok) entry.invites = invites.data.invites;
  showError($('invite-error', entry.element), detail.ok ? (invites.ok ? null : errorCode(invites)) : errorCode(detail));
  renderParticipants(entry);
  renderInvites(entry);
}

function renderParticipants({ participants, element }) {
  const list = $('participants-list', element);
  if (participants.length === 0) {
    const li = document.createElement('li');
    li.className = 'muted';
    li.textContent = t('participants.empty');
    return list.replaceChildren(li);
  }
  list.replaceChildren(
    ...participants.map((p) => {
      const li = document.createElement('li');
      li.dataset.testid = 'participant-item';
      li.dataset.participantId = p.id;
      li.textContent = `${p.name}（${roleLabel(p.role, p.side)}）`;
      return li;
    }),
  );
}

function inviteState(invite) {
  if (invite.revoked_at !== null) return 'revoked';
  return invite.expires_at <= Date.now() ? 'expired' : 'active';
}

function renderInvites(entry) {
  const list = $('invites-list', entry.element);
  if (entry.invites.length === 0) {
    const li = document.createElement('li');
    li.className = 'muted';
    li.textContent = t('invites.empty');
    return list.replaceChildren(li);
  }
  const sorted = [...entry.invites].sort((a, b) => b.created_at - a.created_at);
  list.replaceChildren(
    ...sorted.map((invite) => {
      const li = document.createElement('li');
      li.dataset.testid = 'invite-item';
      li.dataset.inviteId = invite.id;
      const state = inviteState(invite);
      li.dataset.state = state;
      const label = document.createElement('span');
      label.textContent = `${invite.name}（${roleLabel(invite.role, invite.side)}）`;
      const status = document.createElement('span');
      status.className = 'muted';
      status.dataset.testid = 'invite-status';
      status.textContent = state === 'active' ? t('invite.active', { date: formatDateTime(invite.expires_at) }) : t(`invite.${state}`);
      li.append(label, ' ', status);
      if (state === 'active') {
        const revoke = document.createElement('button');
        revoke.type = 'button';
        revoke.className = 'link danger';
        revoke.dataset.testid = 'invite-revoke-button';
        revoke.textContent = t('invite.revoke');
        revoke.addEventListener('click', () => revokeInvite(entry, invite));
        li.append(' ', revoke);
      }
      return li;
    }),
  );
}

async function createInvite(entry, form) {
  const [role, side] = input(form, 'kind').value.split(':');
  const request = { role, name: input(form, 'name').value.trim() };
  if (side) request.side = side;
  const ttl = Number.parseInt(input(form, 'ttl').value, 10);
  if (Number.isInteger(ttl) && ttl > 0) request.ttl_hours = ttl;
  const result = await api('POST', `/api/rooms/${encodeURIComponent(entry.room.id)}/invites`, request);
  const errorBox = $('invite-error', entry.element);
  if (!result.ok) return showError(errorBox, errorCode(result));
  showError(errorBox, null);
  input(form, 'name').value = '';
  $('invite-result', entry.element).hidden = false;
  $('invite-link', entry.element).textContent = result.data.link;
  // The same link as a QR code, for a party to scan with a phone.
  $('invite-qr', entry.element).src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(result.data.qr_svg)}`;
  $('invite-copy-status', entry.element).textContent = '';
  entry.invites.push(result.data.invite);
  renderInvites(entry);
}

async function copyLink(entry) {
  const link = $('invite-link', entry.element).textContent;
  const status = $('invite-copy-status', entry.element);
  try {
    await navigator.clipboard.writeText(link);
    status.textContent = t('invite.copied');
  } catch {
    const range = document.createRange();
    range.selectNodeContents($('invite-link', entry.element));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    status.textContent = t('invite.copyFailed');
  }
}

async function revokeInvite(entry, invite) {
  const path = `/api/rooms/${encodeURIComponent(entry.room.id)}/invites/${encodeURIComponent(invite.id)}`;
  const result = await api('DELETE', path);
  if (!result.ok) return showError($('invite-error', entry.element), errorCode(result));
  entry.invites = entry.invites.map((i) => (i.id === invite.id ? result.data.invite : i));
  renderInvites(entry);
}

mountLanguageSwitch();
onLangChange(() => {
  for (const entry of rooms.values()) {
    renderRoomHeader(entry);
    renderParticipants(entry);
    renderInvites(entry);
  }
});
start();
