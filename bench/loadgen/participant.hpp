#pragma once
// One participant's WebSocket connection: TLS, upgrade with its mr_party cookie, hello, replay,
// then sends and receipts, counted into its worker's ledger. Reconnects with resume
// (hello{last_seq, epoch}) after a drop and re-sends its unacknowledged frames with their ids.
//
// Not thread-safe: every member runs on its worker's io_context thread (one thread per context,
// so no strand is needed). Handlers capture `this`; the worker keeps participants alive until its
// io_context is gone.
#include <openssl/ssl.h>

#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ledger.hpp"
#include "setup.hpp"

namespace mr::loadgen {

class Worker;

class Participant {
 public:
  Participant(Worker& worker, RoomLedger& room, std::uint32_t global_index,
              std::uint32_t member_index, MemberPlan plan, std::string target);
  ~Participant();
  Participant(const Participant&) = delete;
  Participant& operator=(const Participant&) = delete;

  void connect();
  void start_rate(std::chrono::steady_clock::time_point first, std::chrono::milliseconds interval);
  void start_window(int window);
  void stop_sending();
  // Cuts the connection without a close handshake, then resumes at once (the resume storm).
  void drop(std::int64_t storm_start_ns);
  // Ends with a WebSocket close 1000 and does not come back.
  void close();

  // Called by the worker when a handshake slot is free for this participant.
  void on_slot();

  bool seen(std::int64_t seq) const;
  bool sender() const { return plan_.sender; }

 private:
  enum class State { idle, waiting_slot, handshaking, open, shutting, closed };
  using WsStream =
      boost::beast::websocket::stream<boost::asio::ssl::stream<boost::beast::tcp_stream>>;

  void on_tcp(boost::system::error_code ec);
  void on_tls(boost::system::error_code ec);
  void on_ws(boost::system::error_code ec);
  void handshake_failed(boost::system::error_code ec);

  void do_read();
  void on_read(boost::system::error_code ec, std::size_t bytes);
  void pump();
  void on_write(boost::system::error_code ec);
  void on_io_error(boost::system::error_code ec);
  void maybe_finish();
  void after_close();

  void on_frame(std::string_view frame);
  void on_event(std::string_view frame);
  void on_ack(std::string_view frame);
  void on_error_frame(std::string_view frame);
  void on_welcome(std::string_view frame);
  void on_caught_up();

  bool next_resend();
  bool next_new();
  void build_send(std::uint64_t counter, std::int64_t send_ns);
  void build_hello();
  void settle(std::uint64_t counter);  // an entry was acked or refused
  void arm_rate_timer();
  bool mark_seen(std::int64_t seq);  // false when seen before
  bool mark_send(std::uint32_t member, std::uint64_t counter);  // false when seen before
  std::optional<std::uint64_t> pending_counter(std::string_view id) const;

  Worker& worker_;
  RoomLedger& room_;
  const std::uint32_t global_index_, member_index_;
  const MemberPlan plan_;
  const std::string target_;

  State state_ = State::idle;
  std::optional<WsStream> stream_;
  boost::beast::flat_buffer read_buffer_;
  std::string out_;
  bool reading_ = false, writing_ = false;
  bool hello_due_ = false, live_ = false;
  bool closing_ = false, close_sent_ = false;
  bool dropping_ = false, reconnect_ = false;
  bool storm_ = false;
  std::int64_t storm_start_ns_ = 0;
  int attempts_ = 0;
  SSL_SESSION* tls_session_ = nullptr;

  std::int64_t last_seq_ = -1, epoch_ = 0;
  std::vector<std::uint64_t> seen_;  // bit per seq
  // Per member of the room, a bit per send counter: catches one send recorded twice.
  std::vector<std::vector<std::uint64_t>> seen_sends_;

  // Sends in flight, indexed by counter modulo kRing; the frame id is "m<counter>".
  static constexpr std::uint64_t kRing = 1024;
  std::vector<std::int64_t> send_ns_;
  std::vector<std::uint8_t> settled_;
  std::uint64_t next_counter_ = 0, oldest_ = 0, unacked_ = 0;
  std::uint64_t resend_from_ = 0, resend_until_ = 0;

  bool sending_ = false, window_mode_ = false;
  int window_ = 0, credits_ = 0;
  std::chrono::milliseconds interval_{0};
  std::chrono::steady_clock::time_point next_fire_;
  boost::asio::steady_timer rate_timer_, retry_timer_;
};

}  // namespace mr::loadgen
