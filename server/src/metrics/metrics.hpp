#pragma once
// What the server counts for Prometheus (GET /metrics): one line at each place where something
// happens, in any layer, through these free functions. Only metrics.cpp knows prometheus-cpp, so
// no other header carries its types. The counts are process-wide, like the log.
//
// Thread-safety: every function may be called from any thread. Counters and gauges are atomics;
// histograms and labelled counters take a short lock.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mr::metrics {

using Duration = std::chrono::steady_clock::duration;

// Transport
void connection_opened();  // a WebSocket is open
void connection_closed();
void send_queue_closed();  // a WebSocket closed with 4003: its client fell too far behind
void tls_handshake(bool ok);
void http_response(int status);
void certificate_expiry(std::int64_t unix_seconds);

// Rooms and the store
void rooms_loaded(std::size_t count);
void batch_committed(std::size_t events, Duration took);  // one group commit
void ack_sent(Duration since_received);                   // a send answered by its ack

// Refusals. `transport`: "http" or "ws"; `code`: the error code of PROTOCOL.md.
void error_reply(std::string_view transport, std::string_view code);
void login_failed();
void login_throttled();  // a login refused without checking the password: too many failures

// Everything counted so far, in the Prometheus text exposition format 0.0.4.
std::string exposition();
inline constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace mr::metrics
