#include "ledger.hpp"

#include <chrono>

namespace mr::loadgen {

void Counters::merge(const Counters& o) {
  sent += o.sent;
  resent += o.resent;
  acked += o.acked;
  duplicate_acks += o.duplicate_acks;
  unexpected_acks += o.unexpected_acks;
  delivered += o.delivered;
  echoes += o.echoes;
  duplicates += o.duplicates;
  doubled += o.doubled;
  other_events += o.other_events;
  resets += o.resets;
  acked_in_window += o.acked_in_window;
  delivered_in_window += o.delivered_in_window;
  for (std::size_t i = 0; i < errors.size(); ++i) errors[i] += o.errors[i];
  connect_failures += o.connect_failures;
  connection_errors += o.connection_errors;
  server_closes += o.server_closes;
  reconnects += o.reconnects;
  tls_resumed += o.tls_resumed;
  if (first_failure.empty()) first_failure = o.first_failure;
  ack_latency.merge(o.ack_latency);
  delivery_latency.merge(o.delivery_latency);
  storm_catch_up.merge(o.storm_catch_up);
}

std::int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace mr::loadgen
