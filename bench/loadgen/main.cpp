// loadgen: drives a mediation-room server on this machine over TLS WebSockets and reports
// latency, throughput, delivery integrity and resource use (see bench/README.md).
#include <sys/resource.h>

#include <iostream>

#include "options.hpp"
#include "report.hpp"
#include "run.hpp"

namespace {

// Thousands of connections need thousands of descriptors; the soft limit is often 1024.
rlim_t raise_open_files() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
  getrlimit(RLIMIT_NOFILE, &limit);
  return limit.rlim_cur;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace mr::loadgen;
  const auto parsed = parse_options(argc, argv);
  if (parsed.help) {
    std::cout << usage();
    return 0;
  }
  if (!parsed.options) {
    std::cerr << "loadgen: " << parsed.error << "\n" << usage();
    return 2;
  }
  const Options& options = *parsed.options;
  const auto files = raise_open_files();
  const auto needed = rlim_t(options.rooms) * rlim_t(options.participants) + 64;
  if (files < needed) {
    std::cerr << "loadgen: " << needed << " descriptors needed, the hard limit is " << files
              << " (ulimit -Hn)\n";
    return 2;
  }
  try {
    const auto report = run(options);
    if (!options.json_only) print_summary(std::cout, report);
    std::cout << result_line(report) << std::endl;
    return report.integrity_ok() ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "loadgen: " << e.what() << "\n";
    return 2;
  }
}
