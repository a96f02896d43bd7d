#include "room/room.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/post.hpp>

#include "crypto/encoding.hpp"
#include "record/event.hpp"
#include "room/refusal_codes.hpp"

namespace mr::room {
namespace asio = boost::asio;
using record::EventKind;

namespace {

EventPtr to_committed(store::StoredEvent&& e) {
  auto out = std::make_shared<CommittedEvent>();
  out->seq = e.seq;
  out->time_ms = e.time_ms;
  out->channel = parse_channel(e.channel).value_or(Channel::main);
  out->kind = std::move(e.kind);
  out->actor = std::move(e.actor);
  out->header = std::move(e.header);
  out->body = std::move(e.body);
  return out;
}

}  // namespace

store::Result<std::shared_ptr<Room>> Room::load(asio::any_io_executor executor, store::RoomRow info,
                                                RoomServices services) {
  std::shared_ptr<Room> room(new Room(std::move(executor), std::move(info), std::move(services)));
  if (auto read = room->read_log(); !read) return read.error();
  room->update_quiet();
  return room;
}

Room::Room(asio::any_io_executor executor, store::RoomRow info, RoomServices services)
    : executor_(std::move(executor)),
      info_(std::move(info)),
      services_(std::move(services)),
      requests_(services_.limits.recent_requests),
      presence_(services_.limits.leave_grace),
      record_(info_.id, services_.signer),
      checkpoint_timer_(executor_),
      departure_timer_(executor_) {
  if (!services_.clock) services_.clock = record::now_ms;
}

// Takes in what the store holds after head_: the whole log at load, and after refused appends
// whatever of them really landed (delivered then like any committed event).
store::Result<void> Room::read_log() {
  bool gap = false;
  auto read = services_.store.for_each_event(info_.id, head_ + 1, [&](store::StoredEvent&& e) {
    if (gap || e.seq != head_ + 1) {
      gap = true;
      return;
    }
    if (e.client_id) requests_.remember(e.actor, *e.client_id, e.seq);
    auto event = to_committed(std::move(e));
    apply(event);
    deliver(event);  // no one to deliver to while loading
    ack_waiting_duplicates(event);
  });
  if (!read) return read.error();
  if (gap) {
    spdlog::error("room {}: the stored log has a gap after seq {}", info_.id, head_);
    return make_error_code(store::StoreErrc::corrupt);
  }
  auto checkpoints = services_.store.checkpoints(info_.id);
  if (!checkpoints) return checkpoints.error();
  if (!checkpoints->empty()) record_.restore(checkpoints->back());
  next_seq_ = head_ + 1;
  return behind_its_witness() ? make_error_code(store::StoreErrc::corrupt) : store::Result<void>{};
}

// A log that lost events the server had signed for (SQLite drops the WAL frames after a damaged
// one, silently) is not served: clients would be told of a shorter history as if it were whole.
bool Room::behind_its_witness() const {
  auto witnessed = services_.store.witnessed_checkpoint(info_.id);
  if (!witnessed) return false;
  const auto signed_root = crypto::to_hex(witnessed->root);
  if (record_.root_hex_at(witnessed->size) == signed_root) return false;
  spdlog::critical(
      "room {}: the store holds {} events, but the server signed a checkpoint of {} events, root "
      "{} (checkpoints.log), that this store does not extend: acknowledged events are missing or "
      "changed. The room is not served. Restore the data directory from a backup (README, "
      "Backups and restore).",
      info_.id, head_ + 1, witnessed->size, signed_root);
  return true;
}

void Room::apply(const EventPtr& e) {
  head_ = e->seq;
  last_time_ms_ = std::max(last_time_ms_, e->time_ms);
  case_.apply(*e);
  record_.append_leaf(e->header);
  tail_.push_back(e);
  if (tail_.size() > services_.limits.tail_events) tail_.pop_front();
}

bool Room::visible(const Identity& who, const CommittedEvent& e) const {
  if (who.role == Role::advisor && e.channel == Channel::main)
    return case_.advisor_reads_main(who.participant, e.seq);
  return allowed(who, Access::read, e.channel);
}

bool Room::in_main(const Identity& who) const {
  return who.role == Role::advisor && case_.in_main(who.participant);
}

bool Room::may_write(const Identity& who, Channel channel) const {
  return allowed(who, Access::write, channel, in_main(who));
}

// Joining and replay

void Room::join(MemberPtr member, std::int64_t last_seq, std::optional<std::int64_t> epoch) {
  asio::post(executor_, [self = shared_from_this(), member = std::move(member), last_seq, epoch] {
    self->do_join(member, last_seq, epoch);
  });
}

std::vector<Identity> Room::directory_for(const Identity& viewer) {
  std::vector<Identity> people;
  auto participants = services_.store.participants(info_.id);
  if (!participants) return {viewer};  // logged by the store; the member still gets in
  for (const auto& p : *participants) {
    auto who = identity_of(p);
    if (knows_of(viewer, who, case_.ever_in_main(who.participant))) people.push_back(who);
  }
  return people;
}

void Room::do_join(MemberPtr member, std::int64_t last_seq, std::optional<std::int64_t> epoch) {
  // A stale epoch, or a position the room never reached: the client must start over.
  const bool reset = (epoch && *epoch != info_.epoch) || last_seq > head_;
  if (reset) last_seq = -1;
  const auto& who = member->identity();
  // A mediator recused from the case is no longer one of its people (PROTOCOL.md §6).
  if (case_.removed(who.participant)) return member->end(Ending::session_ended);
  member->on_welcome({&info_, &who, &case_, directory_for(who), head_, reset, in_main(who)});
  auto& a = attendance_[member.get()];
  a.member = member;
  a.next_replay = last_seq + 1;
  update_quiet();
  replay_slice(a);
}

void Room::continue_replay(MemberPtr member) {
  asio::post(executor_, [self = shared_from_this(), member = std::move(member)] {
    auto it = self->attendance_.find(member.get());
    if (it != self->attendance_.end() && !it->second.live) self->replay_slice(it->second);
  });
}

// Sends the next slice of history; the member asks for more once it has written it out
// (on_replay_paused, continue_replay), so a long history never piles up in memory, whatever its
// events' size.
void Room::replay_slice(Attendance& a) {
  const auto& who = a.member->identity();
  const std::size_t budget = services_.limits.replay_slice_bytes;
  std::size_t sent = 0;
  auto send = [&](const EventPtr& e) {
    if (visible(who, *e)) {
      a.member->on_event(e);
      sent += e->header.size() + e->body.size();
    }
    a.next_replay = e->seq + 1;
  };
  const std::int64_t tail_first = tail_.empty() ? head_ + 1 : tail_.front()->seq;
  while (a.next_replay <= head_ && sent < budget) {
    if (a.next_replay >= tail_first) {
      send(tail_[std::size_t(a.next_replay - tail_first)]);
      continue;
    }
    auto rows = services_.store.read_events(info_.id, a.next_replay, tail_first - 1, budget - sent);
    if (!rows || rows->empty() || rows->front().seq != a.next_replay) {
      spdlog::error("room {}: cannot replay from seq {}", info_.id, a.next_replay);
      return a.member->end(Ending::store_unavailable);
    }
    for (auto& row : *rows) send(to_committed(std::move(row)));
  }
  if (a.next_replay > head_) return go_live(a);
  a.member->on_replay_paused();
}

void Room::go_live(Attendance& a) {
  a.live = true;
  a.member->on_caught_up(head_);
  const auto& who = a.member->identity();
  if (presence_.connect(who) && !write_failed_)
    append(who.participant, EventKind::participant_joined, home_channel(who.role, in_main(who)),
           {{"participant", to_json(who)}}, std::nullopt, nullptr);
  broadcast_presence();
  if (auto note = record_.latest_note()) a.member->on_checkpoint(*note, "");
  update_quiet();
}

// Leaving

void Room::leave(MemberPtr member) {
  asio::post(executor_,
             [self = shared_from_this(), member = std::move(member)] { self->do_leave(member); });
}

void Room::do_leave(const MemberPtr& member) {
  auto it = attendance_.find(member.get());
  if (it == attendance_.end()) return;
  const bool was_live = it->second.live;
  attendance_.erase(it);
  if (was_live) {
    presence_.disconnect(member->identity().participant, Presence::Clock::now());
    schedule_departures();
  }
  update_quiet();
}

void Room::record_departures() {
  auto gone = presence_.take_departures(Presence::Clock::now());
  for (const auto& who : gone)
    if (!write_failed_)
      append(who.participant, EventKind::participant_left, home_channel(who.role, in_main(who)),
             {{"participant", who.participant}}, std::nullopt, nullptr);
  if (!gone.empty()) broadcast_presence();
  schedule_departures();
  update_quiet();
}

void Room::schedule_departures() {
  auto next = presence_.next_departure();
  if (!next) return;
  departure_timer_.expires_at(*next);
  departure_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (!ec) self->record_departures();
  });
}

