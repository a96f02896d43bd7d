// The room page's DOM: tabs, message lists, presence, typing, banners. Knows no protocol.
import { formatDateTime, formatTime, t } from './i18n.js';
import { channelLabel, sortChannels } from './channels.js';
import { errorText } from './messages.js';
import { roleLabel } from './people.js';

const $ = (testid, root = document) => root.querySelector(`[data-testid="${testid}"]`);

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'dataset') Object.assign(node.dataset, value);
    else node[key] = value;
  }
  node.append(...children);
  return node;
}

export class RoomView {
  constructor() {
    this.tabs_ = $('channel-tabs');
    this.messages_ = $('messages');
    this.lists_ = new Map(); // channel → list element
    this.active = null;
    this.writable_ = new Set();
    this.onSelect = () => {};
  }

  setRoom(room, you) {
    $('room-title').textContent = room.title;
    document.title = `${room.title} · ${t('app.name')}`;
    $('you-name').textContent = `${you.name}（${roleLabel(you.role, you.side)}）`;
  }

  setChannels(read, write) {
    this.writable_ = new Set(write);
    const channels = sortChannels(read);
    for (const [channel, list] of this.lists_) {
      if (!channels.includes(channel)) {
        list.remove();
        this.lists_.delete(channel);
      }
    }
    for (const channel of channels) {
      if (!this.lists_.has(channel)) {
        const list = el('div', { className: 'channel-messages', role: 'log', dataset: { testid: `messages-${channel}`, channel } });
        this.lists_.set(channel, list);
        this.messages_.append(list);
      }
    }
    this.tabs_.replaceChildren(
      ...channels.map((channel) => {
        const tab = el('button', { type: 'button', role: 'tab', className: 'tab', dataset: { testid: `tab-${channel}`, channel } }, [
          el('span', { className: 'tab-label', textContent: channelLabel(channel) }),
          el('span', { className: 'unread', dataset: { testid: 'tab-unread' }, hidden: true, textContent: '●' }),
        ]);
        tab.addEventListener('click', () => this.onSelect(channel));
        return tab;
      }),
    );
    this.tabs_.hidden = channels.length < 2;
    this.select(channels.includes(this.active) ? this.active : channels[0] ?? null);
  }

  select(channel) {
    this.active = channel;
    for (const tab of this.tabs_.children) {
      const selected = tab.dataset.channel === channel;
      tab.setAttribute('aria-selected', String(selected));
      if (selected) tab.querySelector('.unread').hidden = true;
    }
    for (const [name, list] of this.lists_) list.hidden = name !== channel;
    const writable = this.writable_.has(channel);
    $('message-input').disabled = !writable;
    $('send-button').disabled = !writable;
    $('composer').hidden = !writable;
    const note = $('composer-readonly');
    note.hidden = writable;
    note.textContent = writable ? '' : t('composer.readonly');
    this.scrollToEnd_(this.lists_.get(channel), true);
  }

  markUnread(channel) {
    if (channel === this.active) return;
    const tab = this.tabs_.querySelector(`[data-channel="${CSS.escape(channel)}"] .unread`);
    if (tab) tab.hidden = false;
  }

  // Redraws one channel: committed events, then this client's messages not yet acknowledged.
  renderChannel(channel, events, outgoing, people, youId) {
    const list = this.lists_.get(channel);
    if (!list) return;
    const nearEnd = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
    const name = (id) => people.get(id)?.name ?? t('unknown.person', { id });
    const items = events.map((event) => this.eventItem_(event, people, youId, name)).filter(Boolean);
    for (const item of outgoing) items.push(this.messageItem_({ channel, mine: true, sender: name(youId), text: item.text, state: item.state, id: item.id }));
    list.replaceChildren(...items);
    this.scrollToEnd_(list, nearEnd);
  }

  eventItem_({ seq, header, body }, people, youId, name) {
    if (header.kind === 'message') {
      const person = people.get(header.actor);
      const sender = person ? `${person.name}（${roleLabel(person.role, person.side)}）` : name(header.actor);
      return this.messageItem_({ channel: header.channel, seq, mine: header.actor === youId, sender, text: body.text, time: header.time, state: 'sent', id: body.client_id });
    }
    let text = null;
    if (header.kind === 'room.created') text = t('system.created', { title: body.title });
    if (header.kind === 'participant.joined') text = t('system.joined', { name: body.participant.name });
    if (header.kind === 'participant.left') text = t('system.left', { name: name(body.participant) });
    if (header.kind === 'advisor.admitted') text = t('system.advisorIn', { name: body.participant.name });
    if (header.kind === 'advisor.dismissed') text = t('system.advisorOut', { name: body.participant.name });
    if (text === null) return null;
    return el('div', { className: 'system', dataset: { testid: 'system-line', seq: String(seq), kind: header.kind } }, [text]);
  }

