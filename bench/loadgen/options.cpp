#include "options.hpp"

#include <boost/asio/ip/address.hpp>
#include <charconv>
#include <string_view>

namespace mr::loadgen {
namespace {

template <class T>
bool parse_number(std::string_view text, T& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size();
}

}  // namespace

const char* usage() {
  return R"(usage: loadgen [options]
  --host ADDR               server address, loopback only (default 127.0.0.1)
  --port N                  server port (default 8443)
  --login NAME              mediator login (default bench)
  --password PW             mediator password (required)
  --rooms R                 rooms to create (default 10)
  --participants P          participants per room (default 5): parties A/B alternating
  --observers K             the last K participants of each room are observers (default 0)
  --threads T               client threads, one io_context each (default 2)
  --duration S              seconds of load, or of holding in --idle (default 10)
  --rate-interval-ms I      each sender sends one message every I ms, spread evenly (default 2000)
  --window W                saturation instead: each sender keeps W sends unacknowledged
  --idle                    connect and hold; report server memory per connection
  --connections N           idle: total connections (rooms = N / participants)
  --resume-storm            after the load phase drop every connection at once and resume
  --no-tls-resume           reconnect with full TLS handshakes (default: resume the session)
  --text-bytes N            message text length (default 64)
  --connect-concurrency N   TLS handshakes in flight (default 512)
  --setup-concurrency N     HTTPS connections used to create rooms and invites (default 8)
  --server-pid PID          sample this process's CPU and memory from /proc
  --scenario NAME           label written into the result line
  --json-only               print only the RESULT line
)";
}

ParseResult parse_options(int argc, char** argv) {
  ParseResult r;
  Options o;
  bool window_set = false, rate_set = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&](std::string_view& out) {
      if (i + 1 >= argc) return false;
      out = argv[++i];
      return true;
    };
    std::string_view v;
    bool ok = true;
    if (arg == "--help" || arg == "-h") {
      r.help = true;
      return r;
    } else if (arg == "--idle") {
      o.mode = Mode::idle;
    } else if (arg == "--resume-storm") {
      o.resume_storm = true;
    } else if (arg == "--no-tls-resume") {
      o.tls_resume = false;
    } else if (arg == "--json-only") {
      o.json_only = true;
    } else if (!value(v)) {
      r.error = std::string(arg) + " needs a value (or is unknown)";
      return r;
    } else if (arg == "--host") {
      o.host = v;
    } else if (arg == "--port") {
      ok = parse_number(v, o.port);
    } else if (arg == "--login") {
      o.login = v;
    } else if (arg == "--password") {
      o.password = v;
    } else if (arg == "--rooms") {
      ok = parse_number(v, o.rooms) && o.rooms > 0;
    } else if (arg == "--participants") {
      ok = parse_number(v, o.participants) && o.participants > 0;
    } else if (arg == "--observers") {
      ok = parse_number(v, o.observers) && o.observers >= 0;
    } else if (arg == "--threads") {
      ok = parse_number(v, o.threads) && o.threads > 0 && o.threads <= 64;
    } else if (arg == "--duration") {
      ok = parse_number(v, o.duration_s) && o.duration_s >= 0 && o.duration_s <= 3600;
    } else if (arg == "--rate-interval-ms") {
      ok = parse_number(v, o.rate_interval_ms) && o.rate_interval_ms > 0;
      rate_set = true;
    } else if (arg == "--window") {
      ok = parse_number(v, o.window) && o.window > 0 && o.window <= 512;
      window_set = true;
    } else if (arg == "--connections") {
      ok = parse_number(v, o.connections) && o.connections > 0;
    } else if (arg == "--text-bytes") {
      ok = parse_number(v, o.text_bytes) && o.text_bytes >= 40 && o.text_bytes <= 4000;
    } else if (arg == "--connect-concurrency") {
      ok = parse_number(v, o.connect_concurrency) && o.connect_concurrency > 0;
    } else if (arg == "--setup-concurrency") {
      ok = parse_number(v, o.setup_concurrency) && o.setup_concurrency > 0;
    } else if (arg == "--server-pid") {
      int pid = 0;
      ok = parse_number(v, pid) && pid > 0;
      o.server_pid = pid;
    } else if (arg == "--scenario") {
      o.scenario = v;
    } else {
      r.error = "unknown option " + std::string(arg);
      return r;
    }
    if (!ok) {
      r.error = "bad value for " + std::string(arg) + ": " + std::string(v);
      return r;
    }
  }
  if (window_set && rate_set) {
    r.error = "--window and --rate-interval-ms exclude each other";
    return r;
  }
  if (window_set && o.mode != Mode::idle) o.mode = Mode::window;
  if (o.mode == Mode::idle && o.connections > 0)
    o.rooms = (o.connections + o.participants - 1) / o.participants;
  if (o.observers >= o.participants) {
    r.error = "--observers must leave at least one sender per room";
    return r;
  }
  if (o.password.empty()) {
    r.error = "--password is required";
    return r;
  }
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(o.host, ec);
  if (ec || !address.is_loopback()) {
    r.error = "--host must be a loopback address (127.0.0.1 or ::1), got " + o.host;
    return r;
  }
  if (o.scenario.empty())
    o.scenario = o.mode == Mode::idle     ? "idle"
                 : o.mode == Mode::window ? "saturation"
                                          : "steady";
  r.options = o;
  return r;
}

}  // namespace mr::loadgen
