#include "metrics/metrics.hpp"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

namespace mr::metrics {
namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;
using prometheus::Histogram;

double seconds(Duration d) { return std::chrono::duration<double>(d).count(); }

// Latencies from a fraction of a millisecond (a commit on a fast disk) to a couple of seconds.
const Histogram::BucketBoundaries kLatency = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.02,
                                              0.05,   0.1,   0.25,  0.5,   1,    2.5};
const Histogram::BucketBoundaries kBatch = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};

// Made on first use, so that counting from a static initialiser is safe too.
struct All {
  prometheus::Registry registry;
  prometheus::Gauge& connections = BuildGauge()
                                       .Name("mediation_websocket_connections")
                                       .Help("Open WebSocket connections")
                                       .Register(registry)
                                       .Add({});
  prometheus::Counter& queue_closes = BuildCounter()
                                          .Name("mediation_send_queue_closes_total")
                                          .Help(
                                              "WebSockets closed with 4003: the client fell more "
                                              "than the send-queue bound behind")
                                          .Register(registry)
                                          .Add({});
  prometheus::Family<prometheus::Counter>& handshakes = BuildCounter()
                                                            .Name("mediation_tls_handshakes_total")
                                                            .Help("TLS handshakes by result")
                                                            .Register(registry);
  prometheus::Counter& handshakes_ok = handshakes.Add({{"result", "ok"}});
  prometheus::Counter& handshakes_failed = handshakes.Add({{"result", "failed"}});
  prometheus::Family<prometheus::Counter>& responses = BuildCounter()
                                                           .Name("mediation_http_responses_total")
                                                           .Help("HTTP answers by status code")
                                                           .Register(registry);
  prometheus::Gauge& certificate_expiry =
      BuildGauge()
          .Name("mediation_tls_certificate_expiry_timestamp_seconds")
          .Help("When the certificate in use expires (Unix time)")
          .Register(registry)
          .Add({});
  prometheus::Gauge& rooms = BuildGauge()
                                 .Name("mediation_rooms_loaded")
                                 .Help("Case rooms loaded in memory")
                                 .Register(registry)
                                 .Add({});
  prometheus::Counter& events = BuildCounter()
                                    .Name("mediation_events_appended_total")
                                    .Help("Events committed to the store")
                                    .Register(registry)
                                    .Add({});
  Histogram& batch_events = BuildHistogram()
                                .Name("mediation_commit_batch_events")
                                .Help("Events per group commit")
                                .Register(registry)
                                .Add({}, kBatch);
  Histogram& commit_seconds = BuildHistogram()
                                  .Name("mediation_commit_seconds")
                                  .Help("Time to write and fsync one group commit")
                                  .Register(registry)
                                  .Add({}, kLatency);
  Histogram& ack_seconds = BuildHistogram()
                               .Name("mediation_ack_seconds")
                               .Help("From a send frame's arrival to its ack (after the commit)")
                               .Register(registry)
                               .Add({}, kLatency);
  prometheus::Family<prometheus::Counter>& errors =
      BuildCounter()
          .Name("mediation_error_replies_total")
          .Help("Error answers by transport (http, ws) and code (PROTOCOL.md)")
          .Register(registry);
  prometheus::Family<prometheus::Counter>& logins = BuildCounter()
                                                        .Name("mediation_login_refusals_total")
                                                        .Help("Mediator logins refused, by reason")
                                                        .Register(registry);
  prometheus::Counter& login_failures = logins.Add({{"reason", "wrong_password"}});
  prometheus::Counter& login_throttled = logins.Add({{"reason", "throttled"}});
};

All& all() {
  static All metrics;
  return metrics;
}

}  // namespace

void connection_opened() { all().connections.Increment(); }
void connection_closed() { all().connections.Decrement(); }
void send_queue_closed() { all().queue_closes.Increment(); }
void tls_handshake(bool ok) { (ok ? all().handshakes_ok : all().handshakes_failed).Increment(); }
void http_response(int status) {
  if (status > 0) all().responses.Add({{"code", std::to_string(status)}}).Increment();
}
void certificate_expiry(std::int64_t unix_seconds) {
  all().certificate_expiry.Set(double(unix_seconds));
}

void rooms_loaded(std::size_t count) { all().rooms.Set(double(count)); }
void batch_committed(std::size_t events, Duration took) {
  all().events.Increment(double(events));
  all().batch_events.Observe(double(events));
  all().commit_seconds.Observe(seconds(took));
}
void ack_sent(Duration since_received) { all().ack_seconds.Observe(seconds(since_received)); }

void error_reply(std::string_view transport, std::string_view code) {
  all()
      .errors.Add({{"transport", std::string(transport)}, {"code", std::string(code)}})
      .Increment();
}
void login_failed() { all().login_failures.Increment(); }
void login_throttled() { all().login_throttled.Increment(); }

std::string exposition() {
  return prometheus::TextSerializer().Serialize(all().registry.Collect());
}

}  // namespace mr::metrics