void Room::broadcast_presence() {
  const auto people = presence_.people();
  std::vector<std::unique_ptr<PresenceList>> lists;  // one per distinct view: a handful
  for (auto& [_, a] : attendance_) {
    if (!a.live) continue;
    const auto& viewer = a.member->identity();
    std::vector<const Identity*> seen;
    for (const auto* p : people)
      if (share_a_channel(viewer, in_main(viewer), *p, in_main(*p))) seen.push_back(p);
    auto same = std::find_if(lists.begin(), lists.end(),
                             [&](const auto& list) { return list->online == seen; });
    if (same == lists.end()) {
      lists.push_back(std::make_unique<PresenceList>());
      lists.back()->online = std::move(seen);
      same = std::prev(lists.end());
    }
    a.member->on_presence(**same);
  }
}

// Writing

bool Room::answered_as_repeat(const MemberPtr& member, const std::string& client_id) {
  const auto& who = member->identity().participant;
  auto seq = requests_.find(who, client_id);
  if (!seq && !requests_.complete()) {
    auto stored = services_.store.seq_of_request(info_.id, who, client_id);
    if (!stored) {
      member->on_refused(kUnavailable, kStoreRefused, client_id);
      return true;
    }
    seq = *stored;
  }
  if (!seq) return false;
  if (*seq <= head_)
    member->on_ack(client_id, *seq, true);
  else
    waiting_duplicates_[*seq].emplace_back(member, client_id);
  return true;
}

