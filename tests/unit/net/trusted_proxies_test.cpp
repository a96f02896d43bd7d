// Who the client is behind a proxy: the headers count only from a trusted peer, and then the
// nearest hop that is not itself a trusted proxy is the client.
#include "net/trusted_proxies.hpp"

#include <gtest/gtest.h>

namespace mr::net {
namespace {

namespace ip = boost::asio::ip;

Request with(std::initializer_list<std::pair<const char*, const char*>> headers) {
  Request r{boost::beast::http::verb::get, "/", 11};
  for (const auto& [name, value] : headers) r.insert(name, value);
  return r;
}

TrustedProxies trusting(std::initializer_list<const char*> cidrs) {
  std::vector<Cidr> networks;
  for (const auto* c : cidrs) networks.push_back(*parse_cidr(c));
  return TrustedProxies(std::move(networks));
}

const auto kProxy = ip::make_address("10.0.0.5");

TEST(Cidr, ParsesNetworksAndSingleAddresses) {
  EXPECT_TRUE(parse_cidr("10.0.0.0/8")->contains(ip::make_address("10.200.1.1")));
  EXPECT_FALSE(parse_cidr("10.0.0.0/8")->contains(ip::make_address("11.0.0.1")));
  EXPECT_TRUE(parse_cidr("192.0.2.7")->contains(ip::make_address("192.0.2.7")));
  EXPECT_FALSE(parse_cidr("192.0.2.7")->contains(ip::make_address("192.0.2.8")));
  EXPECT_TRUE(parse_cidr("2001:db8::/32")->contains(ip::make_address("2001:db8:1::1")));
  EXPECT_FALSE(parse_cidr("2001:db8::/32")->contains(ip::make_address("10.0.0.1")));
  // A v4 client on a dual-stack socket is still in its v4 network.
  EXPECT_TRUE(parse_cidr("10.0.0.0/8")->contains(ip::make_address("::ffff:10.1.2.3")));
  EXPECT_TRUE(parse_cidr("0.0.0.0/0")->contains(ip::make_address("203.0.113.1")));
  for (const auto* bad : {"", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "example.org", "::/129"})
    EXPECT_FALSE(parse_cidr(bad)) << bad;
}

TEST(TrustedProxies, AnUntrustedPeerIsTheClientWhateverItsHeadersSay) {
  auto proxies = trusting({"10.0.0.0/8"});
  auto req = with({{"X-Forwarded-For", "198.51.100.1"}, {"Forwarded", "for=198.51.100.2"}});
  EXPECT_EQ(proxies.client_address(ip::make_address("203.0.113.9"), req), "203.0.113.9");
  EXPECT_EQ(TrustedProxies().client_address(kProxy, req), "10.0.0.5");
}

TEST(TrustedProxies, ATrustedPeerNamesTheClient) {
  auto proxies = trusting({"10.0.0.0/8"});
  EXPECT_EQ(proxies.client_address(kProxy, with({{"X-Forwarded-For", "198.51.100.1"}})),
            "198.51.100.1");
  EXPECT_EQ(proxies.client_address(kProxy, with({{"Forwarded", "for=198.51.100.2;proto=https"}})),
            "198.51.100.2");
  // Forwarded wins over X-Forwarded-For.
  EXPECT_EQ(proxies.client_address(kProxy, with({{"X-Forwarded-For", "198.51.100.1"},
                                                 {"Forwarded", "for=198.51.100.2"}})),
            "198.51.100.2");
  // No header: the proxy itself.
  EXPECT_EQ(proxies.client_address(kProxy, with({})), "10.0.0.5");
}

TEST(TrustedProxies, TheNearestUntrustedHopIsTheClientNotTheFirstNamed) {
  auto proxies = trusting({"10.0.0.0/8"});
  // The client wrote "1.2.3.4" itself; the proxies appended what they saw.
  EXPECT_EQ(proxies.client_address(kProxy,
                                   with({{"X-Forwarded-For", "1.2.3.4, 198.51.100.1, 10.1.1.1"}})),
            "198.51.100.1");
  // Several header lines are one list, in order.
  EXPECT_EQ(proxies.client_address(kProxy, with({{"X-Forwarded-For", "1.2.3.4"},
                                                 {"X-Forwarded-For", "198.51.100.3"}})),
            "198.51.100.3");
}

TEST(TrustedProxies, ReadsEveryNodeForm) {
  auto proxies = trusting({"10.0.0.0/8"});
  EXPECT_EQ(proxies.client_address(kProxy, with({{"Forwarded", "for=\"[2001:db8::1]:4711\""}})),
            "2001:db8::1");
  EXPECT_EQ(proxies.client_address(kProxy, with({{"Forwarded", "for=192.0.2.60:4711"}})),
            "192.0.2.60");
  EXPECT_EQ(proxies.client_address(kProxy, with({{"X-Forwarded-For", "2001:db8::2"}})),
            "2001:db8::2");
  EXPECT_EQ(proxies.client_address(kProxy, with({{"forwarded", "FOR=192.0.2.61"}})), "192.0.2.61");
}

TEST(TrustedProxies, AHopThatNamesNoAddressEndsTheWalk) {
  auto proxies = trusting({"10.0.0.0/8"});
  // "unknown" (RFC 7239 §6) or a name: the last proxy that named an address is as far as we know.
  EXPECT_EQ(proxies.client_address(kProxy, with({{"Forwarded", "for=unknown, for=10.2.2.2"}})),
            "10.2.2.2");
  EXPECT_EQ(proxies.client_address(kProxy, with({{"X-Forwarded-For", "not an address"}})),
            "10.0.0.5");
}

TEST(TrustedProxies, AUnixSocketPeerIsTrusted) {
  EXPECT_EQ(TrustedProxies().client_address(std::nullopt, with({{"X-Forwarded-For", "192.0.2.9"}})),
            "192.0.2.9");
  EXPECT_EQ(TrustedProxies().client_address(std::nullopt, with({})), "unix");
}

}  // namespace
}  // namespace mr::net
