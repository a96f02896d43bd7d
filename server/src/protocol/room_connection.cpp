#include "protocol/room_connection.hpp"

#include "metrics/metrics.hpp"
#include "protocol/client_frames.hpp"
#include "protocol/codes.hpp"

namespace mr::protocol {

namespace {
// After this many frames in a row refused for rate, the client is not backing off: close.
constexpr int kRateAbuseThreshold = 100;
constexpr auto kTypingEvery = std::chrono::seconds(2);

template <class... Ts>
struct overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
overloaded(Ts...) -> overloaded<Ts...>;
}  // namespace

RoomConnection::RoomConnection(std::shared_ptr<room::Room> room, room::Identity identity,
                               ConnectionLimits limits, std::shared_ptr<const ActSchemas> acts)
    : room_(std::move(room)),
      identity_(std::move(identity)),
      limits_(limits),
      acts_(std::move(acts)),
      rate_(limits.rate, limits.burst) {}

// A connection admitted but never opened (its upgrade failed) forgets itself here.
RoomConnection::~RoomConnection() {
  if (gone_) gone_();
}

std::string RoomConnection::describe() const {
  return "room=" + room_->id() + " participant=" + identity_.participant +
         " role=" + std::string(room::to_string(identity_.role));
}

void RoomConnection::on_open(std::shared_ptr<net::Peer> peer) {
  hello_deadline_.emplace(peer->executor());
  hello_deadline_->expires_after(limits_.hello_timeout);
  hello_deadline_->async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    if (auto self = weak.lock(); self && !ec && !self->greeted_)
      self->close(CloseCode::hello_timeout, "hello timeout");
  });
  peer_ = std::move(peer);
  if (refusal_) return close(refusal_->first, refusal_->second);
  if (expires_at_) {
    expiry_.emplace(hello_deadline_->get_executor());
    expiry_->expires_after(*expires_at_ - std::chrono::system_clock::now());
    expiry_->async_wait([weak = weak_from_this()](boost::system::error_code ec) {
      if (auto self = weak.lock(); self && !ec)
        self->close(CloseCode::session_ended, "session ended");
    });
  }
  opened_ = true;
  if (access_ended_) close(CloseCode::session_ended, "session ended");
}

void RoomConnection::end_access() {
  access_ended_ = true;
  if (opened_) close(CloseCode::session_ended, "session ended");
}

bool RoomConnection::typing_allowed(room::Channel channel) {
  const auto now = std::chrono::steady_clock::now();
  auto& last = last_typing_[int(channel)];
  if (now - last < kTypingEvery) return false;
  last = now;
  return true;
}

void RoomConnection::send(std::shared_ptr<const std::string> frame) {
  if (auto peer = peer_.lock()) peer->send(std::move(frame));
}

void RoomConnection::send(std::string frame) {
  send(std::make_shared<const std::string>(std::move(frame)));
}

void RoomConnection::close(CloseCode code, std::string reason) {
  if (auto peer = peer_.lock()) peer->close(code, std::move(reason));
}

void RoomConnection::refuse(std::string_view code, std::string message, const std::string& ref) {
  metrics::error_reply("ws", code);
  send(error_frame(code, message, ref));
}

