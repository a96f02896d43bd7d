#pragma once
// net/ alone on a loopback port: the real Listener, HttpSession and WebSocketSession over TLS,
// with stub handlers in place of api/ and protocol/, so a test controls exactly what the
// transport is asked to send. (The TLS stream drives a real socket's descriptor, so
// beast::test::stream cannot stand in for it.)
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <functional>
#include <thread>

#include "crypto/random.hpp"
#include "net/dev_certificate.hpp"
#include "net/listener.hpp"
#include "net/server_tls.hpp"

namespace mr::net::testing {

// A protocol handler whose on_open runs the test's script with the session as its Peer.
class ScriptedPeer : public PeerHandler {
 public:
  explicit ScriptedPeer(std::function<void(Peer&)> on_open) : script_(std::move(on_open)) {}
  void on_open(std::shared_ptr<Peer> peer) override { script_(*peer); }
  void on_text(std::string_view) override {}
  void on_drained() override {}
  void on_closed() override {}
  std::string describe() const override { return "scripted"; }

 private:
  std::function<void(Peer&)> script_;
};

// Answers every request 200 "ok" (counting them) and admits every upgrade to a ScriptedPeer, or
// refuses it when `refusal` is set.
class StubHandler : public HttpHandler {
 public:
  void handle(Request&& req, const Client&, Respond respond) override {
    ++requests;
    Response res{http::status::ok, req.version()};
    res.body() = "ok";
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    respond(std::move(res));
  }
  void upgrade(Request, const Client&, Admit admit) override {
    if (refusal) return admit(*refusal);
    admit(std::make_shared<ScriptedPeer>(script));
  }

  std::atomic<int> requests{0};
  std::function<void(Peer&)> script = [](Peer&) {};
  std::optional<Response> refusal;
};

class LoopbackServer {
 public:
  LoopbackServer(HttpHandler& handler, TransportLimits limits)
      : tls_(TlsFiles{certificate().paths.chain, certificate().paths.key, {}},
             TlsProfile::intermediate, false),
        listener_(std::make_shared<Listener>(
            loops_, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0),
            &tls_, handler, std::make_shared<SessionConfig>(SessionConfig{limits, {}, {}, {}}))) {
    spdlog::set_level(spdlog::level::warn);  // the sessions' routine open/close lines
    listener_->run();
    thread_ = std::thread([this] { loops_.run(); });
  }
  ~LoopbackServer() {
    loops_.stop();
    thread_.join();
  }

  unsigned short port() const { return listener_->port(); }
  // The directory whose tls/dev-cert.pem a client trusts (tls_client.hpp client_tls).
  static const std::filesystem::path& data_dir() { return certificate().dir; }

 private:
  // One development certificate for the whole test run, removed at exit.
  struct Certificate {
    std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("mr-net-" + crypto::random_hex(4));
    CertificatePaths paths = ensure_dev_certificate(dir / "tls");
    ~Certificate() { std::filesystem::remove_all(dir); }
  };
  static const Certificate& certificate() {
    static const Certificate made;
    return made;
  }

  EventLoops loops_{1};
  ServerTls tls_;
  std::shared_ptr<Listener> listener_;
  std::thread thread_;
};

}  // namespace mr::net::testing
