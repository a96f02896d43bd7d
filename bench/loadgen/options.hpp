#pragma once
// Command-line options of the load generator. Parsing refuses anything but a loopback host: the
// generator is only ever pointed at a server on this machine.
#include <cstdint>
#include <optional>
#include <string>

namespace mr::loadgen {

enum class Mode { rate, window, idle };

struct Options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8443;
  std::string login = "bench";
  std::string password;
  int rooms = 10;
  int participants = 5;
  int observers = 0;  // the last K invites of each room are observers (read main, never send)
  int threads = 2;
  double duration_s = 10;
  Mode mode = Mode::rate;
  int rate_interval_ms = 2000;
  int window = 8;
  int connections = 0;  // idle mode: total connections (rooms are derived from it)
  bool resume_storm = false;
  bool tls_resume = true;  // reconnects offer the previous TLS session, as browsers do
  double storm_tail_s = 2;  // sending continues this long after every client caught up again
  int text_bytes = 64;
  int connect_concurrency = 512;  // TLS handshakes in flight, all threads together
  int setup_concurrency = 8;      // HTTPS setup connections, all threads together
  std::optional<int> server_pid;
  bool json_only = false;
  std::string scenario;  // a label copied into the result
};

// Returns the options, or an error message to print with the usage.
struct ParseResult {
  std::optional<Options> options;
  std::string error;
  bool help = false;
};
ParseResult parse_options(int argc, char** argv);
const char* usage();

}  // namespace mr::loadgen