void RoomConnection::on_text(std::string_view text) {
  if (!rate_.allow()) {
    if (++refused_in_a_row_ >= kRateAbuseThreshold)
      return close(CloseCode::rate_abuse, "rate limit abuse");
    return refuse(kRateLimited, "over the rate limit; send it again later");
  }
  refused_in_a_row_ = 0;

  auto parsed = parse_client_frame(text);
  if (auto* error = std::get_if<FrameError>(&parsed))
    return refuse(error->code, error->message, error->ref.value_or(""));
  auto& frame = std::get<ClientFrame>(parsed);

  const bool is_hello = std::holds_alternative<Hello>(frame);
  if (is_hello == greeted_)
    return refuse(kNotReady, greeted_ ? "hello was already received" : "send hello first");

  auto self = shared_from_this();
  std::visit(
      overloaded{
          [&](Hello& h) {
            greeted_ = true;
            if (hello_deadline_) hello_deadline_->cancel();
            replaying_ = true;
            room_->join(self, h.last_seq, h.epoch);
          },
          [&](Send& s) {
            ack_timer_.arrived(s.id);
            room_->submit(self, std::move(s.id), s.channel, std::move(s.text));
          },
          [&](Typing& t) {
            if (typing_allowed(t.channel)) room_->typing(self, t.channel);
          },
          [&](AdvisorAccess& a) {
            room_->set_advisor_in_main(self, std::move(a.id), std::move(a.participant), a.in_main);
          },
          [&](Act& a) {
            auto action = room::parse_action(a.action);
            auto invalid = acts_ ? acts_->check(a.action, a.args)
                                 : std::optional<std::string>("acts are not available");
            if (!action || invalid)
              return refuse(kBadFrame, invalid.value_or("unknown action"), a.id);
            room_->act(self, {*action, std::move(a.id), std::move(a.args)});
          },
          [&](CheckpointRequest& c) { room_->latest_checkpoint(self, std::move(c.id)); },
          [&](ProofRequest& p) { room_->inclusion_proof(self, std::move(p.id), p.seq, p.size); },
          [&](ConsistencyRequest& c) {
            room_->consistency_proof(self, std::move(c.id), c.from, c.to);
          },
      },
      frame);
}

void RoomConnection::on_drained() {
  if (replaying_) room_->continue_replay(shared_from_this());
}

// On the room's executor, right after the slice's frames were handed to the session.
void RoomConnection::on_replay_paused() {
  if (auto peer = peer_.lock()) peer->notify_when_drained();
}

void RoomConnection::on_closed() {
  if (expiry_) expiry_->cancel();
  if (greeted_) room_->leave(shared_from_this());
  if (auto gone = std::exchange(gone_, nullptr)) gone();
}

void RoomConnection::on_welcome(const room::Welcome& welcome) {
  send(welcome_frame(welcome, limits_));
}

void RoomConnection::on_event(const room::EventPtr& event) { send(event_frame(*event)); }

void RoomConnection::on_caught_up(std::int64_t head) {
  replaying_ = false;
  send(caught_up_frame(head));
}

void RoomConnection::on_ack(const std::string& client_id, std::int64_t seq, bool duplicate) {
  ack_timer_.acked(client_id);
  send(ack_frame(client_id, seq, duplicate));
}

void RoomConnection::on_presence(const room::PresenceList& list) {
  if (auto peer = peer_.lock()) peer->send_snapshot(presence_frame(list));
}

void RoomConnection::on_typing(room::Channel channel, const std::string& participant) {
  send(typing_frame(channel, participant));
}

void RoomConnection::on_refused(std::string_view code, const std::string& message,
                                const std::string& ref, std::string_view rule) {
  metrics::error_reply("ws", code);
  send(error_frame(code, message, ref, rule));
}

void RoomConnection::on_case(const room::CaseState& state) { send(case_frame(state)); }

void RoomConnection::on_checkpoint(const std::string& note, const std::string& ref) {
  send(checkpoint_frame(note, ref));
}

void RoomConnection::on_access(bool in_main) { send(access_frame(identity_, in_main)); }

void RoomConnection::on_inclusion_proof(const std::string& ref, std::int64_t seq, std::int64_t size,
                                        const std::string& leaf,
                                        const std::vector<std::string>& path) {
  send(proof_frame(ref, seq, size, leaf, path));
}

void RoomConnection::on_consistency_proof(const std::string& ref, std::int64_t from,
                                          std::int64_t to, const std::vector<std::string>& path) {
  send(consistency_frame(ref, from, to, path));
}

void RoomConnection::end(room::Ending why) {
  switch (why) {
    case room::Ending::session_ended:
      return close(CloseCode::session_ended, "session ended");
    case room::Ending::store_unavailable:
      send(error_frame(kUnavailable, "the store cannot be read now", ""));
      return close(CloseCode::store_unavailable, "store unavailable");
    case room::Ending::going_away:
      return close(CloseCode::going_away, "server shutting down");
  }
}

}  // namespace mr::protocol
