// Operating it (issue 15): /metrics counts real traffic; behind a proxy the client is the one the
// proxy names only when the proxy is trusted; plain HTTP only where no one else can listen; the
// service manager hears readiness, reloads, watchdog pings and the stop; JSON-lines logs.
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <fstream>
#include <iterator>
#include <regex>

#include "plain_http.hpp"
#include "room_fixture.hpp"

namespace mr::test {
namespace {

namespace fs = std::filesystem;

// The port in a startup line "serving <what> on http://127.0.0.1:<port>".
unsigned short plain_port(const std::string& log, const std::string& what) {
  std::smatch m;
  if (!std::regex_search(log, m,
                         std::regex("serving " + what + " on http://127\\.0\\.0\\.1:(\\d+)")))
    throw std::runtime_error("no " + what + " listener in: " + log);
  return static_cast<unsigned short>(std::stoi(m[1]));
}

class Metrics : public RoomFixture {
 protected:
  std::string scrape() {
    auto res = https(*tls_, server_->port(), "GET", "/metrics");
    EXPECT_EQ(res.status, 200);
    EXPECT_NE(res.header("content-type").find("text/plain; version=0.0.4"), std::string::npos);
    return res.body;
  }
};

TEST_F(Metrics, CountersMoveWithRealTraffic) {
  const auto before = scrape();
  auto m = join(mediator_);
  auto a = join(party_a_);
  for (int i = 0; i < 5; ++i) {
    m->send(send_frame("m-" + std::to_string(i), "main", "第" + std::to_string(i) + "条"));
    m->next_of_type("ack");
  }
  // A refusal by code, over HTTP and over the WebSocket.
  EXPECT_EQ(api("POST", "/api/login", {{"login", "m1"}, {"password", "wrong"}}).status, 401);
  a->send(send_frame("a-1", "consult", "不该进"));
  EXPECT_EQ(a->next_of_type("error")["code"], "forbidden_channel");
  const auto after = scrape();

  auto moved = [&](const std::string& name, const std::map<std::string, std::string>& labels = {}) {
    return sample(after, name, labels) - std::max(0.0, sample(before, name, labels));
  };
  EXPECT_GE(moved("mediation_events_appended_total"), 5);
  EXPECT_GE(moved("mediation_ack_seconds_count"), 5);
  EXPECT_GE(moved("mediation_commit_batch_events_count"), 1);
  EXPECT_GE(moved("mediation_commit_seconds_count"), 1);
  EXPECT_EQ(sample(after, "mediation_websocket_connections"), 2);
  EXPECT_GE(sample(after, "mediation_rooms_loaded"), 1);
  EXPECT_GE(moved("mediation_tls_handshakes_total", {{"result", "ok"}}), 3);
  EXPECT_GE(moved("mediation_http_responses_total", {{"code", "200"}}), 1);
  EXPECT_EQ(moved("mediation_login_refusals_total", {{"reason", "wrong_password"}}), 1);
  EXPECT_GE(
      moved("mediation_error_replies_total", {{"transport", "ws"}, {"code", "forbidden_channel"}}),
      1);
  EXPECT_GT(sample(after, "mediation_tls_certificate_expiry_timestamp_seconds"), 1.6e9);

  // A handshake that fails counts as one.
  boost::asio::ssl::context stranger(boost::asio::ssl::context::tls_client);
  stranger.set_verify_mode(boost::asio::ssl::verify_peer);  // trusts nothing: the handshake fails
  EXPECT_ANY_THROW(https(stranger, server_->port(), "GET", "/healthz"));
  // Counted before the server logs it.
  ASSERT_TRUE(server_->wait_for_log("tls handshake 127.0.0.1", 1, 5s)) << server_->log();
  const auto failed = scrape();
  EXPECT_GE(
      sample(failed, "mediation_tls_handshakes_total", {{"result", "failed"}}),
      std::max(0.0, sample(after, "mediation_tls_handshakes_total", {{"result", "failed"}})) + 1);
}

class SeparateMetrics : public RoomFixture {
 protected:
  std::vector<std::string> serve_options() const override {
    return {"--metrics-bind", "127.0.0.1:0"};
  }
};

TEST_F(SeparateMetrics, AreServedOnlyOnTheirOwnAddress) {
  const auto port = plain_port(server_->startup_log(), "metrics");
  auto res = plain_http(tcp_target(port), "GET", "/metrics");
  EXPECT_EQ(res.status, 200);
  EXPECT_GE(sample(res.body, "mediation_websocket_connections"), 0);
  EXPECT_EQ(https(*tls_, server_->port(), "GET", "/metrics").status, 404);
}

// A proxy on this machine: plain HTTP on a Unix socket and on loopback TCP, 127.0.0.2 trusted.
class BehindAProxy : public RoomFixture {
 protected:
  std::vector<std::string> serve_options() const override {
    return {"--http-listen",   "unix:" + (dir_ / "http.sock").string(),
            "--trusted-proxy", "127.0.0.2",
            "--public-url",    "https://mediation.example.org"};
  }
  std::string login_from(const PlainTarget& to, const std::map<std::string, std::string>& headers) {
    auto res = plain_http(to, "POST", "/api/login", headers,
                          R"({"login":"m1","password":"correct-horse"})");
    EXPECT_EQ(res.status, 200) << res.body;
    return res.body;
  }
};

TEST_F(BehindAProxy, TheClientIsTheOneATrustedProxyNames) {
  const auto unix_socket = unix_target(dir_ / "http.sock");
  // A Unix socket is reachable only by a local proxy: its X-Forwarded-For counts.
  login_from(unix_socket, {{"X-Forwarded-For", "203.0.113.7"},
                           {"Content-Type", "application/json"},
                           {"Origin", "https://mediation.example.org"}});
  EXPECT_TRUE(server_->wait_for_log("http 203.0.113.7 \"POST /api/login", 1, 5s)) << server_->log();
  // Forwarded (RFC 7239) is read too, and the nearest hop that is not a trusted proxy wins.
  login_from(unix_socket, {{"Forwarded", "for=198.51.100.4, for=127.0.0.2"},
                           {"Content-Type", "application/json"},
                           {"Origin", "https://mediation.example.org"}});
  EXPECT_TRUE(server_->wait_for_log("http 198.51.100.4 \"POST /api/login", 1, 5s))
      << server_->log();
}

TEST_F(BehindAProxy, AnUntrustedPeerCannotNameAnotherClient) {
  // On the TLS port from 127.0.0.3, which is no trusted proxy: the address is the peer's.
  auto res = https(*tls_, server_->port(), "GET", "/api/rooms", {}, {}, {}, {}, "127.0.0.3");
  EXPECT_EQ(res.status, 401);
  EXPECT_TRUE(server_->wait_for_log("http 127.0.0.3 \"GET /api/rooms\" 401", 1, 5s))
      << server_->log();
}

TEST_F(BehindAProxy, TheOriginRuleUsesThePublicUrl) {
  const auto unix_socket = unix_target(dir_ / "http.sock");
  const std::map<std::string, std::string> json_body{{"Content-Type", "application/json"}};
  auto from_public = json_body, from_elsewhere = json_body;
  from_public["Origin"] = "https://mediation.example.org";
  from_elsewhere["Origin"] = "https://evil.example";
  const auto body = R"({"login":"m1","password":"correct-horse"})";
  EXPECT_EQ(plain_http(unix_socket, "POST", "/api/login", from_public, body).status, 200);
  EXPECT_EQ(plain_http(unix_socket, "POST", "/api/login", from_elsewhere, body).status, 403);
}

TEST(PlainHttp, IsRefusedOnAnAddressBeyondThisMachine) {
  auto dir = fresh_dir("plain-public");
  auto answer = run_cli_status(
      {"serve", "--data", dir.string(), "--port", "0", "--http-listen", "0.0.0.0:8080"});
  fs::remove_all(dir);
  EXPECT_EQ(answer.status, 1) << answer.output;
  EXPECT_NE(answer.output.find("plain HTTP only on a loopback address or a Unix socket"),
            std::string::npos)
      << answer.output;
}

TEST(PlainHttp, ServesOnLoopbackTcpAndTrustsOnlyTheNamedProxy) {
  auto dir = fresh_dir("plain-tcp");
  {
    ServerProcess server(dir, {"--http-listen", "127.0.0.1:0", "--trusted-proxy", "127.0.0.2"});
    const auto port = plain_port(server.startup_log(), "plain HTTP for a TLS-terminating proxy");
    EXPECT_EQ(plain_http(tcp_target(port, "127.0.0.2"), "GET", "/api/rooms",
                         {{"X-Forwarded-For", "192.0.2.10"}})
                  .status,
              401);
    EXPECT_TRUE(server.wait_for_log("http 192.0.2.10 \"GET /api/rooms\" 401", 1, 5s))
        << server.log();
    // From 127.0.0.4, which is not the trusted proxy, the header names no one.
    EXPECT_EQ(plain_http(tcp_target(port, "127.0.0.4"), "GET", "/api/rooms",
                         {{"X-Forwarded-For", "192.0.2.11"}})
                  .status,
              401);
    EXPECT_TRUE(server.wait_for_log("http 127.0.0.4 \"GET /api/rooms\" 401", 1, 5s))
        << server.log();
    EXPECT_EQ(plain_http(tcp_target(port), "GET", "/healthz").status, 200);
  }
  fs::remove_all(dir);
}

// A stand-in for systemd: the datagram socket NOTIFY_SOCKET names.
class NotifySocket {
 public:
  explicit NotifySocket(const fs::path& path) : path_(path) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::strncpy(a.sun_path, path.c_str(), sizeof a.sun_path - 1);
    if (bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0)
      throw std::runtime_error("cannot bind " + path.string());
  }
  ~NotifySocket() { close(fd_); }
  // The next message that holds `what`, skipping others; "" if none comes within `timeout`.
  std::string next_with(const std::string& what, std::chrono::milliseconds timeout = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd p{fd_, POLLIN, 0};
      if (left.count() <= 0 || poll(&p, 1, int(left.count())) <= 0) return "";
      char buf[4096];
      const auto n = recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return "";
      std::string message(buf, std::size_t(n));
      if (message.find(what) != std::string::npos) return message;
    }
  }

