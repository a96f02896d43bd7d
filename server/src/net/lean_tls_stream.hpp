#pragma once
// A TLS stream over a TCP socket that keeps no buffers of its own. OpenSSL reads and writes the
// socket's descriptor itself, without blocking, and Asio only waits for the socket to be ready.
// With SSL_MODE_RELEASE_BUFFERS (tls_context.cpp) an idle connection then costs OpenSSL's session
// state and little more, where Asio's ssl::stream keeps a BIO pair and two 17 KiB staging buffers
// for the connection's whole life (bench/RESULTS.md, "Idle").
//
// Beast's HTTP and WebSocket code use it as they would beast::ssl_stream<tcp_stream>: the same
// handshake, read_some, write_some and shutdown; a tcp_stream's expiry (expires_after,
// expires_never: what is pending then ends with beast::error::timeout); and the teardown and
// close_socket hooks of a WebSocket close. It is its own lowest layer.
//
// Thread-safety: as a socket's: one thread at a time, at most one read and one write in flight.
#include <openssl/ssl.h>

#include <boost/asio/buffer.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream_base.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/websocket/teardown.hpp>
#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace mr::net {

class LeanTlsStream {
 public:
  using Socket = boost::asio::ip::tcp::socket;
  using executor_type = Socket::executor_type;

  // Every operation runs on `socket`'s executor; the SSL object is a new one of `context`.
  LeanTlsStream(Socket socket, boost::asio::ssl::context& context);
  LeanTlsStream(LeanTlsStream&&) noexcept = default;
  LeanTlsStream& operator=(LeanTlsStream&&) noexcept = default;
  ~LeanTlsStream();

  executor_type get_executor() { return state_->socket.get_executor(); }
  Socket& socket() { return state_->socket; }
  SSL* native_handle() { return state_->ssl.get(); }

  // Moves the connection onto `executor`; nothing may be pending.
  void move_to(const executor_type& executor);

  void expires_after(std::chrono::steady_clock::duration after);
  void expires_never();

  template <class Token>
  auto async_handshake(boost::asio::ssl::stream_base::handshake_type, Token&& token) {
    return run<false>([s = state_.get()] { return handshake_step(*s); },
                      std::forward<Token>(token));
  }
  template <class Token>
  auto async_shutdown(Token&& token) {
    return run<false>([s = state_.get()] { return shutdown_step(*s); },
                      std::forward<Token>(token));
  }
  template <class MutableBuffers, class Token>
  auto async_read_some(const MutableBuffers& buffers, Token&& token) {
    boost::asio::mutable_buffer into;
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         it != boost::asio::buffer_sequence_end(buffers) && into.size() == 0; ++it)
      into = *it;
    return run<true>([s = state_.get(), into] { return read_step(*s, into); },
                     std::forward<Token>(token));
  }
  template <class ConstBuffers, class Token>
  auto async_write_some(const ConstBuffers& buffers, Token&& token) {
    return run<true>([s = state_.get(), out = Outgoing(buffers)] { return write_step(*s, out.bytes()); },
                     std::forward<Token>(token));
  }

  // What one non-blocking OpenSSL call came to: done (with `ec` and `bytes`), or waiting for the
  // socket.
  struct Step {
    enum Wait { none, readable, writable } wait = none;
    boost::beast::error_code ec{};
    std::size_t bytes = 0;
  };

 private:
  struct SslFree {
    void operator()(SSL* ssl) const { SSL_free(ssl); }
  };
  // Apart from the stream so that a move leaves pending waits and the expiry timer pointing at it.
  struct State {
    State(Socket s, SSL* ssl);
    Socket socket;
    std::unique_ptr<SSL, SslFree> ssl;
    boost::asio::steady_timer timer;
    unsigned expiry = 0;   // which expires_after() the timer's wait belongs to
    bool expired = false;  // the last expiry came: every operation ends with timeout
  };

  // What one write_some sends: the first buffer alone when it is large or alone; else the buffers
  // copied together up to one TLS record, so that a WebSocket frame's header and its payload go
  // in one record, as Beast's ssl_stream does.
  class Outgoing {
   public:
    template <class ConstBuffers>
    explicit Outgoing(const ConstBuffers& buffers);
    boost::asio::const_buffer bytes() const {
      return joined_.empty() ? first_ : boost::asio::buffer(joined_);
    }

   private:
    static constexpr std::size_t kRecord = 16 * 1024;
    boost::asio::const_buffer first_;
    std::string joined_;
  };

  static Step handshake_step(State& s);
  static Step read_step(State& s, boost::asio::mutable_buffer into);
  static Step write_step(State& s, boost::asio::const_buffer from);
  static Step shutdown_step(State& s);

  // Calls `step` until it is done, waiting for the socket between calls; completes with
  // (error_code, bytes) when `Transfers`, else with (error_code). Never completes inside the call.
  template <bool Transfers, class StepFn, class Token>
  auto run(StepFn step, Token&& token);

  std::shared_ptr<State> state_;
};

