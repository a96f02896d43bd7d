#include "net/websocket_session.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

#include "metrics/metrics.hpp"
#include "net/fail.hpp"

namespace mr::net {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace asio = boost::asio;

template <class Stream>
WebSocketSession<Stream>::WebSocketSession(Stream&& stream, std::shared_ptr<PeerHandler> handler,
                                           std::shared_ptr<const SessionConfig> config,
                                           std::string client)
    : ws_(std::move(stream)),
      handler_(std::move(handler)),
      config_(std::move(config)),
      limits_(config_->limits),
      client_(std::move(client)) {}

template <class Stream>
WebSocketSession<Stream>::~WebSocketSession() = default;

template <class Stream>
void WebSocketSession<Stream>::run(Request request) {
  // The tcp_stream timeout served the HTTP phase; the WebSocket has its own from here on.
  beast::get_lowest_layer(ws_).expires_never();
  websocket::stream_base::timeout timeout;
  timeout.handshake_timeout = limits_.handshake;
  // Beast pings after half the idle time and closes after the whole of it without a reply.
  timeout.idle_timeout = 2 * limits_.ping_interval;
  timeout.keep_alive_pings = true;
  ws_.set_option(timeout);
  ws_.set_option(
      websocket::stream_base::decorator([config = config_](websocket::response_type& res) {
        res.set(beast::http::field::server, "mediation-room");
        for (const auto& [name, value] : config->headers) res.set(name, value);
      }));
  // Beast echoes any close code above 999 it does not reserve; RFC 6455 §7.4 defines none above
  // 4999, so a peer that sends one has broken the protocol and is answered with 1002.
  ws_.control_callback([this](websocket::frame_type kind, beast::string_view) {
    if (kind == websocket::frame_type::close && ws_.reason().code > 4999)
      start_close(CloseCode::protocol_error, "invalid close code");
  });
  ws_.read_message_max(limits_.max_frame);
  ws_.auto_fragment(false);
  ws_.async_accept(
      request, beast::bind_front_handler(&WebSocketSession::on_accept, this->shared_from_this()));
}

template <class Stream>
void WebSocketSession<Stream>::on_accept(beast::error_code ec) {
  if (ec) return fail(ec, "websocket accept", handler_->describe());
  open_ = true;
  metrics::connection_opened();
  spdlog::info("websocket open client={} {}", client_, handler_->describe());
  handler_->on_open(this->shared_from_this());
  do_read();
}

template <class Stream>
void WebSocketSession<Stream>::do_read() {
  ws_.async_read(buffer_,
                 beast::bind_front_handler(&WebSocketSession::on_read, this->shared_from_this()));
}

template <class Stream>
void WebSocketSession<Stream>::on_read(beast::error_code ec, std::size_t) {
  if (ec) {
    fail(ec, "websocket read", handler_->describe());
    return finish();
  }
  if (closing_) {
    // Closing (a revoked session, say): what still arrives is not acted on.
  } else if (ws_.got_text()) {
    auto data = buffer_.cdata();
    handler_->on_text({static_cast<const char*>(data.data()), data.size()});
  } else {
    start_close(CloseCode::binary_unsupported, "binary frames not supported");
  }
  buffer_.clear();
  // An idle connection should not keep a large buffer from one big message.
  if (buffer_.capacity() > 16 * 1024) buffer_.shrink_to_fit();
  // Reading goes on after a close has started: it ends with `closed` once the peer answers,
  // and that is when the connection is finished.
  do_read();
}

template <class Stream>
void WebSocketSession<Stream>::send(std::shared_ptr<const std::string> frame) {
  asio::dispatch(ws_.get_executor(),
                 [self = this->shared_from_this(), frame = std::move(frame)]() mutable {
                   self->enqueue({std::move(frame), false});
                 });
}

template <class Stream>
void WebSocketSession<Stream>::send_snapshot(std::shared_ptr<const std::string> frame) {
  asio::dispatch(ws_.get_executor(),
                 [self = this->shared_from_this(), frame = std::move(frame)]() mutable {
                   // The one still waiting is out of date: only the newest goes out, in the
                   // newest's place (the frames not yet being written start at writing_frames_).
                   auto& q = self->queue_;
                   auto old = std::find_if(q.begin() + std::ptrdiff_t(self->writing_frames_),
                                           q.end(), [](const Queued& e) { return e.snapshot; });
                   if (old != q.end()) {
                     self->queued_bytes_ -= old->frame->size();
                     q.erase(old);
                   }
                   self->enqueue({std::move(frame), true});
                 });
}

template <class Stream>
void WebSocketSession<Stream>::enqueue(Queued entry) {
  if (closing_ || finished_) return;
  if (queued_bytes_ + entry.frame->size() > limits_.send_queue) {
    metrics::send_queue_closed();
    return start_close(CloseCode::too_slow, "too slow, resume");
  }
  queued_bytes_ += entry.frame->size();
  queue_.push_back(std::move(entry));
  if (writing_) return;
  // The write starts once the handler queueing this frame is done, so what it queues next (a
  // room sends the event and then its ack) goes in the same write.
  writing_ = true;
  asio::post(ws_.get_executor(), [self = this->shared_from_this()] { self->do_write(); });
}

// Frames joined into one message stay under this size; a larger frame goes alone.
constexpr std::size_t kJoinedMessageBytes = 64 * 1024;

template <class Stream>
void WebSocketSession<Stream>::do_write() {
  if (finished_) return let_go_of_queue();
  ws_.text(true);
  auto done = beast::bind_front_handler(&WebSocketSession::on_write, this->shared_from_this());
  // The frames are gathered where they are, not copied together first: the TLS stream copies
  // them into its records anyway.
  static constexpr char kNewline = '\n';
  gathered_.clear();
  gathered_.push_back(asio::buffer(*queue_.front().frame));
  std::size_t bytes = queue_.front().frame->size();
  for (writing_frames_ = 1; writing_frames_ < queue_.size(); ++writing_frames_) {
    const auto& next = *queue_[writing_frames_].frame;
    if (bytes + 1 + next.size() > kJoinedMessageBytes) break;
    gathered_.push_back(asio::buffer(&kNewline, 1));
    gathered_.push_back(asio::buffer(next));
    bytes += 1 + next.size();
  }
  ws_.async_write(gathered_, std::move(done));
}

template <class Stream>
void WebSocketSession<Stream>::on_write(beast::error_code ec, std::size_t) {
  if (ec) fail(ec, "websocket write", handler_->describe());
  if (ec || finished_) return let_go_of_queue();  // the connection is over
  for (; writing_frames_ > 0; --writing_frames_) {
    queued_bytes_ -= queue_.front().frame->size();
    queue_.pop_front();
  }
  if (!queue_.empty()) return do_write();
  writing_ = false;
  // An idle connection should not hold a large list from its last burst.
  if (gathered_.capacity() > 64) std::vector<asio::const_buffer>().swap(gathered_);
  if (drain_wanted_ && !closing_) {
    drain_wanted_ = false;
    handler_->on_drained();
  }
}

template <class Stream>
void WebSocketSession<Stream>::let_go_of_queue() {
  queue_.clear();
  queued_bytes_ = 0;
  writing_frames_ = 0;
  writing_ = false;
}

// Posted after the frames the caller queued before it (one executor, in order), so a queue that
// empties while those frames are still on their way does not count as drained.
template <class Stream>
void WebSocketSession<Stream>::notify_when_drained() {
  asio::dispatch(ws_.get_executor(), [self = this->shared_from_this()] {
    if (self->closing_ || self->finished_) return;
    if (self->queue_.empty()) return self->handler_->on_drained();
    self->drain_wanted_ = true;
  });
}

template <class Stream>
void WebSocketSession<Stream>::close(CloseCode code, std::string reason) {
  asio::dispatch(ws_.get_executor(),
                 [self = this->shared_from_this(), code, reason = std::move(reason)] {
                   self->start_close(code, reason);
                 });
}

template <class Stream>
void WebSocketSession<Stream>::start_close(CloseCode code, std::string reason) {
  if (closing_ || finished_ || !open_) return;
  closing_ = true;
  spdlog::info("websocket closing {} code={} reason={}", handler_->describe(), int(code), reason);
  ws_.async_close(websocket::close_reason(static_cast<websocket::close_code>(code), reason),
                  [self = this->shared_from_this()](beast::error_code ec) {
                    if (ec) fail(ec, "websocket close", self->handler_->describe());
                    // The read loop ends with `closed` once the peer answers, or on timeout.
                  });
}

// Runs once, when the read loop ends: the connection is over.
template <class Stream>
void WebSocketSession<Stream>::finish() {
  if (finished_) return;
  finished_ = true;
  // While writing_, a write is in flight (and still reads its first frames) or about to start:
  // on_write or do_write lets go of the queue.
  if (open_) {
    metrics::connection_closed();
    spdlog::info("websocket closed {}", handler_->describe());
    handler_->on_closed();
  }
}

template class WebSocketSession<TlsStream>;
template class WebSocketSession<TcpStream>;
template class WebSocketSession<UnixStream>;

}  // namespace mr::net