 private:
  fs::path path_;
  int fd_ = -1;
};

TEST(ServiceManager, HearsReadinessReloadWatchdogAndStop) {
  auto dir = fresh_dir("notify");
  NotifySocket systemd(dir / "notify.sock");
  // The child inherits these; the test process itself never notifies.
  setenv("NOTIFY_SOCKET", (dir / "notify.sock").c_str(), 1);
  setenv("WATCHDOG_USEC", "1000000", 1);
  auto server = std::make_unique<ServerProcess>(dir / "data");
  unsetenv("NOTIFY_SOCKET");
  unsetenv("WATCHDOG_USEC");

  const auto ready = systemd.next_with("READY=1");
  EXPECT_NE(ready.find("STATUS=serving https://127.0.0.1:" + std::to_string(server->port())),
            std::string::npos)
      << ready;
  EXPECT_NE(systemd.next_with("WATCHDOG=1"), "");
  kill(server->pid(), SIGHUP);
  EXPECT_NE(systemd.next_with("RELOADING=1").find("MONOTONIC_USEC="), std::string::npos);
  EXPECT_NE(systemd.next_with("READY=1"), "");
  EXPECT_EQ(server->stop(), 0);
  EXPECT_NE(systemd.next_with("STOPPING=1"), "");
  server.reset();
  fs::remove_all(dir);
}

