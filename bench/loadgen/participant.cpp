#include "participant.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket/error.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <charconv>
#include <nlohmann/json.hpp>

#include "frame_scan.hpp"
#include "worker.hpp"

namespace mr::loadgen {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using boost::system::error_code;

namespace {

constexpr int kMaxAttempts = 5;  // connection attempts in a row before a participant gives up

void append_int(std::string& out, std::int64_t v) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, v);
  out.append(digits, end);
}

// Close codes after which PROTOCOL.md §4 tells a client to reconnect with resume.
bool resumable(std::uint16_t code) { return code == 1001 || code == 1011 || code == 4003; }

}  // namespace

Participant::Participant(Worker& worker, RoomLedger& room, std::uint32_t global_index,
                         std::uint32_t member_index, MemberPlan plan, std::string target)
    : worker_(worker),
      room_(room),
      global_index_(global_index),
      member_index_(member_index),
      plan_(std::move(plan)),
      target_(std::move(target)),
      send_ns_(kRing),
      settled_(kRing),
      rate_timer_(worker.ioc()),
      retry_timer_(worker.ioc()) {
  out_.reserve(std::size_t(worker.config().text_bytes) + 128);
  seen_.reserve(64);
}

Participant::~Participant() {
  if (tls_session_) SSL_SESSION_free(tls_session_);
}

// ---- connecting -------------------------------------------------------------------------------

void Participant::connect() {
  state_ = State::waiting_slot;
  worker_.acquire_slot(this);
}

void Participant::on_slot() {
  stream_.emplace(worker_.ioc(), worker_.tls());
  state_ = State::handshaking;
  reading_ = true;  // the handshake chain is this connection's one outstanding operation
  auto& tcp = beast::get_lowest_layer(*stream_);
  tcp.expires_after(std::chrono::seconds(15));
  tcp.async_connect(worker_.config().server, [this](error_code ec) { on_tcp(ec); });
}

void Participant::on_tcp(error_code ec) {
  if (ec || dropping_) return handshake_failed(ec);
  beast::get_lowest_layer(*stream_).socket().set_option(asio::ip::tcp::no_delay(true), ec);
  if (tls_session_) SSL_set_session(stream_->next_layer().native_handle(), tls_session_);
  stream_->next_layer().async_handshake(asio::ssl::stream_base::client,
                                        [this](error_code ec) { on_tls(ec); });
}

void Participant::on_tls(error_code ec) {
  if (ec || dropping_) return handshake_failed(ec);
  if (SSL_session_reused(stream_->next_layer().native_handle())) ++worker_.ledger().tls_resumed;
  beast::get_lowest_layer(*stream_).expires_never();
  stream_->set_option(websocket::stream_base::timeout{
      std::chrono::seconds(15), websocket::stream_base::none(), false});
  stream_->set_option(websocket::stream_base::decorator([this](websocket::request_type& req) {
    req.set(beast::http::field::cookie, plan_.cookie);
    req.set(beast::http::field::user_agent, "mediation-room-loadgen");
  }));
  stream_->read_message_max(1 << 20);
  stream_->async_handshake(worker_.config().host, target_, [this](error_code ec) { on_ws(ec); });
}

void Participant::on_ws(error_code ec) {
  if (ec || dropping_) return handshake_failed(ec);
  worker_.release_slot();
  reading_ = false;
  state_ = State::open;
  live_ = false;
  hello_due_ = true;
  do_read();
  pump();
}

void Participant::handshake_failed(error_code ec) {
  worker_.release_slot();
  reading_ = false;
  state_ = State::shutting;
  if (dropping_) {
    reconnect_ = true;  // the drop hit a handshake: start it over
  } else {
    ++worker_.ledger().connect_failures;
    reconnect_ = ++attempts_ < kMaxAttempts && !closing_;
    if (!reconnect_) {
      ++worker_.progress().failed;
      if (worker_.ledger().first_failure.empty())
        worker_.ledger().first_failure = "connect: " + ec.message();
    }
  }
  maybe_finish();
}

// ---- reading ----------------------------------------------------------------------------------

void Participant::do_read() {
  reading_ = true;
  stream_->async_read(read_buffer_, [this](error_code ec, std::size_t n) { on_read(ec, n); });
}

void Participant::on_read(error_code ec, std::size_t bytes) {
  reading_ = false;
  if (ec) return on_io_error(ec);
  const auto data = read_buffer_.cdata();
  // A message may carry several frames, one per line (PROTOCOL.md §4).
  std::string_view message(static_cast<const char*>(data.data()), bytes);
  while (!message.empty()) {
    const auto eol = message.find('\n');
    on_frame(message.substr(0, eol));
    if (eol == std::string_view::npos) break;
    message.remove_prefix(eol + 1);
  }
  read_buffer_.consume(read_buffer_.size());
  if (state_ == State::open)
    do_read();
  else
    maybe_finish();
}

