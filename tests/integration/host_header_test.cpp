// Issue 12 items 8 and 9: the Host header is the client's word, not the server's name; and the
// headers that keep a browser from sniffing, framing or downgrading.
#include "room_fixture.hpp"

namespace mr::test {
namespace {

class HostHeader : public RoomFixture {
 protected:
  // A request whose Host (and Origin, if given) the test chooses, as any client can.
  HttpResult with_host(const std::string& method, const std::string& target, const json& body,
                       const std::string& host, const std::string& origin = {}) {
    const auto text = body.is_null() ? std::string() : body.dump();
    std::string req = method + " " + target + " HTTP/1.1\r\nHost: " + host +
                      "\r\nCookie: " + mediator_.cookie + "\r\nContent-Type: application/json\r\n";
    if (!origin.empty()) req += "Origin: " + origin + "\r\n";
    req +=
        "Content-Length: " + std::to_string(text.size()) + "\r\nConnection: close\r\n\r\n" + text;
    RawTls raw(*tls_, server_->port());
    raw.send(req);
    return raw.response();
  }
  const json observer = {{"role", "observer"}, {"name", "旁听"}};
};

TEST_F(HostHeader, WithoutConfiguredNamesAForeignHostNeitherMakesLinksNorPassesTheOriginRule) {
  // Said at start-up (in the lines read with the port, or just after them).
  EXPECT_TRUE(server_->log().find("only loopback names") != std::string::npos ||
              server_->wait_for_log("only loopback names", 1, 5s));
  const auto invites = "/api/rooms/" + room_ + "/invites";
  auto foreign = with_host("POST", invites, observer, "evil.example");
  EXPECT_EQ(foreign.status, 400) << foreign.body;
  EXPECT_EQ(foreign.body.find("evil.example"), std::string::npos);
  EXPECT_EQ(with_host("POST", invites, observer, "evil.example", "https://evil.example").status,
            403);
  EXPECT_EQ(
      refused_upgrade(*tls_, server_->port(), ws_path(), party_a_.cookie, "https://evil.example")
          .status,
      403);
  // The loopback name the request came by is this server.
  auto local = with_host("POST", invites, observer, "localhost:" + std::to_string(server_->port()),
                         own_origin());
  ASSERT_EQ(local.status, 201) << local.body;
  EXPECT_EQ(local.json_body()["link"].get<std::string>().rfind(own_origin() + "/join#", 0), 0u);
}

class ConfiguredHost : public RoomFixture {
 protected:
  std::vector<std::string> serve_options() const override {
    return {"--public-url", "https://mediation.example.org"};
  }
};

TEST_F(ConfiguredHost, LinksAndTheOriginRuleFollowThePublicUrlWhateverHostSays) {
  auto made = api("POST", "/api/rooms/" + room_ + "/invites",
                  {{"role", "observer"}, {"name", "旁听"}}, mediator_.cookie);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(
      made.json_body()["link"].get<std::string>().rfind("https://mediation.example.org/join#", 0),
      0u);
  // The loopback name is no longer this server's origin once a public one is configured.
  EXPECT_EQ(
      api("POST", "/api/rooms", {{"title", "t"}, {"field", "其他"}}, mediator_.cookie, own_origin())
          .status,
      403);
  EXPECT_EQ(api("POST", "/api/rooms", {{"title", "t"}, {"field", "其他"}}, mediator_.cookie,
                "https://mediation.example.org")
                .status,
            201);
}

// Item 8: JSON answers are never sniffed as something else; HSTS only on a configured
// certificate (tls_profile_test shows it there), never on the development one.
TEST_F(HostHeader, JsonAnswersAreNotSniffedAndTheDevelopmentCertificateSendsNoHsts) {
  for (const auto& [target, status] : std::vector<std::pair<std::string, int>>{
           {"/healthz", 200}, {"/api/keys", 200}, {"/api/me", 401}, {"/api/nothing", 404}}) {
    SCOPED_TRACE(target);
    auto res = api("GET", target);
    EXPECT_EQ(res.status, status);
    EXPECT_EQ(res.header("x-content-type-options"), "nosniff");
    EXPECT_EQ(res.header("content-type").rfind("application/json", 0), 0u);
    EXPECT_EQ(res.header("strict-transport-security"), "");
  }
  auto page = api("GET", "/");
  if (page.status == 200) {  // the built client (client-web/dist) is there
    const auto csp = page.header("content-security-policy");
    EXPECT_NE(csp.find("base-uri 'none'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("form-action 'self'"), std::string::npos) << csp;
  }
}

}  // namespace
}  // namespace mr::test