  messageItem_({ channel, seq, mine, sender, text, time, state, id }) {
    const meta = el('div', { className: 'meta' }, [el('span', { className: 'sender', dataset: { testid: 'message-sender' }, textContent: sender })]);
    if (time !== undefined) meta.append(el('time', { dateTime: new Date(time).toISOString(), title: formatDateTime(time), dataset: { testid: 'message-time' }, textContent: formatTime(time) }));
    if (state !== 'sent') meta.append(el('span', { className: `state ${state}`, dataset: { testid: 'message-state' }, textContent: t(`message.${state}`) }));
    const dataset = { testid: 'message', channel, state, clientId: id };
    if (seq !== undefined) dataset.seq = String(seq);
    return el('div', { className: `msg${mine ? ' mine' : ''}`, dataset }, [meta, el('div', { className: 'text', dataset: { testid: 'message-text' }, textContent: text })]);
  }

  scrollToEnd_(list, force) {
    if (list && force) list.scrollTop = list.scrollHeight;
  }

  setStatus(state) {
    const status = $('connection-status');
    status.dataset.state = state;
    const key = state === 'unreachable' ? 'offline' : state;
    status.textContent = t(`status.${key}`);
  }

  // `advisors`: for a mediator, who is in the joint room and how to bring an advisor in or out.
  setPresence(online, advisors = null) {
    $('presence-list').replaceChildren(
      ...online.map((p) => {
        const children = [el('span', { className: 'dot' }), `${p.name}（${roleLabel(p.role, p.side)}）`];
        if (advisors && p.role === 'advisor') {
          const inMain = advisors.inMain.has(p.id);
          const button = el('button', { type: 'button', className: 'advisor-toggle', dataset: { testid: 'advisor-toggle', inMain: String(inMain) } }, [
            t(inMain ? 'advisor.sendOut' : 'advisor.bringIn'),
          ]);
          button.addEventListener('click', () => advisors.toggle(p.id, !inMain));
          children.push(button);
        }
        return el('li', { dataset: { testid: 'presence-item', participantId: p.id } }, children);
      }),
    );
  }

  setTyping(names) {
    const key = names.length > 1 ? 'typing.many' : 'typing.one';
    $('typing-indicator').textContent = names.length ? t(key, { names: names.join(t('list.separator')) }) : '';
  }

  showError(code) {
    const banner = $('error-banner');
    banner.hidden = false;
    banner.dataset.code = code;
    $('error-text').textContent = errorText(code);
  }

  // Re-says the shown error in the current language.
  refreshError() {
    const banner = $('error-banner');
    if (!banner.hidden) $('error-text').textContent = errorText(banner.dataset.code);
  }

  hideError(code) {
    const banner = $('error-banner');
    if (code === undefined || banner.dataset.code === code) banner.hidden = true;
  }

  setCheckpoint(keeper, roomId) {
    const status = $('checkpoint-status');
    const link = $('checkpoint-download');
    const verified = $('verified-status');
    if (!keeper.latest) {
      status.textContent = t('checkpoint.none');
      link.hidden = true;
    } else {
      status.textContent = t('checkpoint.received', { size: keeper.latest.size });
      if (link.href) URL.revokeObjectURL(link.href);
      link.href = keeper.downloadUrl();
      link.download = keeper.downloadName(roomId);
      link.hidden = false;
    }
    const verifiedUpTo = keeper.problem ? null : keeper.verifiedUpTo;
    verified.hidden = verifiedUpTo === null;
    verified.textContent = verifiedUpTo === null ? '' : t('checkpoint.verified', { size: verifiedUpTo });
    const warning = $('record-warning');
    warning.hidden = !keeper.problem;
    warning.dataset.problem = keeper.problem ?? '';
    warning.textContent = keeper.problem ? t(`record.${keeper.problem}`) : '';
  }
}