void Participant::on_frame(std::string_view frame) {
  const auto type = string_member(frame, R"("type")");
  if (!type) return;
  if (*type == "event")
    on_event(frame);
  else if (*type == "ack")
    on_ack(frame);
  else if (*type == "caught_up")
    on_caught_up();
  else if (*type == "welcome")
    on_welcome(frame);
  else if (*type == "error")
    on_error_frame(frame);
  // presence, typing and checkpoint frames carry nothing this benchmark counts.
}

void Participant::on_event(std::string_view frame) {
  auto& c = worker_.ledger();
  const auto seq = int_member(frame, R"("seq")");
  if (!seq) return;
  if (!mark_seen(*seq)) {
    ++c.duplicates;
    return;
  }
  last_seq_ = std::max(last_seq_, *seq);
  const auto kind = string_member(frame, R"("kind")");
  const auto text = string_member(frame, R"("text")");
  const auto stamp = kind == "message" && text ? parse_stamp(*text) : std::nullopt;
  if (!stamp) {
    ++c.other_events;
    return;
  }
  if (stamp->sender == global_index_) {
    ++c.echoes;
    return;
  }
  const auto member = stamp->sender - room_.first_global;
  if (member >= room_.members.size() || !mark_send(member, stamp->counter)) {
    ++c.doubled;
    return;
  }
  ++c.delivered;
  worker_.progress().delivered.fetch_add(1, std::memory_order_relaxed);
  const auto now = steady_ns();
  if (worker_.window().contains(stamp->send_ns, now)) {
    ++c.delivered_in_window;
    c.delivery_latency.record(now - stamp->send_ns);
  }
}

std::optional<std::uint64_t> Participant::pending_counter(std::string_view id) const {
  if (!id.starts_with('m')) return std::nullopt;
  std::uint64_t counter = 0;
  auto [end, ec] = std::from_chars(id.data() + 1, id.data() + id.size(), counter);
  if (ec != std::errc{} || end != id.data() + id.size()) return std::nullopt;
  if (counter < oldest_ || counter >= next_counter_ || settled_[counter % kRing])
    return std::nullopt;
  return counter;
}

void Participant::on_ack(std::string_view frame) {
  auto& c = worker_.ledger();
  const auto id = string_member(frame, R"("id")");
  const auto seq = int_member(frame, R"("seq")");
  const auto counter = id ? pending_counter(*id) : std::nullopt;
  if (!counter || !seq) {
    ++c.unexpected_acks;
    return;
  }
  ++c.acked;
  if (bool_member(frame, R"("duplicate")").value_or(false)) ++c.duplicate_acks;
  const auto sent_at = send_ns_[*counter % kRing];
  const auto now = steady_ns();
  if (worker_.window().contains(sent_at, now)) {
    ++c.acked_in_window;
    c.ack_latency.record(now - sent_at);
  }
  room_.acked.push_back({*seq, member_index_});
  worker_.progress().expected.fetch_add(room_.members.size() - 1, std::memory_order_relaxed);
  settle(*counter);
  pump();
}

void Participant::on_error_frame(std::string_view frame) {
  auto& c = worker_.ledger();
  const auto code = string_member(frame, R"("code")").value_or("");
  std::size_t slot = kErrorCodes.size();
  for (std::size_t i = 0; i < kErrorCodes.size(); ++i)
    if (kErrorCodes[i] == code) slot = i;
  ++c.errors[slot];
  if (c.first_failure.empty()) c.first_failure = "error frame: " + std::string(frame.substr(0, 300));
  // A refused send recorded nothing and will get no ack: stop waiting for it.
  const auto ref = string_member(frame, R"("ref")");
  if (const auto counter = ref ? pending_counter(*ref) : std::nullopt) {
    settle(*counter);
    pump();
  }
}

void Participant::on_welcome(std::string_view frame) {
  const auto welcome = nlohmann::json::parse(frame, nullptr, false);
  if (welcome.is_discarded()) return;
  epoch_ = welcome.value("epoch", std::int64_t{0});
  if (welcome.value("reset", false)) {
    // The room's stream was restored elsewhere: the replay starts over (PROTOCOL.md §3).
    ++worker_.ledger().resets;
    seen_.clear();
    last_seq_ = -1;
  }
}