bool Room::writable(const MemberPtr& member, const std::string& client_id) {
  if (write_failed_ && in_flight_ == 0) resync();
  if (!write_failed_) return true;
  member->on_refused(kUnavailable, kStoreRefused, client_id);
  return false;
}

void Room::submit(MemberPtr member, std::string client_id, Channel channel, std::string text) {
  asio::post(executor_,
             [self = shared_from_this(), member = std::move(member),
              client_id = std::move(client_id), channel, text = std::move(text)]() mutable {
               self->do_submit(member, std::move(client_id), channel, std::move(text));
             });
}

void Room::do_submit(const MemberPtr& member, std::string client_id, Channel channel,
                     std::string text) {
  const auto& who = member->identity();
  if (answered_as_repeat(member, client_id) || refused_as_closed(member, client_id)) return;
  if (!may_write(who, channel))
    return member->on_refused(kForbiddenChannel,
                              "you may not write to " + std::string(to_string(channel)), client_id);
  if (!writable(member, client_id)) return;
  requests_.remember(who.participant, client_id, next_seq_);
  std::weak_ptr<Member> sender = member;
  append(
      who.participant, EventKind::message, channel,
      {{"text", std::move(text)}, {"client_id", client_id}}, client_id,
      [sender, client_id](const EventPtr& e) {
        if (auto m = sender.lock()) m->on_ack(client_id, e->seq, false);
      },
      [self = shared_from_this(), sender, participant = who.participant, client_id] {
        self->requests_.forget(participant, client_id);
        if (auto m = sender.lock()) m->on_refused(kUnavailable, kStoreRefused, client_id);
      });
}

void Room::append(const std::string& actor, EventKind kind, Channel channel,
                  const nlohmann::json& body, std::optional<std::string> client_id, OnCommit then,
                  OnRefused refused) {
  last_time_ms_ = std::max(services_.clock(), last_time_ms_);
  auto e = record::make_event(info_.id, next_seq_++, last_time_ms_, actor,
                              std::string(to_string(kind)), std::string(to_string(channel)), body);
  auto committed = std::make_shared<CommittedEvent>();
  committed->seq = e.seq;
  committed->time_ms = e.time_ms;
  committed->channel = channel;
  committed->kind = e.kind;
  committed->actor = e.actor;
  committed->header = e.header;
  committed->body = e.body;
  ++in_flight_;
  quiet_ = false;
  services_.store.append(
      stream_,
      {std::move(e.room), e.seq, e.time_ms, std::move(e.actor), std::move(e.kind),
       std::move(e.channel), std::move(client_id), std::move(e.header), std::move(e.body)},
      [self = shared_from_this(), committed, then = std::move(then),
       refused = std::move(refused)](std::error_code ec) mutable {
        asio::post(self->executor_,
                   [self, committed, ec, then = std::move(then), refused = std::move(refused)] {
                     self->on_appended(committed, ec, then, refused);
                   });
      });
}

void Room::on_appended(const EventPtr& event, std::error_code ec, const OnCommit& then,
                       const OnRefused& refused) {
  --in_flight_;
  if (ec || write_failed_) {
    if (!write_failed_)
      spdlog::error("room {}: the store refused seq {}: {}; writes stop until it recovers",
                    info_.id, event->seq, ec.message());
    write_failed_ = true;
    if (refused) refused();
    if (auto it = waiting_duplicates_.find(event->seq); it != waiting_duplicates_.end()) {
      for (auto& [waiter, client_id] : it->second)
        if (auto m = waiter.lock()) m->on_refused(kUnavailable, kStoreRefused, client_id);
      waiting_duplicates_.erase(it);
    }
    if (in_flight_ == 0) resync();
    return update_quiet();
  }
  apply(event);
  deliver(event);
  if (then) then(event);
  ack_waiting_duplicates(event);
  if (record_.checkpoint_due(services_.checkpoint_every))
    checkpoint_now();
  else
    schedule_checkpoint();
  update_quiet();
}

