// The room's side of the procedure (PROTOCOL.md §6): look up what an act needs, let the pure
// planner (acts.cpp) decide, record the event, and tell everyone the case's new state.
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "crypto/random.hpp"
#include "room/case_json.hpp"
#include "room/refusal_codes.hpp"
#include "room/room.hpp"

namespace mr::room {
namespace asio = boost::asio;

bool Room::refused_as_closed(const MemberPtr& member, const std::string& client_id) {
  if (case_.phase() != Phase::closed) return false;
  member->on_refused(kCaseClosed, "the case is closed: the room is read-only", client_id);
  return true;
}

void Room::act(MemberPtr member, ActRequest request) {
  asio::post(executor_, [self = shared_from_this(), member = std::move(member),
                       request = std::move(request)]() mutable {
    self->do_act(member, std::move(request));
  });
}

void Room::do_act(const MemberPtr& member, ActRequest request) {
  if (answered_as_repeat(member, request.client_id)) return;
  if (request.action == Action::mediator_add) return prepare_mediator(member, std::move(request));
  decide_act(member, request, context_for(member->identity()));
}

ActContext Room::context_for(const Identity& who) {
  ActContext c{
      .state = case_, .actor = who, .actor_in_main = in_main(who), .notices = services_.notices};
  c.participant = [this](const std::string& id) -> std::optional<Identity> {
    auto p = services_.store.participant(id);
    if (!p || !*p || (*p)->room != info_.id) return std::nullopt;
    return identity_of(**p);
  };
  c.room = info_.id;
  c.now_ms = std::max(services_.clock(), last_time_ms_);
  c.root_at = [this](std::int64_t size) { return record_.root_hex_at(size); };
  c.record_size = record_.size();
  c.sealer = services_.sealer;
  return c;
}

// An assisting mediator is a participant of the room before the event that adds them: find or
// make it off the room's thread (a store write), then come back to decide.
void Room::prepare_mediator(const MemberPtr& member, ActRequest request) {
  auto work = [self = shared_from_this(), member, request = std::move(request)]() mutable {
    const auto login = request.args.value("login", std::string());
    std::optional<Identity> added;
    std::string org;
    auto fail = [&] {
      asio::post(self->executor_, [member, id = request.client_id] {
        member->on_refused(kUnavailable, kStoreRefused, id);
      });
    };
    auto account = self->services_.store.mediator_by_login(login);
    if (!account) return fail();
    if (*account) {
      org = (*account)->org;
      auto existing = self->services_.store.mediator_participant(self->info_.id, (*account)->id);
      if (!existing) return fail();
      store::Participant p = existing->value_or(
          store::Participant{crypto::random_hex(6), self->info_.id, "mediator", std::nullopt,
                             (*account)->name, (*account)->id, std::nullopt});
      if (!*existing && !self->services_.store.add_participant(p)) return fail();
      added = identity_of(p);
    }
    asio::post(self->executor_, [self, member, request = std::move(request), added, org]() {
      auto context = self->context_for(member->identity());
      context.added_mediator = added;
      context.added_mediator_org = org;
      self->decide_act(member, request, std::move(context));
    });
  };
  if (services_.blocking)
    asio::post(services_.blocking, std::move(work));
  else
    work();
}

void Room::decide_act(const MemberPtr& member, const ActRequest& request, ActContext context) {
  auto planned = plan_act(request, context);
  if (auto* refusal = std::get_if<ActRefusal>(&planned))
    return member->on_refused(refusal->code, refusal->message, request.client_id, refusal->rule);
  if (!writable(member, request.client_id)) return;
  auto& event = std::get<PlannedEvent>(planned);
  const auto& who = member->identity();
  requests_.remember(who.participant, request.client_id, next_seq_);
  std::weak_ptr<Member> sender = member;
  append(
      event.by_server ? "server" : who.participant, event.kind, Channel::main, event.body,
      request.client_id,
      [self = shared_from_this(), sender, client_id = request.client_id,
       moves = event.moves_phase](const EventPtr& e) {
        self->after_act(e, moves, [sender, client_id, seq = e->seq] {
          if (auto m = sender.lock()) m->on_ack(client_id, seq, false);
        });
      },
      [self = shared_from_this(), sender, participant = who.participant,
       client_id = request.client_id] {
        self->requests_.forget(participant, client_id);
        if (auto m = sender.lock()) m->on_refused(kUnavailable, kStoreRefused, client_id);
      });
}

// Once an act is committed: the case summary for the case list, a checkpoint after a phase
// change or a signature (RECORD.md §4), the new state to everyone, and a recused mediator's
// departure.
void Room::after_act(const EventPtr& event, bool moves_phase, std::function<void()> acked) {
  // Acked once the case summary is stored too, so that the case list read after the ack already
  // shows the act (the event itself is committed by now).
  auto gate = std::make_shared<std::pair<int, std::function<void()>>>(2, std::move(acked));
  auto ack = [gate] {
    if (--gate->first == 0) gate->second();
  };
  services_.store.append_case_summary(
      stream_, {info_.id, case_json(case_).dump()},
      [self = shared_from_this(), ack](std::error_code) { asio::post(self->executor_, ack); });
  // A signature commits the signer to the record so far: it gets a checkpoint of its own too.
  const bool signs = event->kind == to_string(record::EventKind::agreement_signed) ||
                     event->kind == to_string(record::EventKind::application_confirmed);
  if (moves_phase || signs) checkpoint_now(true);
  broadcast_case();
  if (event->kind == to_string(record::EventKind::agreement_signed)) try_to_seal();
  auto body = nlohmann::json::parse(event->body, nullptr, false);
  if (event->kind != to_string(record::EventKind::recusal_decided) || !body.value("granted", false))
    return ack();
  for (const auto& [_, a] : attendance_)
    if (case_.removed(a.member->identity().participant)) a.member->end(Ending::session_ended);
  // The store too, so that the room leaves the mediator's case list and API; the decision is
  // acked once that is so.
  auto remove = [self = shared_from_this(), mediator = body.value("mediator", ""),
                 time = event->time_ms, ack] {
    if (!self->services_.store.remove_participant(mediator, time))
      spdlog::error("room {}: cannot mark the recused mediator {} removed", self->info_.id,
                    mediator);
    asio::post(self->executor_, ack);
  };
  if (services_.blocking)
    asio::post(services_.blocking, std::move(remove));
  else
    remove();
}

void Room::broadcast_case() {
  for (auto& [_, a] : attendance_)
    if (a.live) a.member->on_case(case_);
}

// After each signature: once every required one is in, the organisation seals the agreement and
// the case is agreed. Without a seal key it waits for agreement.conclude.
void Room::try_to_seal() {
  if (write_failed_) return;
  auto planned = plan_seal(context_for(Identity{"server", "", Role::mediator, std::nullopt}));
  if (auto* refusal = std::get_if<ActRefusal>(&planned)) {
    if (refusal->rule == "no_seal_key") spdlog::warn("room {}: {}", info_.id, refusal->message);
    return;
  }
  auto& seal = std::get<PlannedEvent>(planned);
  append("server", seal.kind, Channel::main, seal.body, std::nullopt,
         [self = shared_from_this()](const EventPtr& e) { self->after_act(e, true, [] {}); });
}

void Room::share_document(Identity uploader, Channel channel, DocumentInfo document,
                          std::string upload_id, Shared done) {
  asio::post(executor_, [self = shared_from_this(), uploader = std::move(uploader), channel,
                       document = std::move(document), upload_id = std::move(upload_id),
                       done = std::move(done)]() mutable {
    auto& s = self->case_;
    if (s.phase() == Phase::closed)
      return done(ActRefusal{kCaseClosed, "", "the case is closed: the room is read-only"});
    if (permitted(uploader.role, s.phase(), Action::document_share) != Verdict::allowed ||
        !self->may_write(uploader, channel))
      return done(ActRefusal{kForbiddenChannel, "", "you may not share into that channel"});
    if (auto seq = self->requests_.find(uploader.participant, upload_id);
        seq && *seq <= self->head_)
      return done(*seq);
    if (self->write_failed_ && self->in_flight_ == 0) self->resync();
    if (self->write_failed_) return done(ActRefusal{kUnavailable, "", kStoreRefused});
    self->requests_.remember(uploader.participant, upload_id, self->next_seq_);
    auto shared_done = std::make_shared<Shared>(std::move(done));
    self->append(
        uploader.participant, record::EventKind::document_shared, channel,
        {{"document", document.id},
         {"name", document.name},
         {"size", document.size},
         {"type", document.type},
         {"sha256", document.sha256}},
        upload_id, [shared_done](const EventPtr& e) { (*shared_done)(e->seq); },
        [self, shared_done, who = uploader.participant, upload_id] {
          self->requests_.forget(who, upload_id);
          (*shared_done)(ActRefusal{kUnavailable, "", kStoreRefused});
        });
  });
}

void Room::inspect(Look look) {
  asio::post(executor_, [self = shared_from_this(), look = std::move(look)] {
    look(self->case_, [&](const Identity& who, Access access, Channel channel, std::int64_t seq) {
      if (access == Access::write) return self->may_write(who, channel);
      CommittedEvent probe;
      probe.channel = channel;
      probe.seq = seq >= 0 ? seq : self->head_ + 1;
      return self->visible(who, probe);
    });
  });
}

}  // namespace mr::room
