// Messages sent but not yet acknowledged. Kept in sessionStorage so that after a reconnect or a
// reload they are sent again with the same id, which the server makes idempotent (PROTOCOL.md §3).
export class Outbox {
  constructor(roomId, storage = sessionStorage) {
    this.key_ = `mr.outbox.${roomId}`;
    this.storage_ = storage;
    this.items_ = new Map(); // id → {id, channel, text, state: 'pending' | 'failed', code?}
    try {
      for (const item of JSON.parse(storage.getItem(this.key_)) ?? []) this.items_.set(item.id, item);
    } catch {
      this.items_.clear();
    }
  }

  add(channel, text) {
    const item = { id: crypto.randomUUID(), channel, text, state: 'pending' };
    this.items_.set(item.id, item);
    this.save_();
    return item;
  }

  get(id) {
    return this.items_.get(id);
  }

  remove(id) {
    const item = this.items_.get(id);
    if (this.items_.delete(id)) this.save_();
    return item;
  }

  // The server refused it: nothing was recorded, so it is shown as not sent and not retried.
  fail(id, code) {
    const item = this.items_.get(id);
    if (!item) return;
    item.state = 'failed';
    item.code = code;
    this.save_();
  }

  pending() {
    return [...this.items_.values()].filter((item) => item.state === 'pending');
  }

  inChannel(channel) {
    return [...this.items_.values()].filter((item) => item.channel === channel);
  }

  save_() {
    try {
      this.storage_.setItem(this.key_, JSON.stringify([...this.items_.values()]));
    } catch {
      // Without storage the outbox still works for this page.
    }
  }
}
