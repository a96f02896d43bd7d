// Behind a real reverse proxy (issue 15): Debian's nginx runs deploy/nginx/mediation-room.conf,
// with only its listen address, name, certificate paths and upstream replaced, in front of the
// server's plain-HTTP listener. A chat, a resume and an upload go through it, and the server's
// log names the client's own address, not nginx's.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>
#include <fstream>
#include <regex>
#include <sstream>

#include "net/dev_certificate.hpp"
#include "room_fixture.hpp"

namespace mr::test {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error("the nginx site has no " + from);
  return text.replace(at, from.size(), to);
}

// A port nothing listens on now (the kernel's choice), for nginx, which cannot report one.
unsigned short free_port() {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor a(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return a.local_endpoint().port();
}

// nginx in the foreground with its own prefix; started once it says its workers start.
class Nginx {
 public:
  Nginx(const fs::path& dir, const std::string& site) : dir_(dir) {
    fs::create_directories(dir / "temp");
    std::ofstream(dir / "site.conf") << site;
    std::ofstream conf(dir / "nginx.conf");
    // Workers run as root only when the test does: they read a key in an owner-only directory.
    if (geteuid() == 0) conf << "user root;\n";
    conf << "daemon off;\nworker_processes 1;\npid " << (dir / "nginx.pid").string()
         << ";\nerror_log stderr notice;\nevents { worker_connections 256; }\n"
         << "http {\n  access_log " << (dir / "access.log").string() << ";\n";
    for (const char* t : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"})
      conf << "  " << t << "_temp_path " << (dir / "temp" / t).string() << ";\n";
    conf << "  include " << (dir / "site.conf").string() << ";\n}\n";
    conf.close();

    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ == 0) {
      dup2(fds[1], STDERR_FILENO);
      dup2(fds[1], STDOUT_FILENO);
      execl("/usr/sbin/nginx", "nginx", "-e", "stderr", "-p", dir.c_str(), "-c",
            (dir / "nginx.conf").c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    fd_ = fds[0];
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (output_.find("start worker process") == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd p{fd_, POLLIN, 0};
      char buf[4096];
      ssize_t n = 0;
      if (left.count() <= 0 || poll(&p, 1, int(left.count())) <= 0 ||
          (n = read(fd_, buf, sizeof buf)) <= 0)
        throw std::runtime_error("nginx did not start: " + output_);
      output_.append(buf, std::size_t(n));
    }
    fcntl(fd_, F_SETFL, O_NONBLOCK);
  }
  ~Nginx() {
    kill(pid_, SIGQUIT);  // graceful: workers finish, then the master exits
    waitpid(pid_, nullptr, 0);
    close(fd_);
  }
  std::string access_log() const { return read_file(dir_ / "access.log"); }

 private:
  fs::path dir_;
  pid_t pid_ = -1;
  int fd_ = -1;
  std::string output_;
};

const std::string kPdf =
    "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

class BehindNginx : public RoomFixture {
 protected:
  BehindNginx() : nginx_port_(free_port()) {}

  std::vector<std::string> serve_options() const override {
    // The certificate nginx presents is the development one client_tls() trusts.
    net::ensure_dev_certificate(dir_ / "tls");
    return {"--http-listen", "127.0.0.1:0", "--trusted-proxy", "127.0.0.1",
            "--public-url",  public_url(),  "--rate",          "1000",
            "--burst",       "1000"};
  }
  std::string public_url() const { return "https://localhost:" + std::to_string(nginx_port_); }

  void SetUp() override {
    RoomFixture::SetUp();
    std::smatch m;
    const auto& log = server_->startup_log();
    ASSERT_TRUE(std::regex_search(
        log, m, std::regex(R"(TLS-terminating proxy on http://127\.0\.0\.1:(\d+))")))
        << log;
    auto site = read_file(fs::path(DEPLOY_DIR) / "nginx" / "mediation-room.conf");
    site = replace(site, "listen 443 ssl;",
                   "listen 127.0.0.1:" + std::to_string(nginx_port_) + " ssl;");
    site = replace(site, "server_name mediation.example.org;", "server_name localhost;");
    site = replace(site, "/etc/letsencrypt/live/mediation.example.org/fullchain.pem",
                   (dir_ / "tls" / "dev-cert.pem").string());
    site = replace(site, "/etc/letsencrypt/live/mediation.example.org/privkey.pem",
                   (dir_ / "tls" / "dev-key.pem").string());
    site = replace(site, "server 127.0.0.1:8080;", "server 127.0.0.1:" + m[1].str() + ";");
    nginx_ = std::make_unique<Nginx>(dir_ / "nginx", site);
  }
  void TearDown() override {
    nginx_.reset();
    RoomFixture::TearDown();
  }

  // Through nginx, from `source` (a loopback address the test picks, so the log can tell).
  std::unique_ptr<WsClient> ws_through(const Person& who, const std::string& source) {
    return std::make_unique<WsClient>(*tls_, nginx_port_, ws_path(), who.cookie, public_url(),
                                      source);
  }
  HttpResult https_through(const std::string& method, const std::string& target,
                           const std::string& body, const std::string& cookie) {
    return https(*tls_, nginx_port_, method, target, body, cookie, public_url(), "application/json",
                 "127.0.0.8");
  }

  unsigned short nginx_port_;
  std::unique_ptr<Nginx> nginx_;
};

TEST_F(BehindNginx, AChatAResumeAndAnUploadGoThroughWithTheClientsOwnAddress) {
  auto m = ws_through(mediator_, "127.0.0.6");
  hello(*m);
  auto a = ws_through(party_a_, "127.0.0.7");
  auto first = hello(*a);
  const auto epoch = first.front()["epoch"].get<std::int64_t>();

  // The chat.
  m->send(send_frame("n-1", "main", "经代理转发"));
  const std::int64_t seen = m->next_of_type("ack")["seq"];
  EXPECT_EQ(event_with_text(*a, "经代理转发")["seq"], seen);

  // A resume: the party's connection drops, the mediator goes on, the party comes back.
  a->drop();
  m->send(send_frame("n-2", "main", "断线期间"));
  m->next_of_type("ack");
  auto again = ws_through(party_a_, "127.0.0.7");
  auto replay = events_in(hello(*again, seen, epoch));
  ASSERT_EQ(replay.size(), 1u);
  EXPECT_EQ(replay[0]["body"]["text"], "断线期间");

  // An upload, in two chunks of which one is larger than nginx's default body limit (1 MiB).
  std::string bytes = kPdf + std::string(1500 * 1024, ' ');
  auto made =
      https_through("POST", "/r/" + room_ + "/api/uploads",
                    json{{"name", "证据.pdf"}, {"size", bytes.size()}, {"channel", "main"}}.dump(),
                    party_a_.cookie);
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string upload = made.json_body()["upload"]["id"];
  const std::size_t chunk = 1 << 20;
  auto part = https_through("PUT", "/r/" + room_ + "/api/uploads/" + upload + "?offset=0",
                            bytes.substr(0, chunk), party_a_.cookie);
  ASSERT_EQ(part.status, 200) << part.body;
  auto done = https_through(
      "PUT", "/r/" + room_ + "/api/uploads/" + upload + "?offset=" + std::to_string(chunk),
      bytes.substr(chunk), party_a_.cookie);
  ASSERT_EQ(done.status, 201) << done.body;
  const std::string document = done.json_body()["document"]["id"];
  auto fetched =
      https_through("GET", "/r/" + room_ + "/api/documents/" + document, {}, party_a_.cookie);
  EXPECT_EQ(fetched.status, 200);
  EXPECT_EQ(fetched.body, bytes);
  for (;;) {
    auto e = m->next_of_type("event");  // throws if the document's event does not come
    if (e["header"].value("kind", "") == "document.shared") break;
  }

  // nginx adds HSTS; the server's log names the clients (each from its own address), not nginx,
  // which connects from 127.0.0.1.
  EXPECT_EQ(fetched.header("strict-transport-security"), "max-age=63072000");
  EXPECT_TRUE(server_->wait_for_log("websocket open client=127.0.0.6", 1, 5s)) << server_->log();
  EXPECT_TRUE(server_->wait_for_log("websocket open client=127.0.0.7", 2, 5s)) << server_->log();
  EXPECT_TRUE(server_->wait_for_log("http 127.0.0.8 \"PUT /r/" + room_ + "/api/uploads/", 2, 5s))
      << server_->log();
}

}  // namespace
}  // namespace mr::test
