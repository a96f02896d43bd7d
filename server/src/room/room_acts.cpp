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

namespace {

std::optional<Identity> identity_of(const store::Participant& p) {
  auto role = parse_role(p.role);
  if (!role) return std::nullopt;
  Identity who{p.id, p.name, *role, std::nullopt};
  if (p.side) who.side = parse_side(*p.side);
  return who;
}
}  // namespace

bool Room::refused_as_closed(const MemberPtr& member, const std::string& client_id) {
  if (case_.phase() != Phase::closed) return false;
  member->on_refused(kCaseClosed, "the case is closed: the room is read-only", client_id);
  return true;
}

void Room::act(MemberPtr member, ActRequest request) {
  asio::post(strand_, [self = shared_from_this(), member = std::move(member),
                       request = std::move(request)]() mutable {
    self->do_act(member, std::move(request));
  });
}

void Room::do_act(const MemberPtr& member, ActRequest request) {
  if (answered_as_repeat(member, request.client_id)) return;
  if (request.action == Action::mediator_add) return prepare_mediator(member, std::move(request));
  ActContext context{case_, member->identity(), in_main(member->identity()),
                     {},    services_.notices,  std::nullopt,
                     {}};
  decide_act(member, request, std::move(context));
}

// An assisting mediator is a participant of the room before the event that adds them: find or
// make it off the room's thread (a store write), then come back to decide.
void Room::prepare_mediator(const MemberPtr& member, ActRequest request) {
  auto work = [self = shared_from_this(), member, request = std::move(request)]() mutable {
    const auto login = request.args.value("login", std::string());
    std::optional<Identity> added;
    std::string org;
    auto fail = [&] {
      asio::post(self->strand_, [member, id = request.client_id] {
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
    asio::post(self->strand_, [self, member, request = std::move(request), added, org]() {
      ActContext context{self->case_, member->identity(), false, {}, self->services_.notices, added,
                         org};
      self->decide_act(member, request, std::move(context));
    });
  };
  if (services_.blocking)
    asio::post(services_.blocking, std::move(work));
  else
    work();
}

void Room::decide_act(const MemberPtr& member, const ActRequest& request, ActContext context) {
  context.participant = [this](const std::string& id) -> std::optional<Identity> {
    auto p = services_.store.participant(id);
    if (!p || !*p || (*p)->room != info_.id) return std::nullopt;
    return identity_of(**p);
  };
  auto planned = plan_act(request, context);
  if (auto* refusal = std::get_if<ActRefusal>(&planned))
    return member->on_refused(refusal->code, refusal->message, request.client_id, refusal->rule);
  if (!writable(member, request.client_id)) return;
  auto& event = std::get<PlannedEvent>(planned);
  const auto& who = member->identity();
  requests_.remember(who.participant, request.client_id, next_seq_);
  std::weak_ptr<Member> sender = member;
  append(
      who.participant, event.kind, Channel::main, event.body, request.client_id,
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
// change (RECORD.md §4), the new state to everyone, and a recused mediator's departure.
void Room::after_act(const EventPtr& event, bool moves_phase, std::function<void()> acked) {
  services_.store.append_case_summary(stream_, {info_.id, case_json(case_).dump()}, nullptr);
  if (moves_phase) checkpoint_now();
  broadcast_case();
  auto body = nlohmann::json::parse(event->body, nullptr, false);
  if (event->kind != to_string(record::EventKind::recusal_decided) || !body.value("granted", false))
    return acked();
  for (const auto& [_, a] : attendance_)
    if (case_.removed(a.member->identity().participant)) a.member->end(Ending::session_ended);
  // The store too, so that the room leaves the mediator's case list and API; the decision is
  // acked once that is so.
  auto remove = [self = shared_from_this(), mediator = body.value("mediator", ""),
                 time = event->time_ms, acked = std::move(acked)] {
    if (!self->services_.store.remove_participant(mediator, time))
      spdlog::error("room {}: cannot mark the recused mediator {} removed", self->info_.id,
                    mediator);
    asio::post(self->strand_, acked);
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

}  // namespace mr::room
