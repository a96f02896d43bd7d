// One TLS port, TLS 1.2 or 1.3 only (PROTOCOL.md): a client that offers at most TLS 1.1 is
// refused by the server, not by its own library.
#include <openssl/ssl.h>

#include <boost/asio/ssl/error.hpp>

#include "room_fixture.hpp"

namespace mr::test {
namespace {

class TlsVersion : public RoomFixture {
 protected:
  // A client that offers exactly `version`, with OpenSSL's own minimums lowered so that it does
  // send a TLS 1.1 hello. Returns the handshake's error ("" when it succeeded).
  std::string handshake(int version) {
    auto ctx = client_tls(dir_);
    SSL_CTX_set_security_level(ctx.native_handle(), 0);
    SSL_CTX_set_cipher_list(ctx.native_handle(), "DEFAULT:@SECLEVEL=0");
    SSL_CTX_set_min_proto_version(ctx.native_handle(), version);
    SSL_CTX_set_max_proto_version(ctx.native_handle(), version);
    boost::asio::io_context ioc;
    boost::asio::ssl::stream<boost::beast::tcp_stream> stream(ioc, ctx);
    boost::beast::get_lowest_layer(stream).connect(
        {boost::asio::ip::make_address("127.0.0.1"), server_->port()});
    boost::system::error_code ec;
    stream.handshake(boost::asio::ssl::stream_base::client, ec);
    return ec ? ec.message() : "";
  }
};

TEST_F(TlsVersion, TlsOnePointOneIsRefusedByTheServer) {
  const auto refused = handshake(TLS1_1_VERSION);
  // The server's alert, which the client could only have received after offering TLS 1.1.
  EXPECT_NE(refused.find("alert protocol version"), std::string::npos) << refused;
}

TEST_F(TlsVersion, TlsOnePointTwoAndOnePointThreeAreAccepted) {
  EXPECT_EQ(handshake(TLS1_2_VERSION), "");
  EXPECT_EQ(handshake(TLS1_3_VERSION), "");
}

}  // namespace
}  // namespace mr::test
