// The HTTPS API of PROTOCOL.md §2 beyond login and joining: the Origin rule for writes, request
// limits, exact members, the mediator's own endpoints, and input limits on names and titles.
#include "room_fixture.hpp"

namespace mr::test {
namespace {

class HttpApi : public RoomFixture {
 protected:
  std::string rooms_path() const { return "/api/rooms/" + room_; }
  std::size_t room_count() {
    return api("GET", "/api/rooms", nullptr, mediator_.cookie).json_body()["cases"].size();
  }
  json invites() {
    return api("GET", rooms_path() + "/invites", nullptr, mediator_.cookie).json_body()["invites"];
  }
  // A second mediator, logged in, who presides no room of the fixture.
  std::string other_mediator() {
    run_cli({"mediator", "add", "--data", dir_.string(), "--login", "m2", "--name", "李调解",
             "--org", "另一调委会", "--password", "another-horse"});
    auto login = api("POST", "/api/login", {{"login", "m2"}, {"password", "another-horse"}});
    EXPECT_EQ(login.status, 200) << login.body;
    return login.set_cookie;
  }
  int create_room_status(const std::string& title, const json& parties) {
    return api("POST", "/api/rooms", {{"title", title}, {"field", "其他"}, {"parties", parties}},
               mediator_.cookie)
        .status;
  }
  int invite_status(const std::string& name) {
    return api("POST", rooms_path() + "/invites", {{"role", "observer"}, {"name", name}},
               mediator_.cookie)
        .status;
  }
};

// A text of exactly `chars` characters (code points), each of three bytes in UTF-8: the limits
// count characters, as the schemas' maxLength does (PROTOCOL.md §2).
std::string text_of_chars(std::size_t chars) {
  std::string out;
  for (std::size_t i = 0; i < chars; ++i) out += "调";
  return out;
}

TEST_F(HttpApi, AWriteFromAForeignOriginIsRefusedAndChangesNothing) {
  const auto rooms = room_count();
  auto created = api("POST", "/api/rooms", {{"title", "跨站"}, {"field", "其他"}}, mediator_.cookie,
                     "https://evil.example");
  EXPECT_EQ(created.status, 403);
  EXPECT_EQ(created.json_body()["error"], "forbidden");
  EXPECT_EQ(room_count(), rooms);

  auto revoked = api("DELETE", rooms_path() + "/invites/" + party_a_.invite, nullptr,
                     mediator_.cookie, "https://evil.example");
  EXPECT_EQ(revoked.status, 403);
  for (const auto& i : invites()) EXPECT_TRUE(i["revoked_at"].is_null()) << i;

  auto login = api("POST", "/api/login", {{"login", "m1"}, {"password", "correct-horse"}}, {},
                   "https://evil.example");
  EXPECT_EQ(login.status, 403);
  EXPECT_TRUE(login.set_cookie.empty());

  // Reads are not writes, and this server's own pages may write.
  EXPECT_EQ(api("GET", "/api/rooms", nullptr, mediator_.cookie, "https://evil.example").status,
            200);
  EXPECT_EQ(api("POST", "/api/rooms", {{"title", "本站"}, {"field", "其他"}}, mediator_.cookie,
                own_origin())
                .status,
            201);
}

TEST_F(HttpApi, OversizedAndMalformedRequestsGetAJsonErrorAndTheConnectionEnds) {
  struct Case {
    const char* name;
    std::string request;
    int status;
    const char* error;
  };
  const std::string head = "POST /api/login HTTP/1.1\r\nHost: localhost\r\n";
  const std::vector<Case> cases = {
      {"body over 1 MiB", head + "Content-Length: 1048577\r\n\r\n", 413, "too_large"},
      {"headers over 16 KiB", head + "X-Filler: " + std::string(17 * 1024, 'a') + "\r\n\r\n", 431,
       "too_large"},
      {"not HTTP", "HELLO THERE\r\n\r\n", 400, "bad_request"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    RawTls raw(*tls_, server_->port());
    raw.send(c.request);
    auto res = raw.response();
    EXPECT_EQ(res.status, c.status);
    EXPECT_EQ(res.json_body()["error"], c.error) << res.body;
    EXPECT_TRUE(res.json_body()["message"].is_string());
    EXPECT_TRUE(raw.ended(5s));
  }
  // A body of exactly 1 MiB is read; it is refused for what it says, not for its size.
  RawTls raw(*tls_, server_->port());
  raw.send(head + "Content-Length: 1048576\r\n\r\n" + std::string(1 << 20, ' '));
  auto res = raw.response();
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.json_body()["error"], "bad_request");
}

TEST_F(HttpApi, AnUnknownMemberIsABadRequestThatNamesIt) {
  auto login = api("POST", "/api/login",
                   {{"login", "m1"}, {"password", "correct-horse"}, {"remember", true}});
  EXPECT_EQ(login.status, 400);
  EXPECT_EQ(login.json_body()["error"], "bad_request");
  EXPECT_NE(login.json_body()["message"].get<std::string>().find("remember"), std::string::npos);
  EXPECT_TRUE(login.set_cookie.empty());

  const auto before = invites().size();
  auto invite = api("POST", rooms_path() + "/invites",
                    {{"role", "observer"}, {"name", "旁听"}, {"expires", 5}}, mediator_.cookie);
  EXPECT_EQ(invite.status, 400);
  EXPECT_NE(invite.json_body()["message"].get<std::string>().find("expires"), std::string::npos);
  EXPECT_EQ(invites().size(), before);
}

TEST_F(HttpApi, HealthSaysTheStoreAnswers) {
  auto health = api("GET", "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.json_body(), json({{"status", "ok"}}));
}

TEST_F(HttpApi, MeFieldsAndLogout) {
  auto me = api("GET", "/api/me", nullptr, mediator_.cookie);
  ASSERT_EQ(me.status, 200);
  const auto m = me.json_body()["mediator"];
  EXPECT_EQ(
      m,
      (json{{"id", m["id"]}, {"name", "张三"}, {"org", "西湖区人民调解委员会"}, {"login", "m1"}}));
  EXPECT_EQ(m["id"].get<std::string>().size(), 13u);

  EXPECT_EQ(api("GET", "/api/fields").json_body()["fields"],
            json({"市场监管", "房产物业", "劳动社保", "婚姻家庭", "投资融资", "治安交通",
                  "城市管理", "生态环境", "自然资源", "教育", "商事", "其他"}));

  auto out = api("POST", "/api/logout", nullptr, mediator_.cookie);
  EXPECT_EQ(out.status, 204);
  EXPECT_EQ(out.set_cookie, "mr_mediator=");
  EXPECT_NE(out.set_cookie_header.find("Max-Age=0"), std::string::npos);
  // The session is gone on the server, not only from the browser.
  EXPECT_EQ(api("GET", "/api/me", nullptr, mediator_.cookie).status, 401);
  EXPECT_EQ(api("GET", "/api/rooms", nullptr, mediator_.cookie).status, 401);
}

TEST_F(HttpApi, TheRoomsInvitesAreListedWithTheirShape) {
  auto listed = invites();
  ASSERT_EQ(listed.size(), 4u);  // the fixture's party A, party B, advisor and observer
  std::set<std::string> people;
  for (const auto& i : listed) {
    EXPECT_EQ(i.size(), 8u) << i;
    EXPECT_EQ(i["id"].get<std::string>().size(), 13u);
    EXPECT_EQ(i["id"].get<std::string>()[0], 'i');
    EXPECT_TRUE(i["revoked_at"].is_null());
    // The default lifetime is 168 hours.
    EXPECT_EQ(i["expires_at"].get<std::int64_t>() - i["created_at"].get<std::int64_t>(),
              168LL * 3600 * 1000);
    people.insert(i["role"].get<std::string>() + "/" +
                  (i["side"].is_null() ? "-" : i["side"].get<std::string>()) + "/" +
                  i["name"].get<std::string>());
  }
  EXPECT_EQ(people, (std::set<std::string>{"party/A/李四", "party/B/王五", "advisor/-/赵法官",
                                           "observer/-/旁听人"}));
  // Tokens are shown once, when made, and never listed.
  EXPECT_EQ(listed.dump().find("token"), std::string::npos);
}

// A mediator sees only the rooms they preside: another room is "not found", not "forbidden".
TEST_F(HttpApi, AMediatorOfAnotherRoomGets404) {
  const auto other = other_mediator();
  const std::vector<std::pair<std::string, std::string>> requests = {
      {"GET", rooms_path()},
      {"GET", rooms_path() + "/invites"},
      {"POST", rooms_path() + "/invites"},
      {"DELETE", rooms_path() + "/invites/" + party_a_.invite},
      {"GET", rooms_path() + "/export"}};
  for (const auto& [method, path] : requests) {
    SCOPED_TRACE(method + " " + path);
    auto res = api(method, path,
                   method == "POST" ? json{{"role", "observer"}, {"name", "x"}} : nullptr, other);
    EXPECT_EQ(res.status, 404);
    EXPECT_EQ(res.json_body()["error"], "not_found");
  }
  EXPECT_EQ(api("GET", "/api/rooms", nullptr, other).json_body()["cases"], json::array());
  EXPECT_EQ(invites().size(), 4u);
  for (const auto& i : invites()) EXPECT_TRUE(i["revoked_at"].is_null());
}

// PROTOCOL.md §2: names and titles are 1-200 bytes (titles 300) of UTF-8 without control
// characters; a room has at most 20 parties.
TEST_F(HttpApi, NamesTitlesAndPartiesAreLimited) {
  EXPECT_EQ(create_room_status(text_of_chars(300), json::array()), 201);
  EXPECT_EQ(create_room_status(text_of_chars(301), json::array()), 400);
  EXPECT_EQ(create_room_status("", json::array()), 400);
  EXPECT_EQ(create_room_status("标题\n第二行", json::array()), 400);

  auto parties = [](std::size_t n, const std::string& name) {
    json out = json::array();
    for (std::size_t i = 0; i < n; ++i)
      out.push_back({{"side", i % 2 ? "B" : "A"}, {"name", name}});
    return out;
  };
  EXPECT_EQ(create_room_status("二十方", parties(20, "当事人")), 201);
  EXPECT_EQ(create_room_status("二十一方", parties(21, "当事人")), 400);
  EXPECT_EQ(create_room_status("长名", parties(1, text_of_chars(200))), 201);
  EXPECT_EQ(create_room_status("过长", parties(1, text_of_chars(201))), 400);
  EXPECT_EQ(create_room_status("空名", parties(1, "")), 400);

  EXPECT_EQ(invite_status(text_of_chars(200)), 201);
  EXPECT_EQ(invite_status(text_of_chars(201)), 400);
  for (const std::string bad : {"", "名\x01字", "名\x7f字", "名\t字"})
    EXPECT_EQ(invite_status(bad), 400) << bad;
}

}  // namespace
}  // namespace mr::test