void Participant::on_caught_up() {
  live_ = true;
  attempts_ = 0;
  worker_.progress().caught_up.fetch_add(1, std::memory_order_relaxed);
  if (storm_) {
    storm_ = false;
    const auto now = steady_ns();
    worker_.ledger().storm_catch_up.record(now - storm_start_ns_);
    auto& last = worker_.progress().storm_last_ns;
    for (auto seen = last.load(); seen < now && !last.compare_exchange_weak(seen, now);) {
    }
    worker_.progress().storm_caught_up.fetch_add(1, std::memory_order_relaxed);
  }
  // Sends of an earlier connection that never got their ack go again with the same id.
  resend_from_ = oldest_;
  resend_until_ = next_counter_;
  pump();
}

bool Participant::mark_seen(std::int64_t seq) {
  if (seq < 0) return true;
  const auto word = std::size_t(seq / 64);
  if (word >= seen_.size()) seen_.resize(std::max(word + 1, seen_.size() * 2));
  const auto bit = std::uint64_t{1} << (seq % 64);
  if (seen_[word] & bit) return false;
  seen_[word] |= bit;
  return true;
}

bool Participant::mark_send(std::uint32_t member, std::uint64_t counter) {
  if (seen_sends_.size() < room_.members.size()) seen_sends_.resize(room_.members.size());
  auto& bits = seen_sends_[member];
  const auto word = std::size_t(counter / 64);
  if (word >= bits.size()) bits.resize(std::max(word + 1, bits.size() * 2));
  const auto bit = std::uint64_t{1} << (counter % 64);
  if (bits[word] & bit) return false;
  bits[word] |= bit;
  return true;
}

bool Participant::seen(std::int64_t seq) const {
  const auto word = std::size_t(seq / 64);
  return seq >= 0 && word < seen_.size() && (seen_[word] >> (seq % 64)) & 1;
}

// ---- writing ----------------------------------------------------------------------------------

void Participant::pump() {
  if (writing_ || state_ != State::open || close_sent_) return;
  if (closing_) {
    close_sent_ = writing_ = true;
    stream_->async_close(websocket::close_code::normal, [this](error_code ec) {
      writing_ = false;
      if (ec) return on_io_error(ec);
      maybe_finish();
    });
    return;
  }
  if (hello_due_) {
    hello_due_ = false;
    build_hello();
  } else if (!live_ || (!next_resend() && !next_new())) {
    return;
  }
  writing_ = true;
  stream_->async_write(asio::buffer(out_), [this](error_code ec, std::size_t) { on_write(ec); });
}

void Participant::on_write(error_code ec) {
  writing_ = false;
  if (ec) return on_io_error(ec);
  pump();
}

bool Participant::next_resend() {
  while (resend_from_ < resend_until_) {
    const auto counter = resend_from_++;
    if (counter >= oldest_ && !settled_[counter % kRing]) {
      build_send(counter, send_ns_[counter % kRing]);
      ++worker_.ledger().resent;
      return true;
    }
  }
  return false;
}

bool Participant::next_new() {
  if (!sending_ || next_counter_ - oldest_ >= kRing) return false;
  if (window_mode_ ? unacked_ >= std::uint64_t(window_) : credits_ == 0) return false;
  if (!window_mode_) --credits_;
  const auto counter = next_counter_++;
  const auto now = steady_ns();
  send_ns_[counter % kRing] = now;
  settled_[counter % kRing] = 0;
  ++unacked_;
  worker_.progress().unacked.fetch_add(1, std::memory_order_relaxed);
  ++worker_.ledger().sent;
  build_send(counter, now);
  return true;
}

void Participant::settle(std::uint64_t counter) {
  settled_[counter % kRing] = 1;
  --unacked_;
  worker_.progress().unacked.fetch_sub(1, std::memory_order_relaxed);
  while (oldest_ < next_counter_ && settled_[oldest_ % kRing]) ++oldest_;
}

void Participant::build_send(std::uint64_t counter, std::int64_t send_ns) {
  out_.clear();
  out_.append(R"({"type":"send","id":"m)");
  append_int(out_, std::int64_t(counter));
  out_.append(R"(","channel":"main","text":")");
  const auto text_start = out_.size();
  out_.append("lg ");
  append_int(out_, global_index_);
  out_.push_back(' ');
  append_int(out_, std::int64_t(counter));
  out_.push_back(' ');
  append_int(out_, send_ns);
  out_.push_back(' ');
  const auto text_len = out_.size() - text_start;
  const auto want = std::size_t(worker_.config().text_bytes);
  if (text_len < want) out_.append(want - text_len, 'x');
  out_.append(R"("})");
}