template <class ConstBuffers>
LeanTlsStream::Outgoing::Outgoing(const ConstBuffers& buffers) {
  auto it = boost::asio::buffer_sequence_begin(buffers);
  const auto end = boost::asio::buffer_sequence_end(buffers);
  while (it != end && boost::asio::const_buffer(*it).size() == 0) ++it;
  if (it == end) return;
  first_ = *it;
  auto next = std::next(it);
  if (first_.size() >= kRecord || next == end) return;
  // Only what the record will hold: a small frame and its header do not take 16 KiB.
  joined_.reserve(std::min(boost::asio::buffer_size(buffers), kRecord));
  for (; it != end && joined_.size() < kRecord; ++it) {
    boost::asio::const_buffer b = *it;
    joined_.append(static_cast<const char*>(b.data()), std::min(b.size(), kRecord - joined_.size()));
  }
}

template <bool Transfers, class StepFn, class Token>
auto LeanTlsStream::run(StepFn step, Token&& token) {
  using Signature = std::conditional_t<Transfers, void(boost::beast::error_code, std::size_t),
                                       void(boost::beast::error_code)>;
  // `result`: set when a step is done; done within the initiating call, it completes after a post.
  auto operation = [state = state_.get(), step = std::move(step), started = false,
                    result = std::optional<Step>()](auto& self,
                                                    boost::beast::error_code waited = {}) mutable {
    if (!result) {
      const bool first = !started;
      started = true;
      if (state->expired)
        result = Step{Step::none, boost::beast::error::timeout, 0};
      else if (!first && waited)
        result = Step{Step::none, waited, 0};
      else
        result = step();
      if (result->wait != Step::none) {
        const auto wait = result->wait == Step::readable ? Socket::wait_read : Socket::wait_write;
        result.reset();
        return state->socket.async_wait(wait, std::move(self));
      }
      if (first) return boost::asio::post(std::move(self));
    }
    if constexpr (Transfers)
      self.complete(result->ec, result->bytes);
    else
      self.complete(result->ec);
  };
  return boost::asio::async_compose<Token, Signature>(std::move(operation), token, state_->socket);
}

// Beast's WebSocket close: close_notify, then the TCP teardown (as for an ssl_stream).
template <class Handler>
void async_teardown(boost::beast::role_type role, LeanTlsStream& stream, Handler&& handler) {
  auto steps = [&stream, role, stage = 0, first = boost::beast::error_code()](
                   auto& self, boost::beast::error_code ec = {}) mutable {
    switch (stage++) {
      case 0:
        return stream.async_shutdown(std::move(self));
      case 1:
        first = ec;
        return boost::beast::websocket::async_teardown(role, stream.socket(), std::move(self));
      default:
        self.complete(first ? first : ec);
    }
  };
  boost::asio::async_compose<Handler, void(boost::beast::error_code)>(
      std::move(steps), handler, stream.socket());
}

// What Beast calls to end a connection at once (a WebSocket timeout).
void beast_close_socket(LeanTlsStream& stream);

}  // namespace mr::net