// The unit file's own command lines, as systemd would run them (no systemd runs here): ExecStart
// with this binary's options starts a service that reports READY=1 and logs for the journal, and
// ExecReload reaches it.
TEST(ServiceUnit, ItsCommandLinesStartAndReloadANotifyService) {
  std::ifstream in(fs::path(DEPLOY_DIR) / "mediation-room.service");
  std::map<std::string, std::string> settings;
  for (std::string line; std::getline(in, line);)
    if (auto eq = line.find('='); eq != std::string::npos && !line.starts_with("#"))
      settings[line.substr(0, eq)] = line.substr(eq + 1);
  EXPECT_EQ(settings["Type"], "notify");
  auto words = [](const std::string& line) {
    std::istringstream s(line);
    return std::vector<std::string>(std::istream_iterator<std::string>(s), {});
  };
  const auto start = words(settings["ExecStart"]);
  ASSERT_GE(start.size(), 2u);
  EXPECT_EQ(start[0], "/usr/local/bin/mediation-room");
  EXPECT_EQ(start[1], "serve");

  auto dir = fresh_dir("unit");
  const auto data = (dir / "data").string();
  // Where the test puts it instead: its own data directory, ports the kernel picks.
  std::vector<std::string> options;
  for (std::size_t i = 2; i < start.size(); ++i) {
    if (start[i] == "--data" || start[i] == "--bind" || start[i] == "--port") {
      ++i;
      continue;
    }
    options.push_back(start[i] == "127.0.0.1:8080" ? "127.0.0.1:0" : start[i]);
  }
  NotifySocket systemd(dir / "notify.sock");
  setenv("NOTIFY_SOCKET", (dir / "notify.sock").c_str(), 1);
  auto server = std::make_unique<ServerProcess>(data, options);
  unsetenv("NOTIFY_SOCKET");
  EXPECT_NE(systemd.next_with("READY=1"), "");
  EXPECT_NE(server->startup_log().find("<6>serving https://"), std::string::npos)
      << server->startup_log();

  auto reload = words(settings["ExecReload"]);
  ASSERT_EQ(reload, (std::vector<std::string>{"/usr/local/bin/mediation-room", "reload", "--data",
                                              "/var/lib/mediation-room"}));
  auto reloaded = run_cli_status({"reload", "--data", data});
  EXPECT_EQ(reloaded.status, 0) << reloaded.output;
  EXPECT_EQ(server->stop(), 0);
  server.reset();
  fs::remove_all(dir);
}

