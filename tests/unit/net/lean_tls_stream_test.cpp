// net/lean_tls_stream on a loopback socket against Asio's own TLS client: data larger than the
// socket buffers crosses both ways whole, a connection moved to another loop goes on there, an
// expiry ends a read with timeout, and a peer's
// close_notify ends a read with eof and lets the shutdown finish; a peer gone without it fails
// writes and the shutdown, and nothing more.
#include "net/lean_tls_stream.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <functional>
#include <future>
#include <thread>

#include "loopback_server.hpp"
#include "net/tls_context.hpp"
#include "tls_client.hpp"

namespace mr::net {
namespace {

namespace asio = boost::asio;
using Tcp = asio::ip::tcp;
using boost::beast::error_code;
using testing::LoopbackServer;

// One accepted connection served by a LeanTlsStream on a loop of its own, and a blocking Asio TLS
// client connected to it.
class LeanTlsStreamTest : public ::testing::Test {
 protected:
  LeanTlsStreamTest() {
    acceptor_.listen();
    client_.lowest_layer().connect(acceptor_.local_endpoint());
    server_.emplace(acceptor_.accept(), context_->ssl);
    loop_ = std::thread([this] { ioc_.run(); });
  }
  ~LeanTlsStreamTest() override {
    work_.reset();
    loop_.join();
  }

  // Runs `start` on the server's loop; the test waits for what it sets.
  template <class Start>
  void on_server(Start start) {
    asio::post(ioc_, std::move(start));
  }
  void handshake_both() {
    std::promise<error_code> done;
    on_server([&] { server_->async_handshake(asio::ssl::stream_base::server,
                                             [&](error_code ec) { done.set_value(ec); }); });
    client_.handshake(asio::ssl::stream_base::client);
    ASSERT_FALSE(done.get_future().get());
  }

