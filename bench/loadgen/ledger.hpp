#pragma once
// What one worker thread counts. Every field is written by that worker's thread only; the
// Progress atomics are the exception, read by the main thread while the run goes on.
#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "histogram.hpp"

namespace mr::loadgen {

class Participant;

// The error codes of PROTOCOL.md §4, counted separately; anything else lands in `other`.
inline constexpr std::array<std::string_view, 11> kErrorCodes = {
    "bad_json",       "bad_frame",       "unknown_type", "not_ready",
    "forbidden_channel", "unknown_channel", "text_too_long", "empty_text",
    "rate_limited",   "out_of_range",    "unavailable"};

struct Counters {
  std::uint64_t sent = 0, resent = 0, acked = 0, duplicate_acks = 0, unexpected_acks = 0;
  std::uint64_t delivered = 0, echoes = 0, other_events = 0, resets = 0;
  std::uint64_t duplicates = 0;  // a seq seen twice on one participant
  std::uint64_t doubled = 0;     // one send recorded as two events (two seqs, same sender and id)
  std::uint64_t acked_in_window = 0, delivered_in_window = 0;
  std::array<std::uint64_t, kErrorCodes.size() + 1> errors{};  // last slot: other codes
  std::uint64_t connect_failures = 0, connection_errors = 0, server_closes = 0, reconnects = 0;
  std::uint64_t tls_resumed = 0;
  std::string first_failure;  // the first thing that went wrong, for the summary
  Histogram ack_latency, delivery_latency, storm_catch_up;

  std::uint64_t error_total() const {
    std::uint64_t n = 0;
    for (auto e : errors) n += e;
    return n;
  }
  void merge(const Counters& o);
};

// Gauges the main thread polls to know when a phase is over.
struct Progress {
  std::atomic<std::uint64_t> caught_up{0};        // connections that got caught_up, ever
  std::atomic<std::uint64_t> storm_caught_up{0};  // participants caught up again after the drop
  std::atomic<std::int64_t> storm_last_ns{0};     // when the last of those caught up
  std::atomic<std::uint64_t> unacked{0};          // sends waiting for their ack
  std::atomic<std::uint64_t> delivered{0};        // deliveries of acknowledged messages
  std::atomic<std::uint64_t> expected{0};         // deliveries the acks so far call for
  std::atomic<std::uint64_t> closed{0};           // participants whose connection is gone for good
  std::atomic<std::uint64_t> failed{0};           // participants that gave up connecting
};

// One room's members and its acknowledged messages, for the missing-delivery check at the end.
struct RoomLedger {
  struct Acked {
    std::int64_t seq;
    std::uint32_t sender;  // index into members
  };
  std::uint32_t first_global = 0;  // members have consecutive global indices from here
  std::vector<Participant*> members;
  std::vector<Acked> acked;
};

// Send timestamps of a run's phases, set by the main thread: latencies are recorded only for
// messages sent inside the measuring window, so start-up and drain do not blur the figures.
struct Window {
  std::atomic<std::int64_t> from_ns{INT64_MAX};
  std::atomic<std::int64_t> until_ns{INT64_MAX};
  std::atomic<std::int64_t> received_until_ns{INT64_MAX};  // set when the resume storm starts
  bool contains(std::int64_t send_ns, std::int64_t now_ns) const {
    return send_ns >= from_ns.load(std::memory_order_relaxed) &&
           send_ns < until_ns.load(std::memory_order_relaxed) &&
           now_ns < received_until_ns.load(std::memory_order_relaxed);
  }
};

std::int64_t steady_ns();

}  // namespace mr::loadgen
