#include "room/room.hpp"

#include <boost/asio/post.hpp>
#include <limits>
#include <spdlog/spdlog.h>

#include "room/refusal_codes.hpp"
#include "record/event.hpp"
#include "store/event_reader.hpp"

namespace mr::room {
namespace asio = boost::asio;

namespace {

constexpr const char* kAdvisorIn = "advisor.admitted";
constexpr const char* kAdvisorOut = "advisor.dismissed";
constexpr std::int64_t kOpen = std::numeric_limits<std::int64_t>::max();

EventPtr to_committed(store::StoredEvent&& e) {
  auto out = std::make_shared<CommittedEvent>();
  out->seq = e.seq;
  out->channel = parse_channel(e.channel).value_or(Channel::main);
  out->header = std::move(e.header);
  out->body = std::move(e.body);
  return out;
}

nlohmann::json participant_json(const Identity& who) {
  return {{"id", who.participant},
          {"name", who.name},
          {"role", to_string(who.role)},
          {"side", who.side ? nlohmann::json(to_string(*who.side)) : nlohmann::json(nullptr)}};
}

}  // namespace

Room::Room(asio::any_io_executor executor, store::RoomRow info, RoomServices services,
           OnFailed on_failed)
    : strand_(asio::make_strand(executor)),
      info_(std::move(info)),
      services_(std::move(services)),
      on_failed_(std::move(on_failed)),
      record_(info_.id, services_.signer),
      checkpoint_timer_(strand_) {
  load();
}

// A request whose client id was already accepted makes no new event: it is acked with the
// original seq, now or once that event is committed.
bool Room::answered_as_repeat(const MemberPtr& member, const std::string& key,
                              const std::string& client_id) {
  auto it = client_ids_.find(key);
  if (it == client_ids_.end()) return false;
  if (it->second <= head_)
    member->on_ack(client_id, it->second, true);
  else
    waiting_duplicates_[it->second].emplace_back(member, client_id);
  return true;
}

std::string Room::dedupe_key(const std::string& participant, const std::string& client_id) {
  return participant + '\x1f' + client_id;
}

void Room::load() {
  services_.catalog.with_db([&](SQLite::Database& db) {
    store::for_each_event(db, info_.id, [&](store::StoredEvent&& e) {
      if (e.client_id) client_ids_[dedupe_key(e.actor, *e.client_id)] = e.seq;
      if (e.kind == kAdvisorIn || e.kind == kAdvisorOut)
        record_advisor_access(nlohmann::json::parse(e.body)["participant"]["id"], e.kind == kAdvisorIn,
                              e.seq);
      record_.append_leaf(e.header);
      tail_.push_back(to_committed(std::move(e)));
      if (tail_.size() > services_.limits.tail_events) tail_.pop_front();
    });
  });
  head_ = record_.size() - 1;
  next_seq_ = head_ + 1;
  auto checkpoints = services_.catalog.with_db(
      [&](SQLite::Database& db) { return store::read_checkpoints(db, info_.id); });
  if (!checkpoints.empty()) record_.restore(checkpoints.back());
}

bool Room::visible(const Identity& who, const CommittedEvent& e) const {
  if (who.role != Role::advisor || e.channel != Channel::main)
    return allowed(who, Access::read, e.channel);
  auto it = advisor_main_.find(who.participant);
  if (it == advisor_main_.end()) return false;
  for (auto [from, to] : it->second)
    if (e.seq >= from && e.seq <= to) return true;
  return false;
}

bool Room::in_main(const Identity& who) const {
  if (who.role != Role::advisor) return false;
  auto it = advisor_main_.find(who.participant);
  return it != advisor_main_.end() && it->second.back().second == kOpen;
}

bool Room::may_write(const Identity& who, Channel channel) const {
  return allowed(who, Access::write, channel, in_main(who));
}

void Room::record_advisor_access(const std::string& advisor, bool in, std::int64_t seq) {
  auto& spans = advisor_main_[advisor];
  if (in)
    spans.emplace_back(seq, kOpen);
  else if (!spans.empty())
    spans.back().second = seq;
}

void Room::join(MemberPtr member, std::int64_t last_seq, std::optional<std::int64_t> epoch) {
  asio::post(strand_, [self = shared_from_this(), member = std::move(member), last_seq, epoch] {
    self->do_join(member, last_seq, epoch);
  });
}

void Room::do_join(MemberPtr member, std::int64_t last_seq, std::optional<std::int64_t> epoch) {
  if (failed_) return member->end(Ending::store_unavailable);
  // A stale epoch, or a position the room never reached: the client must start over.
  const bool reset = (epoch && *epoch != info_.epoch) || last_seq > head_;
  if (reset) last_seq = -1;
  member->on_welcome({&info_, &member->identity(), head_, reset, in_main(member->identity())});
  auto& a = attendance_[member.get()];
  a.member = member;
  a.next_replay = last_seq + 1;
  replay_slice(a);
}

void Room::continue_replay(MemberPtr member) {
  asio::post(strand_, [self = shared_from_this(), member = std::move(member)] {
    auto it = self->attendance_.find(member.get());
    if (it != self->attendance_.end() && !it->second.live) self->replay_slice(it->second);
  });
}

// Sends the next slice of history; the member asks for more once it has drained
// (continue_replay), so a long history never piles up in memory.
void Room::replay_slice(Attendance& a) {
  const auto& who = a.member->identity();
  std::size_t sent_bytes = 0;
  auto send = [&](const EventPtr& e) {
    if (visible(who, *e)) {
      a.member->on_event(e);
      sent_bytes += e->header.size() + e->body.size();
    }
    a.next_replay = e->seq + 1;
  };
  const std::int64_t tail_first = tail_.empty() ? head_ + 1 : tail_.front()->seq;
  while (a.next_replay <= head_ && sent_bytes < services_.limits.replay_slice_bytes) {
    if (a.next_replay < tail_first) {
      constexpr std::int64_t kReadBatch = 512;
      auto last = std::min(tail_first - 1, a.next_replay + kReadBatch - 1);
      auto rows = services_.catalog.with_db([&](SQLite::Database& db) {
        return store::read_events(db, info_.id, a.next_replay, last);
      });
      for (auto& row : rows) send(to_committed(std::move(row)));
      a.next_replay = last + 1;
    } else {
      send(tail_[a.next_replay - tail_first]);
    }
  }
  if (a.next_replay > head_) go_live(a);
}

void Room::go_live(Attendance& a) {
  a.live = true;
  a.member->on_caught_up(head_);
  const auto& who = a.member->identity();
  auto& presence = online_[who.participant];
  presence.identity = who;
  if (++presence.connections == 1)
    append(who.participant, "participant.joined", home_channel(who.role, in_main(who)),
           {{"participant", participant_json(who)}}, std::nullopt, nullptr);
  broadcast_presence();
  if (auto note = record_.latest_note()) a.member->on_checkpoint(*note);
}

void Room::leave(MemberPtr member) {
  asio::post(strand_, [self = shared_from_this(), member = std::move(member)] {
    self->do_leave(member);
  });
}

void Room::do_leave(const MemberPtr& member) {
  auto it = attendance_.find(member.get());
  if (it == attendance_.end()) return;
  const bool was_live = it->second.live;
  attendance_.erase(it);
  if (!was_live) return;
  const auto& who = member->identity();
  auto p = online_.find(who.participant);
  if (p != online_.end() && --p->second.connections == 0) {
    online_.erase(p);
    if (!failed_)
      append(who.participant, "participant.left", home_channel(who.role, in_main(who)),
             {{"participant", who.participant}}, std::nullopt, nullptr);
  }
  broadcast_presence();
}

void Room::submit(MemberPtr member, std::string client_id, Channel channel, std::string text) {
  asio::post(strand_, [self = shared_from_this(), member = std::move(member),
                       client_id = std::move(client_id), channel, text = std::move(text)]() mutable {
    self->do_submit(member, std::move(client_id), channel, std::move(text));
  });
}

void Room::do_submit(const MemberPtr& member, std::string client_id, Channel channel,
                     std::string text) {
  const auto& who = member->identity();
  if (failed_) return member->end(Ending::store_unavailable);
  if (!may_write(who, channel))
    return member->on_refused(kForbiddenChannel,
                              "you may not write to " + std::string(to_string(channel)),
                              client_id);
  const auto key = dedupe_key(who.participant, client_id);
  if (answered_as_repeat(member, key, client_id)) return;
  client_ids_.emplace(key, next_seq_);
  std::weak_ptr<Member> sender = member;
  append(who.participant, "message", channel, {{"text", std::move(text)}, {"client_id", client_id}},
         client_id, [sender, client_id](const EventPtr& e) {
           if (auto m = sender.lock()) m->on_ack(client_id, e->seq, false);
         });
}

void Room::append(const std::string& actor, const std::string& kind, Channel channel,
                  const nlohmann::json& body, std::optional<std::string> client_id, OnCommit then,
                  OnCommit apply) {
  auto e = record::make_event(info_.id, next_seq_++, record::now_ms(), actor, kind,
                              std::string(to_string(channel)), body);
  auto committed = std::make_shared<CommittedEvent>();
  committed->seq = e.seq;
  committed->channel = channel;
  committed->header = e.header;
  committed->body = e.body;
  store::StoredEvent row{std::move(e.room), e.seq,         e.time_ms,
                         std::move(e.actor), std::move(e.kind), std::move(e.channel),
                         std::move(client_id), std::move(e.header), std::move(e.body)};
  services_.writer.append(
      stream_, std::move(row),
      [self = shared_from_this(), committed, then = std::move(then),
       apply = std::move(apply)](bool ok) mutable {
        asio::post(self->strand_, [self, committed, ok, then = std::move(then),
                                   apply = std::move(apply)] {
          if (ok)
            self->on_committed(committed, then, apply);
          else
            self->fail();
        });
      });
}

void Room::on_committed(const EventPtr& event, const OnCommit& then, const OnCommit& apply) {
  if (failed_) return;
  head_ = event->seq;
  if (apply) apply(event);
  tail_.push_back(event);
  if (tail_.size() > services_.limits.tail_events) tail_.pop_front();
  for (auto& [_, a] : attendance_)
    if (a.live && visible(a.member->identity(), *event)) a.member->on_event(event);
  if (then) then(event);
  if (auto it = waiting_duplicates_.find(event->seq); it != waiting_duplicates_.end()) {
    for (auto& [waiter, client_id] : it->second)
      if (auto m = waiter.lock()) m->on_ack(client_id, event->seq, true);
    waiting_duplicates_.erase(it);
  }
  record_.append_leaf(event->header);
  if (record_.checkpoint_due(services_.checkpoint_every))
    checkpoint_now();
  else
    schedule_checkpoint();
}

void Room::checkpoint_now() {
  auto checkpoint = record_.sign_checkpoint();
  services_.writer.append_checkpoint(stream_, checkpoint, nullptr);
  for (auto& [_, a] : attendance_)
    if (a.live) a.member->on_checkpoint(checkpoint.note);
}

void Room::schedule_checkpoint() {
  if (checkpoint_scheduled_) return;
  checkpoint_scheduled_ = true;
  checkpoint_timer_.expires_after(services_.checkpoint_interval);
  checkpoint_timer_.async_wait([self = shared_from_this()](boost::system::error_code) {
    self->checkpoint_scheduled_ = false;
    if (!self->failed_ && self->record_.checkpoint_due(1)) self->checkpoint_now();
  });
}

// The store refused a commit: nothing after it may be acknowledged, so every connection ends and
// the room is reloaded from what the store really holds on the next join.
void Room::fail() {
  if (failed_) return;
  failed_ = true;
  spdlog::error("room {}: store commit failed; closing the room's connections", info_.id);
  for (auto& [_, a] : attendance_) a.member->end(Ending::store_unavailable);
  attendance_.clear();
  online_.clear();
  if (on_failed_) on_failed_(info_.id);
}

void Room::broadcast_presence() {
  for (auto& [_, a] : attendance_) {
    if (!a.live) continue;
    const auto& viewer = a.member->identity();
    std::vector<const Identity*> seen;
    for (auto& [__, p] : online_)
      if (allowed(viewer, Access::read, home_channel(p.identity.role, in_main(p.identity)),
                  in_main(viewer)))
        seen.push_back(&p.identity);
    a.member->on_presence(seen);
  }
}

void Room::typing(MemberPtr member, Channel channel) {
  asio::post(strand_, [self = shared_from_this(), member = std::move(member), channel] {
    const auto& who = member->identity();
    if (!self->may_write(who, channel))
      return member->on_refused(kForbiddenChannel,
                                "you may not write to " + std::string(to_string(channel)), "");
    for (auto& [key, a] : self->attendance_)
      if (a.live && key != member.get() &&
          allowed(a.member->identity(), Access::read, channel, self->in_main(a.member->identity())))
        a.member->on_typing(channel, who.participant);
  });
}

void Room::set_advisor_in_main(MemberPtr member, std::string client_id, std::string advisor,
                               bool in) {
  asio::post(strand_, [self = shared_from_this(), member = std::move(member),
                       client_id = std::move(client_id), advisor = std::move(advisor), in] {
    self->do_set_advisor(member, client_id, advisor, in);
  });
}

void Room::do_set_advisor(const MemberPtr& member, const std::string& client_id,
                          const std::string& advisor, bool in) {
  const auto& who = member->identity();
  if (failed_) return member->end(Ending::store_unavailable);
  if (who.role != Role::mediator)
    return member->on_refused(kForbidden, "only a mediator brings an advisor in or out", client_id);
  const auto key = dedupe_key(who.participant, client_id);
  if (answered_as_repeat(member, key, client_id)) return;
  // A read of the catalog on the strand: rare, and the advisor may not be connected.
  auto person = services_.catalog.participant(advisor);
  if (!person || person->room != info_.id || person->role != "advisor")
    return member->on_refused(kUnknownParticipant, "no such advisor in this room", client_id);
  Identity target{person->id, person->name, Role::advisor, std::nullopt};
  if (in_main(target) == in)
    return member->on_refused(kUnchanged,
                              in ? "the advisor is already in the joint room"
                                 : "the advisor is not in the joint room",
                              client_id);
  client_ids_.emplace(key, next_seq_);
  std::weak_ptr<Member> sender = member;
  append(
      who.participant, in ? kAdvisorIn : kAdvisorOut, Channel::main,
      {{"participant", {{"id", target.participant}, {"name", target.name}}},
       {"client_id", client_id}},
      client_id,
      [self = shared_from_this(), sender, client_id, advisor, in](const EventPtr& e) {
        if (auto m = sender.lock()) m->on_ack(client_id, e->seq, false);
        for (auto& [_, a] : self->attendance_)
          if (a.member->identity().participant == advisor) a.member->on_access(in);
        self->broadcast_presence();
      },
      [self = shared_from_this(), advisor, in](const EventPtr& e) {
        self->record_advisor_access(advisor, in, e->seq);
      });
}

void Room::latest_checkpoint(MemberPtr member) {
  asio::post(strand_, [self = shared_from_this(), member = std::move(member)] {
    if (auto note = self->record_.latest_note()) return member->on_checkpoint(*note);
    member->on_refused(kOutOfRange, "no checkpoint has been signed yet", "");
  });
}

void Room::inclusion_proof(MemberPtr member, std::int64_t seq, std::int64_t size) {
  asio::post(strand_, [self = shared_from_this(), member = std::move(member), seq, size] {
    auto proof = self->record_.inclusion(seq, size);
    if (!proof)
      return member->on_refused(kOutOfRange,
                                "need 0 <= seq < size <= " + std::to_string(self->record_.size()),
                                "");
    member->on_inclusion_proof(seq, size, proof->leaf, proof->path);
  });
}

void Room::consistency_proof(MemberPtr member, std::int64_t from, std::int64_t to) {
  asio::post(strand_, [self = shared_from_this(), member = std::move(member), from, to] {
    auto path = self->record_.consistency(from, to);
    if (!path)
      return member->on_refused(kOutOfRange,
                                "need 1 <= from <= to <= " + std::to_string(self->record_.size()),
                                "");
    member->on_consistency_proof(from, to, *path);
  });
}

void Room::end_participant(std::string participant) {
  asio::post(strand_, [self = shared_from_this(), participant = std::move(participant)] {
    for (auto& [_, a] : self->attendance_)
      if (a.member->identity().participant == participant) a.member->end(Ending::session_ended);
  });
}

void Room::end_all() {
  asio::post(strand_, [self = shared_from_this()] {
    for (auto& [_, a] : self->attendance_) a.member->end(Ending::going_away);
  });
}

}  // namespace mr::room