  asio::io_context ioc_;
  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(ioc_);
  std::shared_ptr<TlsContext> context_ =
      load_tls_context({LoopbackServer::data_dir() / "tls" / "dev-cert.pem",
                        LoopbackServer::data_dir() / "tls" / "dev-key.pem", {}},
                       TlsProfile::intermediate)
          .context;
  Tcp::acceptor acceptor_{ioc_, Tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
  asio::io_context client_ioc_;
  asio::ssl::context client_tls_ = test::client_tls(LoopbackServer::data_dir());
  asio::ssl::stream<Tcp::socket> client_{client_ioc_, client_tls_};
  std::optional<LeanTlsStream> server_;
  std::thread loop_;
};

TEST_F(LeanTlsStreamTest, FourMebibytesCrossBothWaysWhole) {
  handshake_both();
  std::string sent(4 << 20, '\0');
  for (std::size_t i = 0; i < sent.size(); ++i) sent[i] = static_cast<char>(i * 7 + i / 4096);
  std::string received(sent.size(), '\0');
  std::promise<error_code> echoed;
  on_server([&] {
    asio::async_read(*server_, asio::buffer(received), [&](error_code ec, std::size_t) {
      if (ec) return echoed.set_value(ec);
      asio::async_write(*server_, asio::buffer(received),
                        [&](error_code ec, std::size_t) { echoed.set_value(ec); });
    });
  });
  // The client writes all before it reads: the server's writes must wait for a full socket.
  asio::write(client_, asio::buffer(sent));
  std::string back(sent.size(), '\0');
  asio::read(client_, asio::buffer(back));
  EXPECT_FALSE(echoed.get_future().get());
  EXPECT_EQ(received, sent);
  EXPECT_EQ(back, sent);
}

// A WebSocket moves onto its room's loop after the handshake and the upgrade request: the session
// goes on there as it was, and its work runs on the new loop's thread.
TEST_F(LeanTlsStreamTest, AConnectionMovedToAnotherLoopGoesOnThere) {
  handshake_both();
  asio::write(client_, asio::buffer(std::string("before ")));
  std::promise<std::string> first;
  std::string got(7, '\0');
  on_server([&] {
    asio::async_read(*server_, asio::buffer(got), [&](error_code ec, std::size_t) {
      first.set_value(ec ? ec.message() : got);
    });
  });
  ASSERT_EQ(first.get_future().get(), "before ");

  asio::io_context other;
  auto other_work = asio::make_work_guard(other);
  std::thread other_thread([&] { other.run(); });
  std::promise<void> moved;
  on_server([&] {
    server_->move_to(other.get_executor());
    moved.set_value();
  });
  moved.get_future().get();
  EXPECT_EQ(server_->get_executor(), asio::any_io_executor(other.get_executor()));

  std::promise<std::string> echoed;
  std::promise<bool> on_other_loop;
  std::string more(6, '\0');
  asio::post(other, [&] {
    asio::async_read(*server_, asio::buffer(more), [&](error_code ec, std::size_t) {
      on_other_loop.set_value(other.get_executor().running_in_this_thread());
      if (ec) return echoed.set_value(ec.message());
      asio::async_write(*server_, asio::buffer(more),
                        [&](error_code ec, std::size_t) { echoed.set_value(ec ? ec.message() : more); });
    });
  });
  asio::write(client_, asio::buffer(std::string("after!")));
  std::string back(6, '\0');
  asio::read(client_, asio::buffer(back));
  EXPECT_EQ(back, "after!");
  EXPECT_EQ(echoed.get_future().get(), "after!");
  EXPECT_TRUE(on_other_loop.get_future().get());
  other_work.reset();
  other_thread.join();
  server_.reset();  // its socket belongs to `other` now, which ends with this test
}

TEST_F(LeanTlsStreamTest, AnExpiryEndsAPendingReadWithTimeout) {
  handshake_both();
  std::promise<error_code> read;
  char byte;
  on_server([&] {
    server_->expires_after(std::chrono::milliseconds(50));
    server_->async_read_some(asio::buffer(&byte, 1),
                             [&](error_code ec, std::size_t) { read.set_value(ec); });
  });
  EXPECT_EQ(read.get_future().get(), boost::beast::error::timeout);
}

TEST_F(LeanTlsStreamTest, ExpiresNeverKeepsAReadWaitingPastAnEarlierExpiry) {
  handshake_both();
  std::promise<std::string> read;
  char byte = 0;
  on_server([&] {
    server_->expires_after(std::chrono::milliseconds(20));
    server_->expires_never();
    server_->async_read_some(asio::buffer(&byte, 1), [&](error_code ec, std::size_t) {
      read.set_value(ec ? ec.message() : std::string(1, byte));
    });
  });
  // The server's loop has taken the read once it answers a later post.
  std::promise<void> queued;
  on_server([&] { queued.set_value(); });
  queued.get_future().get();
  asio::steady_timer past(client_ioc_, std::chrono::milliseconds(60));
  past.wait();
  asio::write(client_, asio::buffer("x", 1));
  EXPECT_EQ(read.get_future().get(), "x");
}

TEST_F(LeanTlsStreamTest, APeersCloseNotifyEndsAReadWithEofAndTheShutdownCompletes) {
  handshake_both();
  std::promise<std::pair<error_code, error_code>> ended;
  char byte;
  on_server([&] {
    server_->async_read_some(asio::buffer(&byte, 1), [&](error_code read, std::size_t) {
      server_->async_shutdown([&, read](error_code shut) { ended.set_value({read, shut}); });
    });
  });
  error_code client_shutdown;
  client_.shutdown(client_shutdown);  // sends close_notify, then waits for the server's
  const auto [read, shut] = ended.get_future().get();
  EXPECT_EQ(read, asio::error::eof);
  EXPECT_FALSE(shut) << shut.message();
  EXPECT_FALSE(client_shutdown) << client_shutdown.message();
}

// OpenSSL writes with write(2): writing to a peer that has closed its end raised SIGPIPE and
// ended the server (a browser leaving a page), until the stream ignored the signal.
TEST_F(LeanTlsStreamTest, WritingToAPeerThatHasClosedFailsAndTheProcessLivesOn) {
  // TLS 1.2: nothing arrives after the handshake, so the client's close is a FIN, not a reset.
  SSL_set_max_proto_version(client_.native_handle(), TLS1_2_VERSION);
  handshake_both();
  client_.lowest_layer().close();
  std::promise<error_code> written;
  const std::string chunk(16 * 1024, 'x');
  std::function<void()> write_on = [&] {
    asio::async_write(*server_, asio::buffer(chunk), [&](error_code ec, std::size_t) {
      if (ec) return written.set_value(ec);
      write_on();  // the first writes go out; the peer's answer to them makes the next one fail
    });
  };
  on_server(write_on);
  const auto ec = written.get_future().get();
  EXPECT_TRUE(ec == asio::error::broken_pipe || ec == asio::error::connection_reset)
      << ec.message();
}

}  // namespace
}  // namespace mr::net
