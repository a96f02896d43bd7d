// net/websocket_session: frames joined into messages of at most 64 KiB with a larger frame sent
// alone (PROTOCOL.md §4), and the send-queue bound that closes a slow reader with 4003.
#include "net/websocket_session.hpp"

#include "loopback_server.hpp"
#include "tls_client.hpp"

namespace mr::net {
namespace {

using testing::LoopbackServer;
using testing::StubHandler;
using namespace mr::test;

constexpr std::size_t kJoinLimit = 64 * 1024;

auto frame_of(int n, std::size_t bytes) {
  std::string text = R"({"n":)" + std::to_string(n) + R"(,"pad":")";
  text += std::string(bytes - text.size() - 2, 'x') + "\"}";
  return std::make_shared<const std::string>(std::move(text));
}

class WebSocketSessionTest : public ::testing::Test {
 protected:
  std::unique_ptr<WsClient> connect(LoopbackServer& server) {
    return std::make_unique<WsClient>(tls_, server.port(), "/ws", "");
  }
  StubHandler handler_;
  boost::asio::ssl::context tls_ = client_tls(LoopbackServer::data_dir());
};

TEST_F(WebSocketSessionTest, JoinsQueuedFramesUpTo64KiBAndSendsALargerFrameAlone) {
  std::vector<std::string> sent;
  handler_.script = [&](Peer& peer) {
    // All queued at once, in one handler: they go out joined from the first, up to the limit.
    std::vector<std::shared_ptr<const std::string>> frames = {frame_of(0, 100)};
    for (int i = 1; i <= 40; ++i) frames.push_back(frame_of(i, 3000));
    frames.push_back(frame_of(41, 70 * 1024));
    for (int i = 42; i <= 44; ++i) frames.push_back(frame_of(i, 100));
    for (const auto& f : frames) {
      sent.push_back(*f);
      peer.send(f);
    }
  };
  LoopbackServer server(handler_, {});
  auto ws = connect(server);
  while (ws->received().size() < 45) ASSERT_TRUE(ws->next()) << ws->received().size();

  EXPECT_EQ(ws->received_text(), sent);  // every frame, in order, byte for byte
  const auto& messages = ws->messages();
  ASSERT_GE(messages.size(), 3u);
  EXPECT_EQ(messages.front().substr(0, sent[0].size() + 1), sent[0] + "\n");
  bool big_alone = false;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const bool joined = messages[i].find('\n') != std::string::npos;
    if (joined) {
      EXPECT_LE(messages[i].size(), kJoinLimit) << "message " << i;
    }
    big_alone = big_alone || messages[i] == sent[41];
    // Up to the limit: a message is cut only where the next frame would not have fitted.
    if (i > 0 && i + 1 < messages.size()) {
      const auto next_frame = messages[i + 1].substr(0, messages[i + 1].find('\n'));
      EXPECT_GT(messages[i].size() + 1 + next_frame.size(), kJoinLimit) << "message " << i;
    }
  }
  EXPECT_TRUE(big_alone) << "the 70 KiB frame was not sent alone";
}

// Who is online is a snapshot: while one waits to be written, a newer one takes its place (at the
// end of the queue), so a burst of 200 arrivals costs a slow reader one list, not 200.
TEST_F(WebSocketSessionTest, ANewerSnapshotReplacesTheOneStillWaiting) {
  handler_.script = [](Peer& peer) {
    peer.send(frame_of(0, 100));
    for (int i = 1; i <= 10; ++i) peer.send_snapshot(frame_of(i, 100));
    peer.send(frame_of(11, 100));
  };
  LoopbackServer server(handler_, {});
  auto ws = connect(server);
  while (ws->received().size() < 3) ASSERT_TRUE(ws->next());
  std::vector<int> order;
  for (const auto& frame : ws->received()) order.push_back(frame["n"]);
  EXPECT_EQ(order, (std::vector<int>{0, 10, 11}));
}

TEST_F(WebSocketSessionTest, ClosesWith4003WhenMoreThanTheSendQueueBoundIsWaiting) {
  handler_.script = [](Peer& peer) {
    peer.send(frame_of(0, 6000));
    peer.send(frame_of(1, 6000));  // 12 000 bytes waiting: over the bound
  };
  TransportLimits limits;
  limits.send_queue = 10000;
  LoopbackServer server(handler_, limits);
  auto ws = connect(server);
  EXPECT_EQ(ws->wait_close(), 4003);
  // The client resumes from what it has: the frame over the bound was never queued.
  for (const auto& frame : ws->received()) EXPECT_NE(frame["n"], 1);
}

TEST_F(WebSocketSessionTest, FramesUpToTheSendQueueBoundAreAllDelivered) {
  handler_.script = [](Peer& peer) {
    peer.send(frame_of(0, 5000));
    peer.send(frame_of(1, 5000));  // exactly the bound
  };
  TransportLimits limits;
  limits.send_queue = 10000;
  LoopbackServer server(handler_, limits);
  auto ws = connect(server);
  ASSERT_TRUE(ws->next());
  ASSERT_TRUE(ws->next());
  EXPECT_EQ(ws->received()[1]["n"], 1);
  EXPECT_FALSE(ws->closed());
}

// RFC 6455 §7.4 defines no code above 4999: a peer that sends one is answered with 1002, not
// with its own code echoed back; a defined code is echoed as usual.
TEST_F(WebSocketSessionTest, AnUndefinedCloseCodeIsAnsweredWithAProtocolError) {
  LoopbackServer server(handler_, {});
  EXPECT_EQ(connect(server)->close_with(8080), 1002);
  EXPECT_EQ(connect(server)->close_with(53114), 1002);
  EXPECT_EQ(connect(server)->close_with(4000), 4000);
  EXPECT_EQ(connect(server)->close_with(1000), 1000);
}

}  // namespace
}  // namespace mr::net
