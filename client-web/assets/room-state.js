// What this browser holds of a room's record: the events it was shown and where to resume
// (PROTOCOL.md §3). Kept in sessionStorage per room, so a reload resumes from last_seq and still
// shows the history it had, without asking the server for it again.
export class RoomState {
  constructor(roomId, storage = sessionStorage) {
    this.key_ = `mr.room.${roomId}`;
    this.storage_ = storage;
    this.saveTimer_ = null;
    this.clear();
    this.load_();
  }

  clear() {
    this.epoch = null;
    this.lastSeq = -1;
    this.youId = null;
    this.events_ = new Map(); // seq → {seq, header, body}
    this.acked_ = new Map(); // seq → own message acknowledged before its event arrived
    this.people = new Map(); // participant id → {id, name, role, side}
  }

  // Forget everything, here and in storage: the epoch changed or another person uses this tab.
  reset() {
    this.clear();
    this.save();
  }

  load_() {
    let saved = null;
    try {
      saved = JSON.parse(this.storage_.getItem(this.key_));
    } catch {
      saved = null;
    }
    if (!saved || !Array.isArray(saved.events)) return;
    this.epoch = saved.epoch ?? null;
    this.lastSeq = Number.isInteger(saved.lastSeq) ? saved.lastSeq : -1;
    this.youId = saved.youId ?? null;
    for (const event of saved.events) this.addEvent(event);
  }

  save() {
    clearTimeout(this.saveTimer_);
    this.saveTimer_ = null;
    const data = { epoch: this.epoch, lastSeq: this.lastSeq, youId: this.youId, events: [...this.events_.values()] };
    try {
      this.storage_.setItem(this.key_, JSON.stringify(data));
    } catch {
      // Storage full: drop the copy, so a reload replays everything rather than resuming with a hole.
      this.storage_.removeItem(this.key_);
    }
  }

  // Saving on every live event would rewrite the whole history each time; batch them.
  saveSoon() {
    if (this.saveTimer_ === null) this.saveTimer_ = setTimeout(() => this.save(), 250);
  }

  // Returns false for an event already held (a duplicate must never show twice).
  addEvent({ seq, header, body }) {
    if (this.events_.has(seq)) return false;
    this.events_.set(seq, { seq, header, body });
    this.acked_.delete(seq);
    if (seq > this.lastSeq) this.lastSeq = seq;
    this.learnPeople_(header.kind, body);
    return true;
  }

  // Our own message, committed as `seq`; shown until its event arrives (on this connection or a later replay).
  addAcked(seq, { channel, text, id }, actor) {
    if (this.events_.has(seq)) return;
    this.acked_.set(seq, { seq, header: { kind: 'message', channel, actor, time: Date.now() }, body: { text, client_id: id } });
  }

  // The newest event received (not merely acknowledged) with seq < size: what a checkpoint of that size must include.
  latestEventBefore(size) {
    let latest = null;
    for (const event of this.events_.values()) {
      if (event.seq < size && (!latest || event.seq > latest.seq)) latest = event;
    }
    return latest;
  }

  hasEvent(seq) {
    return this.events_.has(seq) || this.acked_.has(seq);
  }

  // Advisors a mediator has brought into the joint room, from the recorded events.
  advisorsInMain() {
    const inMain = new Set();
    for (const { header, body } of [...this.events_.values()].sort((a, b) => a.seq - b.seq)) {
      if (header.kind === 'advisor.admitted') inMain.add(body.participant.id);
      if (header.kind === 'advisor.dismissed') inMain.delete(body.participant.id);
    }
    return inMain;
  }

  learnPerson(person) {
    if (person && person.id) this.people.set(person.id, { ...this.people.get(person.id), ...person });
  }

  learnPeople_(kind, body) {
    if (kind === 'room.created' && body.mediator) this.learnPerson({ ...body.mediator, role: 'mediator', side: null });
    if (kind === 'participant.joined') this.learnPerson(body.participant);
    // Parties learn an advisor's name only when the advisor is brought into the joint room.
    if (kind === 'advisor.admitted') this.learnPerson({ ...body.participant, role: 'advisor', side: null });
  }

  // Events of one channel in record order, own acknowledged messages included.
  timeline(channel) {
    return [...this.events_.values(), ...this.acked_.values()]
      .filter((event) => event.header.channel === channel)
      .sort((a, b) => a.seq - b.seq);
  }
}
