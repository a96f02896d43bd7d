// Connections that stop taking part are closed within the documented times (PROTOCOL.md §5):
// the TLS and HTTP handshake, the hello, and WebSocket pings. Each wait is bounded by a timeout
// a few seconds above the option it checks.
#include <boost/asio/connect.hpp>

#include "room_fixture.hpp"

namespace mr::test {
namespace {

class Liveness : public RoomFixture {
 protected:
  std::vector<std::string> serve_options() const override {
    return {"--handshake-timeout", "1", "--ping-interval", "1", "--leave-grace", "0"};
  }
};

TEST_F(Liveness, AConnectionThatNeverStartsTlsIsDropped) {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket socket(ioc);
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), server_->port()});
  EXPECT_TRUE(peer_hung_up(socket.native_handle(), 5s));
}

// A slowloris client: TLS done, then half a request, never finished (--handshake-timeout bounds
// each request once it has begun).
TEST_F(Liveness, AnHttpRequestThatIsNeverFinishedIsDropped) {
  RawTls raw(*tls_, server_->port());
  raw.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
  EXPECT_TRUE(raw.ended(5s));
}

TEST_F(Liveness, AHelloThatNeverComesClosesWith4005) {
  auto a = connect(party_a_);
  EXPECT_EQ(a->wait_close(5s), 4005);
}

// PROTOCOL.md §3: `hello` must come within the timeout, whatever else the client sends first.
TEST_F(Liveness, AFrameOtherThanHelloDoesNotPostponeTheHelloDeadline) {
  auto a = connect(party_a_);
  a->send({{"type", "typing"}, {"channel", "main"}});
  EXPECT_EQ(a->next_of_type("error")["code"], "not_ready");
  EXPECT_EQ(a->wait_close(5s), 4005);
}

// With --ping-interval 1 the server pings every second and closes a connection that has sent
// nothing, not even a pong, for two. A Beast client answers pings only while it reads.
TEST_F(Liveness, AClientThatStopsAnsweringPingsIsClosedAndOthersStay) {
  auto m = join(mediator_);
  auto a = join(party_a_);  // from here on, A reads nothing
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + 6s;
  bool left = false;
  while (!left && std::chrono::steady_clock::now() < deadline) {
    auto e = m->next_of_type("event", 6s);
    left = e["header"]["kind"] == "participant.left" &&
           e["body"]["participant"] == party_a_.participant;
  }
  ASSERT_TRUE(left) << "the room still counts A as present";
  EXPECT_GE(std::chrono::steady_clock::now() - start, 1s);  // not before the idle time
  EXPECT_TRUE(a->hung_up(1s));
  // The mediator, reading all along, answered every ping and is still connected.
  m->send(send_frame("still-here", "main", "我还在"));
  EXPECT_EQ(m->next_of_type("ack")["id"], "still-here");
}

}  // namespace
}  // namespace mr::test

namespace mr::test {
namespace {

// Issue 12 item 5: a bound on the TLS handshakes in progress. Connections that never finish
// theirs hold the slots; one more is closed at once, long before the handshake timeout; once the
// slots are given back, connections are served again.
class HandshakeCap : public RoomFixture {
 protected:
  std::vector<std::string> serve_options() const override {
    return {"--max-handshakes", "2", "--handshake-timeout", "30"};
  }
};

TEST_F(HandshakeCap, AConnectionBeyondTheBoundIsClosedAtOnceAndTheSlotsComeBack) {
  namespace asio = boost::asio;
  asio::io_context ioc;
  const asio::ip::tcp::endpoint server{asio::ip::make_address("127.0.0.1"), server_->port()};
  asio::ip::tcp::socket first(ioc), second(ioc), third(ioc);
  first.connect(server);
  second.connect(server);
  third.connect(server);
  EXPECT_TRUE(peer_hung_up(third.native_handle(), 5s));
  EXPECT_TRUE(server_->wait_for_log("too many TLS handshakes in progress", 1, 5s));
  // The two held connections finish their handshakes and are answered like any other.
  for (auto* socket : {&first, &second}) {
    asio::ssl::stream<asio::ip::tcp::socket&> tls(*socket, *tls_);
    SSL_set_tlsext_host_name(tls.native_handle(), "localhost");
    tls.handshake(asio::ssl::stream_base::client);
    asio::write(tls, asio::buffer(std::string(
                         "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")));
    boost::beast::flat_buffer buffer;
    boost::beast::http::response<boost::beast::http::string_body> res;
    boost::beast::http::read(tls, buffer, res);
    EXPECT_EQ(res.result_int(), 200);
  }
  EXPECT_EQ(api("GET", "/healthz").status, 200);
}

}  // namespace
}  // namespace mr::test
