// The room page: wires the connection, the local record, the outbox and the view together.
import { CheckpointKeeper } from './checkpoint.js';
import { RoomConnection } from './connection.js';
import { mountLanguageSwitch, onLangChange } from './i18n.js';
import { Outbox } from './outbox.js';
import { ProofRequests } from './proof-requests.js';
import { RecordChecker } from './record-checker.js';
import { RoomState } from './room-state.js';
import { RoomView } from './room-view.js';
import { ServerKeys } from './server-keys.js';

const typingEveryMs = 2000;
const typingShownMs = 4000;
const retryRateLimitedMs = 1500;
// These refusals are about the message itself: sending it again would fail again.
const finalRefusals = new Set(['bad_json', 'bad_frame', 'unknown_type', 'forbidden_channel', 'unknown_channel', 'text_too_long', 'empty_text']);

const roomId = decodeURIComponent(location.pathname.match(/^\/r\/([^/]+)\//)?.[1] ?? '');
const state = new RoomState(roomId);
const outbox = new Outbox(roomId);
const proofs = new ProofRequests((frame) => connection.send(frame));
const checker = new RecordChecker(roomId, { keys: new ServerKeys(), proofs, latestEvent: (size) => state.latestEventBefore(size) });
const checkpoints = new CheckpointKeeper(roomId, { verify: (checkpoint, held) => checker.verify(checkpoint, held) });
const view = new RoomView();
const typing = new Map(); // "channel participant" → time it stops showing
let welcome = null;
let caughtUp = false;
let online = [];
let lastTypingSent = 0;
const dirty = new Set();
let renderTimer = null;

const wsUrl = `wss://${location.host}/r/${encodeURIComponent(roomId)}/ws`;
const connection = new RoomConnection(wsUrl, {
  hello: () => (state.epoch ? { type: 'hello', last_seq: state.lastSeq, epoch: state.epoch } : { type: 'hello', last_seq: state.lastSeq }),
  onFrame,
  onStatus,
});

function scheduleRender(channel) {
  dirty.add(channel);
  if (renderTimer === null) renderTimer = setTimeout(render, 30);
}

function renderAll() {
  for (const channel of welcome?.read ?? []) dirty.add(channel);
  render();
}

function render() {
  clearTimeout(renderTimer);
  renderTimer = null;
  for (const channel of dirty) {
    view.renderChannel(channel, state.timeline(channel), outbox.inChannel(channel), state.people, state.youId);
  }
  dirty.clear();
}

const handlers = {
  welcome(frame) {
    if (state.youId && state.youId !== frame.you.id) {
      // Another person used this tab before: their history is not ours to show or resume from.
      state.reset();
      connection.restart();
      return;
    }
    if (frame.reset) state.reset();
    welcome = frame;
    caughtUp = false;
    state.epoch = frame.epoch;
    state.youId = frame.you.id;
    state.learnPerson(frame.you);
    view.setRoom(frame.room, frame.you);
    view.setChannels(frame.read, frame.write);
    renderAll();
  },
  event(frame) {
    if (!state.addEvent(frame)) return;
    const { header, body } = frame;
    if (header.kind === 'message' && header.actor === state.youId) outbox.remove(body.client_id);
    if (caughtUp) view.markUnread(header.channel);
    if (header.kind.startsWith('advisor.')) showPresence();
    state.saveSoon();
    scheduleRender(header.channel);
  },
  caught_up() {
    caughtUp = true;
    state.save();
    sendPending();
    renderAll();
  },
  ack(frame) {
    const item = outbox.remove(frame.id);
    if (!item) return;
    state.addAcked(frame.seq, item, state.youId);
    scheduleRender(item.channel);
  },
  presence(frame) {
    online = frame.online;
    for (const person of online) state.learnPerson(person);
    showPresence();
    renderAll();
  },
  access(frame) {
    welcome = { ...welcome, read: frame.read, write: frame.write };
    view.setChannels(frame.read, connection.stopped ? [] : frame.write);
    renderAll();
  },
  typing(frame) {
    if (frame.participant === state.youId) return;
    typing.set(`${frame.channel} ${frame.participant}`, Date.now() + typingShownMs);
    showTyping();
    setTimeout(showTyping, typingShownMs + 50);
  },
  async checkpoint(frame) {
    await checkpoints.accept(frame.note);
    view.setCheckpoint(checkpoints, roomId);
  },
  proof(frame) {
    proofs.answer(frame);
  },
  consistency(frame) {
    proofs.answer(frame);
  },
  error(frame) {
    // A refused proof is the record check's business, not a banner for the user.
    if (proofs.answer(frame)) return;
    view.showError(frame.code);
    const item = frame.ref ? outbox.get(frame.ref) : null;
    if (!item) return;
    if (finalRefusals.has(frame.code)) {
      outbox.fail(item.id, frame.code);
      scheduleRender(item.channel);
    } else if (frame.code === 'rate_limited') {
      setTimeout(sendPending, retryRateLimitedMs);
    }
  },
};

// A mediator gets a button beside each advisor to bring them into the joint room or out.
function showPresence() {
  const mediator = welcome?.you.role === 'mediator';
  view.setPresence(online, mediator ? { inMain: state.advisorsInMain(), toggle: bringAdvisor } : null);
}

function bringAdvisor(participant, inMain) {
  connection.send({ type: 'advisor', id: crypto.randomUUID(), participant, in_main: inMain });
}

function onFrame(frame) {
  handlers[frame.type]?.(frame);
}

function onStatus(status) {
  view.setStatus(status);
  if (status !== 'online') proofs.abandon();
  if (status === 'online') view.hideError('cannot_connect');
  if (status === 'unreachable') view.showError('cannot_connect');
  if (status === 'ended') {
    view.showError('session_ended');
    view.setChannels(welcome?.read ?? [], []);
  }
}

function sendPending() {
  for (const item of outbox.pending()) {
    if (!connection.send({ type: 'send', id: item.id, channel: item.channel, text: item.text })) return;
  }
}

function showTyping() {
  const now = Date.now();
  const names = [];
  for (const [key, until] of typing) {
    const [channel, participant] = key.split(' ');
    if (until <= now) typing.delete(key);
    else if (channel === view.active) names.push(state.people.get(participant)?.name ?? participant);
  }
  view.setTyping(names);
}

const input = document.querySelector('[data-testid="message-input"]');
const composer = document.querySelector('[data-testid="composer"]');

function submit() {
  const channel = view.active;
  const text = input.value;
  if (!channel || !welcome?.write.includes(channel) || text.trim() === '') return;
  const item = outbox.add(channel, text);
  input.value = '';
  connection.send({ type: 'send', id: item.id, channel, text });
  scheduleRender(channel);
}

composer.addEventListener('submit', (e) => {
  e.preventDefault();
  submit();
});

input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    submit();
  }
});

input.addEventListener('input', () => {
  const now = Date.now();
  if (now - lastTypingSent < typingEveryMs || !view.active || !welcome?.write.includes(view.active)) return;
  if (connection.send({ type: 'typing', channel: view.active })) lastTypingSent = now;
});

document.querySelector('[data-testid="error-dismiss"]').addEventListener('click', () => view.hideError());

view.onSelect = (channel) => {
  view.select(channel);
  showTyping();
};

addEventListener('pagehide', () => state.save());

mountLanguageSwitch();
onLangChange(() => {
  if (welcome) {
    view.setRoom(welcome.room, welcome.you);
    view.setChannels(welcome.read, connection.stopped ? [] : welcome.write);
  }
  showPresence();
  view.setStatus(document.querySelector('[data-testid="connection-status"]').dataset.state);
  view.setCheckpoint(checkpoints, roomId);
  view.refreshError();
  showTyping();
  renderAll();
});

view.setCheckpoint(checkpoints, roomId);
renderAll();
connection.start();
