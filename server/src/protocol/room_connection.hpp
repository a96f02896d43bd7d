#pragma once
// One participant's WebSocket connection to one room: parses and validates each frame, applies
// the rate limit, holds the client to sending `hello` in time, and turns frames into room calls
// and room notifications into frames.
//
// Thread-safety: PeerHandler calls arrive on the session's executor; Member calls arrive on the
// room's (the same one once the session has moved to its room, PeerHandler::home). The two sides
// share only the peer (thread-safe) and atomics.
#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include "metrics/ack_timer.hpp"
#include "net/peer.hpp"
#include "protocol/act_schemas.hpp"
#include "protocol/codes.hpp"
#include "protocol/rate_limiter.hpp"
#include "protocol/server_frames.hpp"
#include "room/member.hpp"
#include "room/room.hpp"

namespace mr::protocol {

class RoomConnection : public net::PeerHandler,
                       public room::Member,
                       public std::enable_shared_from_this<RoomConnection> {
 public:
  RoomConnection(std::shared_ptr<room::Room> room, room::Identity identity, ConnectionLimits limits,
                 std::shared_ptr<const ActSchemas> acts);
  ~RoomConnection() override;

  // Set before the session opens (by the admission, on one thread):
  // when the session that admitted it ends (its invite expires, or the 12-hour login does), the
  // connection closes with 4001 by a timer, not at the next frame;
  void expire_at(std::chrono::system_clock::time_point when) { expires_at_ = when; }
  // run once when the connection closes (the index of live connections forgets it);
  void on_gone(std::function<void()> gone) { gone_ = std::move(gone); }
  // the connection is refused as soon as it opens, with this code and reason (a limit).
  void refuse_on_open(CloseCode code, std::string reason) { refusal_ = {code, std::move(reason)}; }

  // Thread-safe, at any time: the person's access ended (revoked, logged out): close with 4001,
  // now or as soon as the session has opened.
  void end_access();

  // net::PeerHandler
  void on_open(std::shared_ptr<net::Peer> peer) override;
  void on_text(std::string_view frame) override;
  void on_drained() override;
  void on_closed() override;
  std::string describe() const override;
  boost::asio::any_io_executor home() override { return room_->executor(); }

  // room::Member
  const room::Identity& identity() const override { return identity_; }
  void on_welcome(const room::Welcome& welcome) override;
  void on_event(const room::EventPtr& event) override;
  void on_caught_up(std::int64_t head) override;
  void on_ack(const std::string& client_id, std::int64_t seq, bool duplicate) override;
  void on_presence(const room::PresenceList& list) override;
  void on_typing(room::Channel channel, const std::string& participant) override;
  void on_refused(std::string_view code, const std::string& message, const std::string& ref,
                  std::string_view rule) override;
  void on_case(const room::CaseState& state) override;
  void on_checkpoint(const std::string& note, const std::string& ref) override;
  void on_access(bool in_main) override;
  void on_inclusion_proof(const std::string& ref, std::int64_t seq, std::int64_t size,
                          const std::string& leaf, const std::vector<std::string>& path) override;
  void on_consistency_proof(const std::string& ref, std::int64_t from, std::int64_t to,
                            const std::vector<std::string>& path) override;
  void end(room::Ending why) override;
  void on_replay_paused() override;

 private:
  void send(std::string frame);
  void send(std::shared_ptr<const std::string> frame);
  void refuse(std::string_view code, std::string message, const std::string& ref = {});
  void close(CloseCode code, std::string reason);
  // Typing notices go on at most every 2 s per channel (PROTOCOL.md §4), whatever the client does.
  bool typing_allowed(room::Channel channel);

  std::shared_ptr<room::Room> room_;
  room::Identity identity_;
  ConnectionLimits limits_;
  std::shared_ptr<const ActSchemas> acts_;

  // Weak: the session owns this handler, so a strong pointer back would keep both alive forever.
  // Set in on_open, before any room call.
  std::weak_ptr<net::Peer> peer_;
  RateLimiter rate_;
  int refused_in_a_row_ = 0;                                 // session executor
  bool greeted_ = false;                                     // session executor: hello received
  std::optional<boost::asio::steady_timer> hello_deadline_;  // session executor, until hello
  std::chrono::steady_clock::time_point last_typing_[4]{};   // session executor, per channel
  std::atomic<bool> replaying_{false};
  std::optional<std::chrono::system_clock::time_point> expires_at_;
  std::optional<boost::asio::steady_timer> expiry_;  // session executor
  std::function<void()> gone_;
  std::optional<std::pair<CloseCode, std::string>> refusal_;
  // Either side sees the other's write (both sequentially consistent), so an end asked for while
  // the session is opening is never lost.
  std::atomic<bool> opened_{false}, access_ended_{false};
  metrics::AckTimer ack_timer_;
};

}  // namespace mr::protocol
