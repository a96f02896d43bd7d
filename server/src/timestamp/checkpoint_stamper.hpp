#pragma once
// Trusted time for checkpoints (RECORD.md §4.1): asks the configured TSA for an RFC 3161 token
// over each checkpoint note a room hands it once the store holds the checkpoint, checks the reply,
// and stores the token beside the checkpoint. Milestones (a phase change, a signature, the
// conclusion) are always stamped; other checkpoints of a room at most once per interval.
//
// It never holds up a room or the store's writer: requests are asynchronous, one at a time, with
// a timeout; a failure is logged and the same checkpoint is tried again later with a growing
// pause, and the rooms go on meanwhile. Queued checkpoints are not kept across a restart: a
// checkpoint without a token is still a valid checkpoint, only its time is the server's own.
//
// Thread-safety: stamp() and stop() may be called from any thread; the work runs on a strand.
#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <unordered_map>

#include "crypto/timestamp_token.hpp"
#include "store/store.hpp"
#include "timestamp/tsa_http_client.hpp"

namespace mr::timestamp {

struct StamperOptions {
  TsaUrl url;
  crypto::TimestampTrust trust;  // the TSA's chain: a reply that does not verify is not kept
  std::chrono::milliseconds timeout{10000};
  // A room's checkpoints that are not milestones get a token at most this often.
  std::chrono::milliseconds interval{std::chrono::minutes(5)};
  std::chrono::milliseconds first_retry{std::chrono::seconds(5)};
  std::chrono::milliseconds max_retry{std::chrono::minutes(5)};
  std::size_t max_pending = 10000;      // beyond this the oldest waiting checkpoint goes unstamped
  std::function<std::int64_t()> clock;  // ms since the epoch
};

class CheckpointStamper : public std::enable_shared_from_this<CheckpointStamper> {
 public:
  static std::shared_ptr<CheckpointStamper> create(boost::asio::any_io_executor executor,
                                                   store::Store& store, StamperOptions options);

  // A checkpoint the store now holds.
  void stamp(const store::StoredCheckpoint& checkpoint, bool milestone);
  void stop();

  std::uint64_t stamped() const { return stamped_; }
  std::uint64_t failures() const { return failures_; }

 private:
  CheckpointStamper(boost::asio::any_io_executor executor, store::Store& store,
                    StamperOptions options);
  struct Pending {
    std::string room;
    std::int64_t size = 0;
    std::string note;
  };
  void next();
  void on_reply(const crypto::TimestampRequest& request, std::string error, std::string reply);
  void on_stored(std::error_code ec);
  void failed(const std::string& why);

  boost::asio::any_io_executor executor_;
  boost::asio::strand<boost::asio::any_io_executor> strand_;
  store::Store& store_;
  StamperOptions options_;
  boost::asio::ssl::context tls_;
  boost::asio::steady_timer retry_timer_;
  std::deque<Pending> pending_;
  std::unordered_map<std::string, std::chrono::steady_clock::time_point> last_asked_;
  bool busy_ = false;  // a request (or its retry pause, or its store write) is under way
  bool stopped_ = false;
  std::chrono::milliseconds backoff_{0};
  std::atomic<std::uint64_t> stamped_{0}, failures_{0};
};

}  // namespace mr::timestamp