TEST(LogFormat, JsonIsOneObjectPerLine) {
  auto dir = fresh_dir("json-log");
  {
    ServerProcess server(dir, {"--log-format", "json"});
    auto tls = client_tls(dir);
    EXPECT_EQ(https(tls, server.port(), "GET", "/api/rooms").status, 401);
    ASSERT_TRUE(server.wait_for_log("GET /api/rooms", 1, 5s));
    server.stop();
    std::istringstream lines(server.startup_log() + server.log());
    int count = 0;
    for (std::string line; std::getline(lines, line);) {
      if (line.empty()) continue;
      auto object = json::parse(line, nullptr, false);
      ASSERT_TRUE(object.is_object()) << line;
      EXPECT_TRUE(object["time"].is_string()) << line;
      EXPECT_TRUE(object["level"].is_string()) << line;
      EXPECT_TRUE(object["message"].is_string()) << line;
      ++count;
    }
    EXPECT_GE(count, 3);
  }
  fs::remove_all(dir);
}

TEST(LogFormat, JournalLinesCarryTheirPriority) {
  auto dir = fresh_dir("journal-log");
  {
    ServerProcess server(dir, {"--log-format", "journal"});
    server.stop();
    // "<4>" warning: the development certificate; "<6>" info: where it serves.
    const auto log = server.startup_log();
    EXPECT_NE(log.find("<4>no --cert/--key"), std::string::npos) << log;
    EXPECT_NE(log.find("<6>serving https://"), std::string::npos) << log;
    std::istringstream lines(log);
    for (std::string line; std::getline(lines, line);)
      EXPECT_TRUE(std::regex_search(line, std::regex("^<[0-7]>[^<]"))) << line;
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace mr::test