void Room::deliver(const EventPtr& event) {
  for (auto& [_, a] : attendance_)
    if (a.live && visible(a.member->identity(), *event)) a.member->on_event(event);
}

// Repeats of a request that was still being committed: acked once the original has been.
void Room::ack_waiting_duplicates(const EventPtr& event) {
  if (auto it = waiting_duplicates_.find(event->seq); it != waiting_duplicates_.end()) {
    for (auto& [waiter, client_id] : it->second)
      if (auto m = waiter.lock()) m->on_ack(client_id, event->seq, true);
    waiting_duplicates_.erase(it);
  }
}

void Room::resync() {
  if (auto read = read_log(); !read) {
    spdlog::error("room {}: cannot re-read the store: {}", info_.id, read.error().message());
    return;
  }
  stream_ = store::Store::new_stream_id();
  write_failed_ = false;
  spdlog::info("room {}: the store takes writes again from seq {}", info_.id, next_seq_);
}

// Advisors

void Room::set_advisor_in_main(MemberPtr member, std::string client_id, std::string advisor,
                               bool in) {
  asio::post(executor_, [self = shared_from_this(), member = std::move(member),
                       client_id = std::move(client_id), advisor = std::move(advisor),
                       in] { self->do_set_advisor(member, client_id, advisor, in); });
}

void Room::do_set_advisor(const MemberPtr& member, const std::string& client_id,
                          const std::string& advisor, bool in) {
  const auto& who = member->identity();
  if (who.role != Role::mediator)
    return member->on_refused(kForbidden, "only a mediator brings an advisor in or out", client_id);
  if (answered_as_repeat(member, client_id) || refused_as_closed(member, client_id)) return;
  // A read of the store on its executor: rare, and the advisor may not be connected.
  auto person = services_.store.participant(advisor);
  if (!person) return member->on_refused(kUnavailable, kStoreRefused, client_id);
  if (!*person || (*person)->room != info_.id || (*person)->role != "advisor")
    return member->on_refused(kUnknownParticipant, "no such advisor in this room", client_id);
  if (case_.in_main(advisor) == in)
    return member->on_refused(
        kUnchanged,
        in ? "the advisor is already in the joint room" : "the advisor is not in the joint room",
        client_id);
  if (!writable(member, client_id)) return;
  requests_.remember(who.participant, client_id, next_seq_);
  std::weak_ptr<Member> sender = member;
  append(
      who.participant, in ? EventKind::advisor_admitted : EventKind::advisor_dismissed,
      Channel::main,
      {{"participant", {{"id", advisor}, {"name", (*person)->name}}}, {"client_id", client_id}},
      client_id,
      [self = shared_from_this(), sender, client_id, advisor, in](const EventPtr& e) {
        if (auto m = sender.lock()) m->on_ack(client_id, e->seq, false);
        for (auto& [_, a] : self->attendance_)
          if (a.member->identity().participant == advisor) a.member->on_access(in);
        self->broadcast_presence();
      },
      [self = shared_from_this(), sender, participant = who.participant, client_id] {
        self->requests_.forget(participant, client_id);
        if (auto m = sender.lock()) m->on_refused(kUnavailable, kStoreRefused, client_id);
      });
}

// Typing, endings

void Room::typing(MemberPtr member, Channel channel) {
  asio::post(executor_, [self = shared_from_this(), member = std::move(member), channel] {
    const auto& who = member->identity();
    if (self->refused_as_closed(member, "")) return;
    if (!self->may_write(who, channel))
      return member->on_refused(kForbiddenChannel,
                                "you may not write to " + std::string(to_string(channel)), "");
    for (auto& [key, a] : self->attendance_)
      if (a.live && key != member.get() && a.member->identity().participant != who.participant &&
          allowed(a.member->identity(), Access::read, channel, self->in_main(a.member->identity())))
        a.member->on_typing(channel, who.participant);
  });
}

void Room::end_participant(std::string participant) {
  asio::post(executor_, [self = shared_from_this(), participant = std::move(participant)] {
    for (auto& [_, a] : self->attendance_)
      if (a.member->identity().participant == participant) a.member->end(Ending::session_ended);
  });
}

void Room::release_members() { attendance_.clear(); }

void Room::end_all() {
  asio::post(executor_, [self = shared_from_this()] {
    for (const auto& who : self->presence_.take_everyone())
      if (!self->write_failed_)
        self->append(who.participant, EventKind::participant_left,
                     home_channel(who.role, self->in_main(who)), {{"participant", who.participant}},
                     std::nullopt, nullptr);
    for (auto& [_, a] : self->attendance_) a.member->end(Ending::going_away);
  });
}

}  // namespace mr::room
