#include "net/lean_tls_stream.hpp"

#include <openssl/err.h>

#include <boost/asio/ssl/error.hpp>
#include <cerrno>
#include <csignal>
#include <mutex>
#include <stdexcept>

namespace mr::net {

namespace asio = boost::asio;
using boost::beast::error_code;

namespace {

// What an OpenSSL call that did not succeed means, in the error codes Asio's ssl::stream gives
// (so net/fail.hpp and the sessions read them as before). `saved_errno`: errno right after it.
LeanTlsStream::Step outcome(SSL* ssl, int ret, int saved_errno) {
  using Step = LeanTlsStream::Step;
  switch (SSL_get_error(ssl, ret)) {
    case SSL_ERROR_WANT_READ:
      return {Step::readable};
    case SSL_ERROR_WANT_WRITE:
      return {Step::writable};
    case SSL_ERROR_ZERO_RETURN:  // the peer's close_notify
      return {Step::none, asio::error::eof};
    case SSL_ERROR_SYSCALL:
      if (saved_errno != 0) return {Step::none, error_code(saved_errno, boost::system::system_category())};
      return {Step::none, asio::ssl::error::stream_truncated};
    default: {
      const unsigned long e = ERR_get_error();
      if (ERR_GET_REASON(e) == SSL_R_UNEXPECTED_EOF_WHILE_READING)
        return {Step::none, asio::ssl::error::stream_truncated};
      return {Step::none, error_code(static_cast<int>(e), asio::error::get_ssl_category())};
    }
  }
}

// Runs one OpenSSL call from a clean error queue.
template <class Call>
LeanTlsStream::Step attempt(SSL* ssl, Call call) {
  ERR_clear_error();
  errno = 0;
  std::size_t bytes = 0;
  const int ret = call(&bytes);
  if (ret == 1) return {LeanTlsStream::Step::none, {}, bytes};
  return outcome(ssl, ret, errno);
}

}  // namespace

LeanTlsStream::State::State(Socket s, SSL* created)
    : socket(std::move(s)), ssl(created), timer(socket.get_executor()) {}

LeanTlsStream::LeanTlsStream(Socket socket, asio::ssl::context& context) {
  // OpenSSL writes the socket with write(2), which raises SIGPIPE (and so ends the process) on a
  // connection the peer has already reset; the write must fail with EPIPE instead.
  static std::once_flag pipe_ignored;
  std::call_once(pipe_ignored, [] { std::signal(SIGPIPE, SIG_IGN); });
  SSL* ssl = SSL_new(context.native_handle());
  if (!ssl) throw std::runtime_error("SSL_new failed");
  state_ = std::make_shared<State>(std::move(socket), ssl);
  // OpenSSL does the socket's reads and writes; they must never block the I/O thread.
  state_->socket.non_blocking(true);
  SSL_set_fd(ssl, static_cast<int>(state_->socket.native_handle()));
  SSL_set_accept_state(ssl);
  // A whole burst of records in one read(2); the buffer still goes back when it is empty.
  SSL_set_read_ahead(ssl, 1);
  // A write that waited is tried again from wherever the operation keeps its bytes now.
  SSL_set_mode(ssl, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
}

LeanTlsStream::~LeanTlsStream() = default;

void LeanTlsStream::move_to(const executor_type& executor) {
  auto& old = *state_;
  const auto protocol = old.socket.local_endpoint().protocol();
  Socket moved(executor, protocol, old.socket.release());
  moved.non_blocking(true);
  state_ = std::make_shared<State>(std::move(moved), old.ssl.release());
}

void LeanTlsStream::expires_after(std::chrono::steady_clock::duration after) {
  auto& s = *state_;
  s.expired = false;
  s.timer.expires_after(after);
  s.timer.async_wait([weak = std::weak_ptr<State>(state_), expiry = ++s.expiry](error_code ec) {
    auto state = weak.lock();
    if (ec || !state || state->expiry != expiry) return;  // replaced, cancelled or gone
    state->expired = true;
    error_code ignored;
    state->socket.cancel(ignored);  // the waits pending end, and their operations with timeout
  });
}

void LeanTlsStream::expires_never() {
  ++state_->expiry;
  state_->expired = false;
  state_->timer.cancel();
}

LeanTlsStream::Step LeanTlsStream::handshake_step(State& s) {
  return attempt(s.ssl.get(), [&](std::size_t*) { return SSL_do_handshake(s.ssl.get()); });
}

LeanTlsStream::Step LeanTlsStream::read_step(State& s, asio::mutable_buffer into) {
  if (into.size() == 0) return {};
  return attempt(s.ssl.get(), [&](std::size_t* got) {
    return SSL_read_ex(s.ssl.get(), into.data(), into.size(), got);
  });
}

LeanTlsStream::Step LeanTlsStream::write_step(State& s, asio::const_buffer from) {
  if (from.size() == 0) return {};
  return attempt(s.ssl.get(), [&](std::size_t* put) {
    return SSL_write_ex(s.ssl.get(), from.data(), from.size(), put);
  });
}

// close_notify out, then the peer's in (as Asio's ssl::stream does); a peer that closes the
// connection instead ends it with stream_truncated or eof, which the callers take as routine.
LeanTlsStream::Step LeanTlsStream::shutdown_step(State& s) {
  return attempt(s.ssl.get(), [&](std::size_t*) {
    const int ret = SSL_shutdown(s.ssl.get());
    return ret == 0 ? SSL_shutdown(s.ssl.get()) : ret;
  });
}

void beast_close_socket(LeanTlsStream& stream) {
  error_code ignored;
  stream.socket().close(ignored);
}

}  // namespace mr::net
