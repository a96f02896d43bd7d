// net/http_session: keep-alive and its idle time, the body limit it is given, and an upgrade the
// application refuses.
#include "net/http_session.hpp"

#include "loopback_server.hpp"
#include "tls_client.hpp"

namespace mr::net {
namespace {

using testing::LoopbackServer;
using testing::StubHandler;
using namespace mr::test;

class HttpSessionTest : public ::testing::Test {
 protected:
  StubHandler handler_;
  boost::asio::ssl::context tls_ = client_tls(LoopbackServer::data_dir());
};

const std::string kGet = "GET /x HTTP/1.1\r\nHost: localhost\r\n\r\n";

TEST_F(HttpSessionTest, KeepsAConnectionForMoreRequestsThenClosesItWhenIdle) {
  TransportLimits limits;
  limits.http_idle = std::chrono::seconds(1);
  LoopbackServer server(handler_, limits);
  RawTls raw(tls_, server.port());
  for (int i = 0; i < 2; ++i) {
    raw.send(kGet);
    EXPECT_EQ(raw.response().status, 200);
  }
  EXPECT_EQ(handler_.requests, 2);
  const auto idle_from = std::chrono::steady_clock::now();
  EXPECT_TRUE(raw.ended(4s));
  EXPECT_GE(std::chrono::steady_clock::now() - idle_from, 500ms);
}

TEST_F(HttpSessionTest, ABodyOverTheLimitIsAnswered413AndNeverReachesTheHandler) {
  TransportLimits limits;
  limits.max_body = 100;
  LoopbackServer server(handler_, limits);
  auto post = [](std::size_t bytes) {
    return "POST /x HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + std::to_string(bytes) +
           "\r\n\r\n" + std::string(bytes, 'b');
  };
  RawTls over(tls_, server.port());
  over.send(post(101));
  auto refused = over.response();
  EXPECT_EQ(refused.status, 413);
  EXPECT_EQ(refused.json_body()["error"], "too_large");
  EXPECT_EQ(handler_.requests, 0);

  RawTls at_limit(tls_, server.port());
  at_limit.send(post(100));
  EXPECT_EQ(at_limit.response().status, 200);
  EXPECT_EQ(handler_.requests, 1);
}

TEST_F(HttpSessionTest, AnUpgradeTheApplicationRefusesGetsItsResponse) {
  Response refusal{http::status::unauthorized, 11};
  refusal.body() = R"({"error":"unauthorized","message":"no"})";
  refusal.prepare_payload();
  handler_.refusal = refusal;
  LoopbackServer server(handler_, {});
  auto res = refused_upgrade(tls_, server.port(), "/ws", "");
  EXPECT_EQ(res.status, 401);
  EXPECT_EQ(res.json_body()["error"], "unauthorized");
}

}  // namespace
}  // namespace mr::net
