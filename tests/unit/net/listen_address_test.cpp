// Where an extra listener listens, and whether that is only this machine (plain HTTP may listen
// nowhere else).
#include "net/listen_address.hpp"

#include <gtest/gtest.h>

namespace mr::net {
namespace {

TEST(ListenAddress, ParsesTcpAndUnixForms) {
  auto v4 = parse_listen_address("127.0.0.1:8080");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->text(), "127.0.0.1:8080");
  EXPECT_TRUE(v4->local());
  auto v6 = parse_listen_address("[::1]:9464");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->text(), "[::1]:9464");
  EXPECT_TRUE(v6->local());
  auto unix_socket = parse_listen_address("unix:/run/mediation-room/http.sock");
  ASSERT_TRUE(unix_socket);
  EXPECT_TRUE(unix_socket->is_unix());
  EXPECT_TRUE(unix_socket->local());
  EXPECT_EQ(unix_socket->text(), "unix:/run/mediation-room/http.sock");
}

TEST(ListenAddress, AnAddressBeyondThisMachineIsNotLocal) {
  for (const auto* text : {"0.0.0.0:8080", "192.0.2.1:80", "[::]:8080", "[2001:db8::1]:80"}) {
    auto a = parse_listen_address(text);
    ASSERT_TRUE(a) << text;
    EXPECT_FALSE(a->local()) << text;
  }
}

TEST(ListenAddress, RefusesWhatIsNeither) {
  for (const auto* text : {"", "8080", "localhost:8080", "127.0.0.1:", "127.0.0.1:65536",
                           "127.0.0.1:80x", "unix:relative/path", "::1:8080"})
    EXPECT_FALSE(parse_listen_address(text)) << text;
}

}  // namespace
}  // namespace mr::net
