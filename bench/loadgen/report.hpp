#pragma once
// The figures of one run: a human summary and the one-line JSON result (prefixed "RESULT ").
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

#include "ledger.hpp"
#include "options.hpp"
#include "proc_stats.hpp"

namespace mr::loadgen {

struct ProcWindow {
  std::optional<ProcSample> start, end;
  long rss_max_kib = 0;
  double cores() const { return start && end ? cores_between(*start, *end) : 0; }
};

struct RunReport {
  Options options;
  Counters totals;
  std::uint64_t participants = 0, connected = 0, expected = 0, missing = 0;
  double setup_s = 0, connect_s = 0, window_s = 0;
  ProcWindow server, self;  // over the load window (idle: over the hold)
  double machine_busy_cores = 0;  // every process on the machine, same window
  // idle
  long server_rss_before_kib = 0, server_rss_connected_kib = 0;
  long self_rss_before_kib = 0, self_rss_connected_kib = 0;
  // resume storm
  bool storm = false;
  double storm_s = 0;
  std::uint64_t storm_caught_up = 0;
  ProcWindow storm_server;

  bool integrity_ok() const;  // nothing missing, doubled or refused; everyone connected
};

void print_summary(std::ostream& out, const RunReport& r);
std::string result_line(const RunReport& r);

}  // namespace mr::loadgen
