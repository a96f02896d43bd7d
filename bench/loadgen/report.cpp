#include "report.hpp"

#include <cmath>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>

namespace mr::loadgen {

using nlohmann::ordered_json;

namespace {

double ms(std::int64_t ns) { return std::round(double(ns) / 1e3) / 1e3; }  // µs precision

ordered_json latency_json(const Histogram& h) {
  return {{"count", h.count()},
          {"p50", ms(h.quantile(0.50))},
          {"p90", ms(h.quantile(0.90))},
          {"p99", ms(h.quantile(0.99))},
          {"p999", ms(h.quantile(0.999))},
          {"max", ms(h.max())}};
}

double per_s(std::uint64_t n, double s) { return s > 0 ? std::round(double(n) / s) : 0; }

double round2(double v) { return std::round(v * 100) / 100; }

ordered_json proc_json(const ProcWindow& w) {
  return {{"cpu_cores", round2(w.cores())},
          {"rss_kib", w.end ? w.end->rss_kib : 0},
          {"rss_max_kib", w.rss_max_kib},
          {"rss_peak_kib", w.end ? w.end->hwm_kib : 0}};
}

std::string mode_name(Mode m) {
  return m == Mode::idle ? "idle" : m == Mode::window ? "window" : "rate";
}

void print_latency(std::ostream& out, const char* name, const Histogram& h) {
  out << "  " << std::left << std::setw(18) << name << std::right << std::fixed
      << std::setprecision(2) << "p50 " << ms(h.quantile(0.5)) << "  p90 " << ms(h.quantile(0.9))
      << "  p99 " << ms(h.quantile(0.99)) << "  p99.9 " << ms(h.quantile(0.999)) << "  max "
      << ms(h.max()) << " ms  (n=" << h.count() << ")\n";
}

}  // namespace

bool RunReport::integrity_ok() const {
  return missing == 0 && totals.duplicates == 0 && totals.doubled == 0 &&
         totals.error_total() == 0 && totals.unexpected_acks == 0 && connected == participants;
}

std::string result_line(const RunReport& r) {
  const auto& c = r.totals;
  ordered_json errors = ordered_json::object();
  for (std::size_t i = 0; i < kErrorCodes.size(); ++i)
    if (c.errors[i]) errors[std::string(kErrorCodes[i])] = c.errors[i];
  if (c.errors.back()) errors["other"] = c.errors.back();

  ordered_json j = {
      {"scenario", r.options.scenario},
      {"mode", mode_name(r.options.mode)},
      {"rooms", r.options.rooms},
      {"participants_per_room", r.options.participants},
      {"connections", r.participants},
      {"connected", r.connected},
      {"threads", r.options.threads},
      {"duration_s", round2(r.window_s)},
      {"setup_s", round2(r.setup_s)},
      {"connect_s", round2(r.connect_s)},
  };
  if (r.options.mode == Mode::rate) j["rate_interval_ms"] = r.options.rate_interval_ms;
  if (r.options.mode == Mode::window) j["window"] = r.options.window;
  if (r.options.mode != Mode::idle) {
    j["sent"] = c.sent;
    j["acked"] = c.acked;
    j["delivered"] = c.delivered;
    j["expected_deliveries"] = r.expected;
    j["echoes"] = c.echoes;
    j["msgs_per_s_acked"] = per_s(c.acked_in_window, r.window_s);
    j["deliveries_per_s"] = per_s(c.delivered_in_window, r.window_s);
    j["ack_ms"] = latency_json(c.ack_latency);
    j["delivery_ms"] = latency_json(c.delivery_latency);
  }
  j["missing"] = r.missing;
  j["duplicates"] = c.duplicates;
  j["doubled"] = c.doubled;
  j["errors"] = errors;
  j["error_total"] = c.error_total();
  j["connect_failures"] = c.connect_failures;
  j["connection_errors"] = c.connection_errors;
  j["server_closes"] = c.server_closes;
  j["reconnects"] = c.reconnects;
  j["server"] = proc_json(r.server);
  j["loadgen"] = proc_json(r.self);
  j["machine_busy_cores"] = round2(r.machine_busy_cores);
  if (r.options.mode == Mode::idle && r.connected > 0) {
    const auto per_conn = [&](long before, long after) {
      return round2(double(after - before) / double(r.connected));
    };
    j["idle"] = {{"server_rss_before_kib", r.server_rss_before_kib},
                 {"server_rss_connected_kib", r.server_rss_connected_kib},
                 {"server_kib_per_connection",
                  per_conn(r.server_rss_before_kib, r.server_rss_connected_kib)},
                 {"loadgen_kib_per_connection",
                  per_conn(r.self_rss_before_kib, r.self_rss_connected_kib)}};
  }
  if (r.storm) {
    j["storm"] = {{"caught_up", r.storm_caught_up},
                  {"all_caught_up_s", round2(r.storm_s)},
                  {"catch_up_ms", latency_json(c.storm_catch_up)},
                  {"resent", c.resent},
                  {"duplicate_acks", c.duplicate_acks},
                  {"tls_resumed", c.tls_resumed},
                  {"server", proc_json(r.storm_server)}};
  }
  j["ok"] = r.integrity_ok();
  return "RESULT " + j.dump();
}

void print_summary(std::ostream& out, const RunReport& r) {
  const auto& c = r.totals;
  out << "== " << r.options.scenario << ": " << r.options.rooms << " rooms x "
      << r.options.participants << " (" << r.participants << " connections, " << r.connected
      << " connected), " << r.options.threads << " threads\n";
  out << std::fixed << std::setprecision(2) << "  setup " << r.setup_s << " s, connect "
      << r.connect_s << " s, window " << r.window_s << " s\n";
  if (r.options.mode != Mode::idle) {
    out << "  sent " << c.sent << ", acked " << c.acked << " (" << per_s(c.acked_in_window, r.window_s)
        << "/s), delivered " << c.delivered << " of " << r.expected << " expected ("
        << per_s(c.delivered_in_window, r.window_s) << "/s)\n";
    print_latency(out, "send->ack", c.ack_latency);
    print_latency(out, "send->delivery", c.delivery_latency);
  }
  out << "  missing " << r.missing << ", duplicates " << c.duplicates << ", doubled " << c.doubled
      << ", error frames " << c.error_total() << ", connect failures " << c.connect_failures
      << ", connection errors " << c.connection_errors << ", server closes " << c.server_closes
      << "\n";
  out << "  server: " << r.server.cores() << " cores, RSS "
      << (r.server.end ? r.server.end->rss_kib : 0) << " KiB (max " << r.server.rss_max_kib
      << ")\n  loadgen: " << r.self.cores() << " cores, RSS "
      << (r.self.end ? r.self.end->rss_kib : 0) << " KiB\n  machine: " << r.machine_busy_cores
      << " cores busy (all processes)\n";
  if (r.options.mode == Mode::idle && r.connected > 0)
    out << "  idle: server " << double(r.server_rss_connected_kib - r.server_rss_before_kib) / double(r.connected)
        << " KiB per connection (" << r.server_rss_before_kib << " -> "
        << r.server_rss_connected_kib << " KiB)\n";
  if (r.storm) {
    out << "  resume storm: " << r.storm_caught_up << "/" << r.participants
        << " caught up again in " << r.storm_s << " s; resent " << c.resent << " ("
        << c.duplicate_acks << " acked as duplicate), TLS sessions resumed " << c.tls_resumed
        << ", server " << r.storm_server.cores() << " cores\n";
    print_latency(out, "drop->caught_up", c.storm_catch_up);
  }
  if (!c.first_failure.empty()) out << "  first failure: " << c.first_failure << "\n";
  out << "  integrity: " << (r.integrity_ok() ? "ok" : "FAILED") << "\n";
}

}  // namespace mr::loadgen
