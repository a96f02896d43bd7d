#pragma once
// One WebSocket connection over TLS: a read loop, and a bounded queue of shared frames. Beast
// allows one outstanding write; frames that queue up meanwhile, or within one handler (an event
// and its ack), go out together in the next message, one per line (PROTOCOL.md §4), so a busy
// client costs one TLS write per burst rather than one per frame. All state lives on the connection's executor.
//
// Thread-safety: send() and close() may be called from any thread; everything else runs on the
// executor.
#include <boost/asio/buffer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <deque>
#include <memory>
#include <vector>

#include "net/http_handler.hpp"
#include "net/peer.hpp"
#include "net/session_config.hpp"
#include "net/streams.hpp"

namespace mr::net {

// Over TLS, the stream (net/lean_tls_stream.hpp) puts a frame's header and payload in one TLS
// record: one SSL_write, one send.
template <class Stream>
class WebSocketSession : public Peer,
                         public std::enable_shared_from_this<WebSocketSession<Stream>> {
 public:
  // `client`: the client's address, for the log.
  WebSocketSession(Stream&& stream, std::shared_ptr<PeerHandler> handler,
                   std::shared_ptr<const SessionConfig> config, std::string client);
  ~WebSocketSession() override;

  // Completes the upgrade for `request`, already read by the HTTP session.
  void run(Request request);

  void send(std::shared_ptr<const std::string> frame) override;
  void send_snapshot(std::shared_ptr<const std::string> frame) override;
  void close(CloseCode code, std::string reason) override;
  void notify_when_drained() override;
  boost::asio::any_io_executor executor() override { return ws_.get_executor(); }

 private:
  void on_accept(boost::beast::error_code ec);
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void do_write();
  void on_write(boost::beast::error_code ec, std::size_t bytes);
  struct Queued {
    std::shared_ptr<const std::string> frame;
    bool snapshot;  // replaced by a newer one while it waits (send_snapshot)
  };
  void enqueue(Queued entry);
  void let_go_of_queue();
  void start_close(CloseCode code, std::string reason);
  void finish();

  boost::beast::websocket::stream<Stream> ws_;
  boost::beast::flat_buffer buffer_;
  std::shared_ptr<PeerHandler> handler_;
  std::shared_ptr<const SessionConfig> config_;
  const TransportLimits& limits_;  // config_'s
  std::string client_;
  std::deque<Queued> queue_;
  std::size_t queued_bytes_ = 0;
  std::size_t writing_frames_ = 0;  // how many of queue_'s first frames the write in flight holds
  bool writing_ = false;            // a write is in flight or posted
  std::vector<boost::asio::const_buffer> gathered_;  // the frames of the write in flight
  bool open_ = false;
  bool drain_wanted_ = false;  // notify_when_drained() waits for the queue to empty
  bool closing_ = false;
  bool finished_ = false;
};

}  // namespace mr::net
