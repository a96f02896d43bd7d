#pragma once
// The seam between transport and protocol: a WebSocket session is a Peer to the layer above,
// and hands it received text through a PeerHandler. No domain types cross this seam.
#include <boost/asio/any_io_executor.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "net/close_code.hpp"

namespace mr::net {

// Implemented by the WebSocket session. Thread-safe: callable from any thread.
class Peer {
 public:
  virtual ~Peer() = default;
  // Queues a text frame. If more than the send-queue bound is waiting, the session closes with
  // 4003 instead (the client resumes), so a slow reader cannot grow the server's memory.
  virtual void send(std::shared_ptr<const std::string> frame) = 0;
  // Queues a snapshot of state (who is online): one still waiting from an earlier call is
  // dropped, so a client that reads slowly gets the newest rather than every one.
  virtual void send_snapshot(std::shared_ptr<const std::string> frame) = 0;
  virtual void close(CloseCode code, std::string reason) = 0;
  // The handler's on_drained() runs once every frame this thread queued before the call has been
  // written (at once if none is waiting): a replay asks for its next slice only then.
  virtual void notify_when_drained() = 0;
  // The session's executor: the PeerHandler's calls run there, and so may its timers.
  virtual boost::asio::any_io_executor executor() = 0;
};

// Implemented by the protocol layer. Called on the session's executor, one call at a time.
class PeerHandler {
 public:
  virtual ~PeerHandler() = default;
  virtual void on_open(std::shared_ptr<Peer> peer) = 0;
  virtual void on_text(std::string_view frame) = 0;
  virtual void on_drained() = 0;  // what notify_when_drained() asked for has been written
  virtual void on_closed() = 0;
  virtual std::string describe() const = 0;  // for logs: room and participant
  // Where the handler's own work runs (its room's loop), or none. The session moves there
  // before it opens, so that the handler's calls to it and its calls back need no hop between
  // threads (a room's deliveries to its members run inline).
  virtual boost::asio::any_io_executor home() { return {}; }
};

}  // namespace mr::net
