// Issue 12 item 9: the Host header is the client's word. Links and the origin rule follow the
// configured names; with none configured, only loopback names pass.
#include "api/site_names.hpp"

#include <gtest/gtest.h>

namespace mr::api {
namespace {

net::Request request(const std::string& host, const std::string& origin = {}) {
  net::Request req{boost::beast::http::verb::post, "/api/rooms", 11};
  if (!host.empty()) req.set(boost::beast::http::field::host, host);
  if (!origin.empty()) req.set(boost::beast::http::field::origin, origin);
  return req;
}

TEST(SiteNames, LoopbackNamesAreRecognisedAndLookAlikesAreNot) {
  for (const char* host : {"localhost", "localhost:8443", "LOCALHOST:1", "room.localhost",
                           "127.0.0.1:8443", "127.1.2.3", "[::1]:8443", "[::1]"})
    EXPECT_TRUE(is_loopback_host(host)) << host;
  for (const char* host : {"evil.example", "localhost.evil.example", "127.0.0.1.evil.example:1",
                           "10.0.0.1:8443", "[::2]:1", "", ":8443", "[::1"})
    EXPECT_FALSE(is_loopback_host(host)) << host;
}

TEST(SiteNames, WithNothingConfiguredOnlyALoopbackHostMakesLinksAndPassesTheOriginRule) {
  const SiteNames site("", {});
  EXPECT_FALSE(site.configured());
  EXPECT_EQ(site.link_base(request("localhost:8443")), "https://localhost:8443");
  EXPECT_EQ(site.link_base(request("evil.example")), std::nullopt);
  EXPECT_EQ(site.link_base(request("")), std::nullopt);
  EXPECT_TRUE(site.origin_allowed(request("localhost:8443", "https://localhost:8443")));
  EXPECT_FALSE(site.origin_allowed(request("evil.example", "https://evil.example")));
  EXPECT_FALSE(site.origin_allowed(request("localhost:8443", "http://localhost:8443")));
  EXPECT_TRUE(site.origin_allowed(request("evil.example")));  // no Origin: not a browser's CSRF
}

TEST(SiteNames, ConfiguredNamesAloneAreThisServerWhateverHostSays) {
  const SiteNames site("https://mediation.example.org/",
                       {"https://mediation.example.org", "https://console.example.org:8443"});
  EXPECT_EQ(site.link_base(request("evil.example")), "https://mediation.example.org");
  EXPECT_EQ(site.link_base(request("localhost:8443")), "https://mediation.example.org");
  EXPECT_TRUE(site.origin_allowed(request("evil.example", "https://mediation.example.org")));
  EXPECT_TRUE(site.origin_allowed(request("x", "https://console.example.org:8443")));
  EXPECT_FALSE(site.origin_allowed(request("evil.example", "https://evil.example")));
  EXPECT_FALSE(site.origin_allowed(request("localhost:8443", "https://localhost:8443")));
}

}  // namespace
}  // namespace mr::api