void Participant::build_hello() {
  out_.assign(R"({"type":"hello")");
  if (last_seq_ >= 0 || epoch_ > 0) {
    out_.append(R"(,"last_seq":)");
    append_int(out_, last_seq_);
    if (epoch_ > 0) {
      out_.append(R"(,"epoch":)");
      append_int(out_, epoch_);
    }
  }
  out_.push_back('}');
}

// ---- sending schedule -------------------------------------------------------------------------

void Participant::start_rate(std::chrono::steady_clock::time_point first,
                             std::chrono::milliseconds interval) {
  sending_ = true;
  window_mode_ = false;
  interval_ = interval;
  next_fire_ = first;
  arm_rate_timer();
}

void Participant::arm_rate_timer() {
  rate_timer_.expires_at(next_fire_);
  rate_timer_.async_wait([this](error_code ec) {
    if (ec || !sending_) return;
    // At most one send owed while the connection is busy or down, so a resume does not burst.
    credits_ = std::min(credits_ + 1, 1);
    next_fire_ += interval_;
    arm_rate_timer();
    pump();
  });
}

void Participant::start_window(int window) {
  sending_ = true;
  window_mode_ = true;
  window_ = window;
  pump();
}

void Participant::stop_sending() {
  sending_ = false;
  rate_timer_.cancel();
}

// ---- ending -----------------------------------------------------------------------------------

void Participant::drop(std::int64_t storm_start_ns) {
  if (state_ == State::closed) return;
  storm_ = true;
  storm_start_ns_ = storm_start_ns;
  if (state_ != State::open && state_ != State::handshaking) return;  // resumes on its own
  if (state_ == State::open && worker_.config().tls_resume) {
    // Keep the TLS session so the reconnect can resume it, as a browser would. A copy: freeing
    // an SSL that was cut without close_notify marks its own session not resumable.
    if (SSL_SESSION* live = SSL_get_session(stream_->next_layer().native_handle())) {
      if (SSL_SESSION* copy = SSL_SESSION_dup(live)) {
        if (tls_session_) SSL_SESSION_free(tls_session_);
        tls_session_ = copy;
      }
    }
  }
  dropping_ = true;
  live_ = false;
  if (state_ == State::open) {
    state_ = State::shutting;
    reconnect_ = true;
  }
  error_code ignored;
  beast::get_lowest_layer(*stream_).socket().close(ignored);
  maybe_finish();
}

void Participant::close() {
  closing_ = true;
  stop_sending();
  retry_timer_.cancel();
  // A connection still in its handshake closes when it opens; one between attempts, in
  // after_close or its retry timer.
  if (state_ == State::open) pump();
}

void Participant::on_io_error(error_code ec) {
  if (state_ == State::open) {
    state_ = State::shutting;
    live_ = false;
    auto& c = worker_.ledger();
    if (closing_ || dropping_) {
      reconnect_ = dropping_;
    } else if (ec == websocket::error::closed) {
      ++c.server_closes;
      const auto code = stream_->reason().code;
      reconnect_ = resumable(code) && ++attempts_ < kMaxAttempts;
      if (c.first_failure.empty())
        c.first_failure = "server closed with " + std::to_string(code) + " " +
                          std::string(stream_->reason().reason.data(), stream_->reason().reason.size());
    } else {
      ++c.connection_errors;
      reconnect_ = ++attempts_ < kMaxAttempts;
      if (c.first_failure.empty()) c.first_failure = "connection: " + ec.message();
    }
    error_code ignored;
    beast::get_lowest_layer(*stream_).socket().close(ignored);
  }
  maybe_finish();
}

void Participant::maybe_finish() {
  if (state_ != State::shutting || reading_ || writing_) return;
  // Deferred: this may run inside a completion handler of the stream about to be destroyed.
  state_ = State::idle;
  asio::post(worker_.ioc(), [this] { after_close(); });
}

void Participant::after_close() {
  stream_.reset();
  read_buffer_.clear();
  dropping_ = close_sent_ = false;
  if (reconnect_ && !closing_) {
    reconnect_ = false;
    if (!storm_) ++worker_.ledger().reconnects;
    if (attempts_ == 0) return connect();
    // Back off a little after a failure so a struggling server is not hammered.
    retry_timer_.expires_after(std::chrono::milliseconds(100 * attempts_));
    retry_timer_.async_wait([this](error_code ec) {
      if (!ec && !closing_) return connect();
      state_ = State::closed;
      ++worker_.progress().closed;
    });
    return;
  }
  state_ = State::closed;
  ++worker_.progress().closed;
}

}  // namespace mr::loadgen
