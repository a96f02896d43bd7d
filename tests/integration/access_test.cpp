// Who gets in: cookies, origins, invitation expiry and revocation, mediator login.
#include "room_fixture.hpp"

namespace mr::test {
namespace {

class Access : public RoomFixture {};

TEST_F(Access, LoginSetsAHardenedCookieAndRefusesAWrongPassword) {
  auto wrong = api("POST", "/api/login", {{"login", "m1"}, {"password", "wrong-password"}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_TRUE(wrong.set_cookie.empty());
  auto unknown = api("POST", "/api/login", {{"login", "nobody"}, {"password", "x"}});
  EXPECT_EQ(unknown.status, 401);
  auto ok = api("POST", "/api/login", {{"login", "m1"}, {"password", "correct-horse"}});
  ASSERT_EQ(ok.status, 200);
  for (auto attr : {"HttpOnly", "Secure", "SameSite=Strict", "Path=/"})
    EXPECT_NE(ok.set_cookie_header.find(attr), std::string::npos) << attr;
}

TEST_F(Access, RepeatedWrongPasswordsLockTheLoginForAWhile) {
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(api("POST", "/api/login", {{"login", "m1"}, {"password", "guess-" + std::to_string(i)}}).status,
              401);
  auto locked = api("POST", "/api/login", {{"login", "m1"}, {"password", "correct-horse"}});
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(locked.json_body()["error"], "too_many_attempts");
}

TEST_F(Access, ThePartyCookieIsScopedToItsRoom) {
  auto made = api("POST", "/api/rooms/" + room_ + "/invites",
                  {{"role", "party"}, {"side", "A"}, {"name", "李四"}}, mediator_.cookie);
  std::string link = made.json_body()["link"];
  EXPECT_EQ(made.json_body()["qr_svg"].get<std::string>().rfind("<svg", 0), 0u);
  auto joined = api("POST", "/api/join", {{"token", link.substr(link.find('#') + 1)}});
  EXPECT_NE(joined.set_cookie_header.find("Path=/r/" + room_ + "/"), std::string::npos);
  EXPECT_NE(joined.set_cookie_header.find("HttpOnly"), std::string::npos);
}

TEST_F(Access, ConsoleEndpointsNeedAMediator) {
  EXPECT_EQ(api("GET", "/api/rooms").status, 401);
  EXPECT_EQ(api("GET", "/api/rooms", nullptr, party_a_.cookie).status, 401);
  EXPECT_EQ(api("POST", "/api/rooms/" + room_ + "/invites", {{"role", "party"}}, party_a_.cookie)
                .status,
            401);
  EXPECT_EQ(api("GET", "/api/rooms", nullptr, mediator_.cookie).status, 200);
}

TEST_F(Access, InviteValidationNamesTheProblem) {
  auto bad_side = api("POST", "/api/rooms/" + room_ + "/invites",
                      {{"role", "party"}, {"side", "C"}, {"name", "x"}}, mediator_.cookie);
  EXPECT_EQ(bad_side.status, 400);
  EXPECT_EQ(bad_side.json_body()["error"], "bad_request");
  auto bad_role = api("POST", "/api/rooms/" + room_ + "/invites",
                      {{"role", "mediator"}, {"name", "x"}}, mediator_.cookie);
  EXPECT_EQ(bad_role.status, 400);
  auto bad_field = api("POST", "/api/rooms", {{"title", "t"}, {"field", "火星"}}, mediator_.cookie);
  EXPECT_EQ(bad_field.status, 400);
}

TEST_F(Access, AWebSocketWithoutASessionIsRefused) {
  EXPECT_THROW(WsClient(*tls_, server_->port(), ws_path(), ""), std::exception);
  EXPECT_THROW(WsClient(*tls_, server_->port(), ws_path(), "mr_party=forged"), std::exception);
  // A party cookie of this room does not open another room.
  auto other = api("POST", "/api/rooms", {{"title", "另一案件"}, {"field", "其他"}}, mediator_.cookie);
  std::string other_id = other.json_body()["room"]["id"];
  EXPECT_THROW(WsClient(*tls_, server_->port(), "/r/" + other_id + "/ws", party_a_.cookie),
               std::exception);
}

TEST_F(Access, AForeignOriginIsRefused) {
  EXPECT_THROW(connect(party_a_, "https://evil.example"), std::exception);
  auto ws = connect(party_a_, "https://localhost:" + std::to_string(server_->port()));
  hello(*ws);
}

TEST_F(Access, RevokingAnInviteEndsTheSessionAndTheLink) {
  auto a = join(party_a_);
  auto revoked = api("DELETE", "/api/rooms/" + room_ + "/invites/" + party_a_.invite, nullptr,
                     mediator_.cookie);
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_FALSE(revoked.json_body()["invite"]["revoked_at"].is_null());
  EXPECT_EQ(a->wait_close(), 4001);
  EXPECT_THROW(connect(party_a_), std::exception);
}

TEST_F(Access, AnExpiredOrRevokedLinkIsRefusedWithItsReason) {
  auto made = api("POST", "/api/rooms/" + room_ + "/invites",
                  {{"role", "observer"}, {"name", "旁听"}, {"ttl_hours", 1}}, mediator_.cookie);
  std::string link = made.json_body()["link"];
  std::string token = link.substr(link.find('#') + 1);
  std::string id = made.json_body()["invite"]["id"];
  api("DELETE", "/api/rooms/" + room_ + "/invites/" + id, nullptr, mediator_.cookie);
  auto joined = api("POST", "/api/join", {{"token", token}});
  EXPECT_EQ(joined.status, 410);
  EXPECT_EQ(joined.json_body()["error"], "revoked");
  EXPECT_EQ(api("POST", "/api/join", {{"token", "not-a-token"}}).status, 401);
}

TEST_F(Access, TheCliWorksWhileTheServerRuns) {
  auto out = run_cli({"invite", "create", room_, "--data", dir_.string(), "--role", "party",
                      "--side", "B", "--name", "代理人", "--json"});
  auto made = json::parse(out);
  std::string link = made["link"];
  auto joined = api("POST", "/api/join", {{"token", link.substr(link.find('#') + 1)}});
  ASSERT_EQ(joined.status, 200);
  auto ws = std::make_unique<WsClient>(*tls_, server_->port(), ws_path(), joined.set_cookie);
  auto replay = hello(*ws);
  EXPECT_EQ(replay.front()["you"]["name"], "代理人");
}

TEST_F(Access, HealthAndStaticClientAreServed) {
  auto health = api("GET", "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.json_body()["status"], "ok");
  auto page = api("GET", "/r/" + room_ + "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<html"), std::string::npos);
  EXPECT_EQ(api("GET", "/assets/../../etc/passwd").status, 404);
}

}  // namespace
}  // namespace mr::test
