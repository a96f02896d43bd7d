// Who gets in: cookies, origins, invitation expiry and revocation, mediator login.
#include <SQLiteCpp/Database.h>

#include <map>
#include <set>

#include "crypto/encoding.hpp"
#include "room_fixture.hpp"
#include "secret_scan.hpp"

namespace mr::test {
namespace {

class Access : public RoomFixture {
 protected:
  // The refusal of an upgrade: its status, and the error code of its JSON body.
  std::pair<int, std::string> upgrade_refusal(const std::string& path, const std::string& cookie,
                                              const std::string& origin = {}) {
    auto res = refused_upgrade(*tls_, server_->port(), path, cookie, origin);
    return {res.status, res.json_body().value("error", "")};
  }
  HttpResult result_of_login(const std::string& source, const std::string& password) {
    return https(*tls_, server_->port(), "POST", "/api/login",
                 json{{"login", "m1"}, {"password", password}}.dump(), "", "", "application/json",
                 source);
  }
  // A new observer invite: its link's token and its id.
  std::pair<std::string, std::string> observer_invite() {
    auto made = api("POST", "/api/rooms/" + room_ + "/invites",
                    {{"role", "observer"}, {"name", "旁听"}, {"ttl_hours", 1}}, mediator_.cookie);
    EXPECT_EQ(made.status, 201) << made.body;
    return {token_of(made.json_body()["link"]), made.json_body()["invite"]["id"]};
  }
};

TEST_F(Access, LoginSetsAHardenedTwelveHourCookie) {
  auto ok = api("POST", "/api/login", {{"login", "m1"}, {"password", "correct-horse"}});
  ASSERT_EQ(ok.status, 200);
  EXPECT_EQ(ok.json_body()["mediator"]["login"], "m1");
  for (auto attr : {"HttpOnly", "Secure", "SameSite=Strict", "Path=/", "Max-Age=43200"})
    EXPECT_NE(ok.set_cookie_header.find(attr), std::string::npos) << attr;
  EXPECT_EQ(ok.set_cookie.rfind("mr_mediator=", 0), 0u);
}

// PROTOCOL.md §2: the same answer for both, so the answer does not tell which logins exist.
TEST_F(Access, AnUnknownLoginAndAWrongPasswordGetTheSameAnswer) {
  auto wrong = api("POST", "/api/login", {{"login", "m1"}, {"password", "wrong-password"}});
  auto unknown = api("POST", "/api/login", {{"login", "nobody"}, {"password", "wrong-password"}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.json_body()["error"], "unauthorized");
  EXPECT_EQ(unknown.status, wrong.status);
  EXPECT_EQ(unknown.body, wrong.body);
  EXPECT_TRUE(wrong.set_cookie.empty());
  EXPECT_TRUE(unknown.set_cookie.empty());
}

// Issue 12 item 6: guesses are slowed where they come from. The guesser waits, with Retry-After;
// the mediator logging in from another address is not locked out.
TEST_F(Access, RepeatedWrongPasswordsSlowTheGuesserNotTheMediator) {
  auto login_from = [&](const std::string& source, const std::string& password) {
    return result_of_login(source, password);
  };
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(login_from("127.0.0.2", "guess-" + std::to_string(i)).status, 401);
  auto slowed = login_from("127.0.0.2", "correct-horse");
  EXPECT_EQ(slowed.status, 429);
  EXPECT_EQ(slowed.json_body()["error"], "too_many_attempts");
  EXPECT_TRUE(slowed.set_cookie.empty());
  // Retry-After: whole seconds until the next attempt from there may be made.
  const auto retry = slowed.header("retry-after");
  ASSERT_FALSE(retry.empty());
  ASSERT_EQ(retry.find_first_not_of("0123456789"), std::string::npos) << retry;
  EXPECT_GE(std::stoi(retry), 1);
  EXPECT_LE(std::stoi(retry), 901);
  // The mediator, elsewhere, logs in as usual; another login from the guesser's address too.
  auto mediator = login_from("127.0.0.3", "correct-horse");
  EXPECT_EQ(mediator.status, 200) << mediator.body;
  EXPECT_FALSE(mediator.set_cookie.empty());
  EXPECT_EQ(https(*tls_, server_->port(), "POST", "/api/login",
                  json{{"login", "nobody"}, {"password", "x"}}.dump(), "", "", "application/json",
                  "127.0.0.2")
                .status,
            401);
}

// Issue 12 item 6: invitation-token guesses are slowed per address as well.
TEST_F(Access, GuessingInvitationTokensIsSlowedPerAddress) {
  auto join_from = [&](const std::string& source, const std::string& token) {
    return https(*tls_, server_->port(), "POST", "/api/join", json{{"token", token}}.dump(), "", "",
                 "application/json", source);
  };
  // Guesses shaped like tokens (43 base64url characters): anything else is no link at all (400).
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(join_from("127.0.0.4", std::string(42, 'g') + std::to_string(i)).status, 401);
  auto [token, id] = observer_invite();
  auto slowed = join_from("127.0.0.4", token);
  EXPECT_EQ(slowed.status, 429);
  EXPECT_EQ(slowed.json_body()["error"], "too_many_attempts");
  EXPECT_FALSE(slowed.header("retry-after").empty());
  EXPECT_EQ(join_from("127.0.0.5", token).status, 200);
}

TEST_F(Access, ThePartyCookieIsScopedToItsRoom) {
  auto made = api("POST", "/api/rooms/" + room_ + "/invites",
                  {{"role", "party"}, {"side", "A"}, {"name", "李四"}}, mediator_.cookie);
  EXPECT_EQ(made.json_body()["qr_svg"].get<std::string>().rfind("<svg", 0), 0u);
  auto joined = api("POST", "/api/join", {{"token", token_of(made.json_body()["link"])}});
  EXPECT_NE(joined.set_cookie_header.find("Path=/r/" + room_ + "/"), std::string::npos);
  EXPECT_NE(joined.set_cookie_header.find("HttpOnly"), std::string::npos);
}

TEST_F(Access, ConsoleEndpointsNeedAMediator) {
  EXPECT_EQ(api("GET", "/api/rooms").status, 401);
  EXPECT_EQ(api("GET", "/api/rooms", nullptr, party_a_.cookie).status, 401);
  EXPECT_EQ(
      api("POST", "/api/rooms/" + room_ + "/invites", {{"role", "party"}}, party_a_.cookie).status,
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

// PROTOCOL.md §3: without a session for the room the upgrade is answered 401, not upgraded.
TEST_F(Access, AWebSocketWithoutASessionIsRefusedWith401) {
  const std::pair<int, std::string> unauthorized{401, "unauthorized"};
  EXPECT_EQ(upgrade_refusal(ws_path(), ""), unauthorized);
  EXPECT_EQ(upgrade_refusal(ws_path(), "mr_party=forged"), unauthorized);
  // A party cookie of this room does not open another room.
  auto other =
      api("POST", "/api/rooms", {{"title", "另一案件"}, {"field", "其他"}}, mediator_.cookie);
  std::string other_id = other.json_body()["room"]["id"];
  EXPECT_EQ(upgrade_refusal("/r/" + other_id + "/ws", party_a_.cookie), unauthorized);
  // Nor does the mediator's cookie open a room they do not preside.
  EXPECT_EQ(upgrade_refusal("/r/NoSuchRoom000001/ws", mediator_.cookie), unauthorized);
  EXPECT_EQ(upgrade_refusal("/r/" + room_ + "/other", party_a_.cookie),
            std::make_pair(404, std::string("not_found")));
}

TEST_F(Access, AForeignOriginIsRefusedWith403) {
  EXPECT_EQ(upgrade_refusal(ws_path(), party_a_.cookie, "https://evil.example"),
            std::make_pair(403, std::string("forbidden")));
  // A look-alike of this server's origin is foreign too.
  EXPECT_EQ(upgrade_refusal(ws_path(), party_a_.cookie, own_origin() + ".evil.example").first, 403);
  auto ws = connect(party_a_, own_origin());
  EXPECT_EQ(hello(*ws).back()["type"], "caught_up");
}

TEST_F(Access, RevokingAnInviteEndsTheSessionAndTheLink) {
  auto a = join(party_a_);
  auto revoked = api("DELETE", "/api/rooms/" + room_ + "/invites/" + party_a_.invite, nullptr,
                     mediator_.cookie);
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_FALSE(revoked.json_body()["invite"]["revoked_at"].is_null());
  EXPECT_EQ(a->wait_close(), 4001);
  EXPECT_EQ(upgrade_refusal(ws_path(), party_a_.cookie).first, 401);
}

TEST_F(Access, ARevokedOrUnknownLinkIsRefusedWithItsReason) {
  auto [token, id] = observer_invite();
  api("DELETE", "/api/rooms/" + room_ + "/invites/" + id, nullptr, mediator_.cookie);
  auto joined = api("POST", "/api/join", {{"token", token}});
  EXPECT_EQ(joined.status, 410);
  EXPECT_EQ(joined.json_body()["error"], "revoked");
  auto unknown = api("POST", "/api/join", {{"token", std::string(43, 'x')}});
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(unknown.json_body()["error"], "unauthorized");
  // What cannot be a token (join.request: 43 base64url characters) is a bad request.
  auto malformed = api("POST", "/api/join", {{"token", "not-a-token"}});
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(malformed.json_body()["error"], "bad_request");
}

// The shortest invite lasts an hour, so the test moves its expiry (and that of the sessions made
// from it, which end with it) into the past, as the passing of time would.
TEST_F(Access, AnExpiredLinkIsRefusedAsExpiredAndItsSessionsEnd) {
  auto [token, id] = observer_invite();
  auto joined = api("POST", "/api/join", {{"token", token}});
  ASSERT_EQ(joined.status, 200);
  const Person observer{"", joined.set_cookie, id};
  hello(*connect(observer));  // the session works before expiry
  {
    SQLite::Database db((dir_ / "mediation.db").string(), SQLite::OPEN_READWRITE);
    db.setBusyTimeout(5000);
    db.exec("UPDATE invites SET expires_ms = 1 WHERE id = '" + id + "'");
    db.exec("UPDATE sessions SET expires_ms = 1 WHERE invite = '" + id + "'");
  }
  auto again = api("POST", "/api/join", {{"token", token}});
  EXPECT_EQ(again.status, 410);
  EXPECT_EQ(again.json_body()["error"], "expired");
  EXPECT_EQ(upgrade_refusal(ws_path(), observer.cookie).first, 401);
}

// PROTOCOL.md §1: the server keeps only the SHA-256 of each token, of invites and of sessions.
TEST_F(Access, NoTokenIsStoredInTheDatabase) {
  auto [invite_token, id] = observer_invite();
  auto joined = api("POST", "/api/join", {{"token", invite_token}});
  auto login = api("POST", "/api/login", {{"login", "m1"}, {"password", "correct-horse"}});
  ASSERT_EQ(joined.status, 200);
  ASSERT_EQ(login.status, 200);
  auto value = [](const std::string& cookie) { return cookie.substr(cookie.find('=') + 1); };
  for (const auto& token : {invite_token, value(joined.set_cookie), value(login.set_cookie)}) {
    ASSERT_EQ(token.size(), 43u);
    for (const auto& secret : {token, *crypto::from_base64url(token)}) {
      EXPECT_EQ(testing_support::columns_holding(dir_, secret), std::vector<std::string>{});
      EXPECT_EQ(testing_support::files_holding(dir_, secret), std::vector<std::string>{});
    }
  }
}

TEST_F(Access, TheCliWorksWhileTheServerRuns) {
  auto out = run_cli({"invite", "create", room_, "--data", dir_.string(), "--role", "party",
                      "--side", "B", "--name", "代理人", "--json"});
  auto joined = api("POST", "/api/join", {{"token", token_of(json::parse(out)["link"])}});
  ASSERT_EQ(joined.status, 200);
  auto ws = std::make_unique<WsClient>(*tls_, server_->port(), ws_path(), joined.set_cookie);
  auto replay = hello(*ws);
  EXPECT_EQ(replay.front()["you"]["name"], "代理人");
}

}  // namespace
}  // namespace mr::test

namespace mr::test {
namespace {

// The access matrix (issue 12): every principal through the actions of the room, each answer
// checked against the permission table (PROTOCOL.md §1, §2, §3).
class AccessMatrix : public RoomFixture {
 protected:
  struct Principal {
    std::string name;
    Person person;
    bool admitted = false;                  // may open the room's WebSocket
    std::set<std::string> reads, writes;    // channels
    int room_api = 401, session_api = 401;  // console room endpoints; the room page's session
  };

  std::vector<Principal> principals() {
    std::vector<Principal> out;
    const std::set<std::string> all = {"main", "caucus:A", "caucus:B", "consult"};
    out.push_back({"presiding mediator", mediator_, true, all, all, 200, 200});
    out.push_back(
        {"party A", party_a_, true, {"main", "caucus:A"}, {"main", "caucus:A"}, 401, 200});
    out.push_back(
        {"party B", party_b_, true, {"main", "caucus:B"}, {"main", "caucus:B"}, 401, 200});
    out.push_back({"advisor outside main", advisor_, true, {"consult"}, {"consult"}, 401, 200});
    out.push_back({"observer", observer_, true, {"main"}, {}, 401, 200});
    out.push_back({"stranger", Person{}, false, {}, {}, 401, 401});

    auto revoked = invite("party", "A", "被撤销的代理人");
    api("DELETE", "/api/rooms/" + room_ + "/invites/" + revoked.invite, nullptr, mediator_.cookie);
    out.push_back({"revoked invite", revoked, false, {}, {}, 401, 410});

    auto expired = invite("observer", "", "过期的旁听人");
    {
      SQLite::Database db((dir_ / "mediation.db").string(), SQLite::OPEN_READWRITE);
      db.setBusyTimeout(5000);
      db.exec("UPDATE invites SET expires_ms = 1 WHERE id = '" + expired.invite + "'");
      db.exec("UPDATE sessions SET expires_ms = 1 WHERE invite = '" + expired.invite + "'");
    }
    out.push_back({"expired invite", expired, false, {}, {}, 401, 410});

    auto again = api("POST", "/api/login", {{"login", "m1"}, {"password", "correct-horse"}});
    api("POST", "/api/logout", nullptr, again.set_cookie);
    out.push_back(
        {"logged-out mediator", Person{"", again.set_cookie, ""}, false, {}, {}, 401, 401});

    run_cli({"mediator", "add", "--data", dir_.string(), "--login", "m2", "--name", "李调解",
             "--org", "另一调委会", "--password", "other-horse"});
    auto other = api("POST", "/api/login", {{"login", "m2"}, {"password", "other-horse"}});
    api("POST", "/api/rooms", {{"title", "另一案件"}, {"field", "其他"}}, other.set_cookie);
    out.push_back(
        {"mediator of another room", Person{"", other.set_cookie, ""}, false, {}, {}, 404, 401});
    return out;
  }
};

TEST_F(AccessMatrix, EveryPrincipalGetsWhatThePermissionTableSaysAndNothingMore) {
  const std::vector<std::string> channels = {"main", "caucus:A", "caucus:B", "consult"};
  auto table = principals();
  std::map<std::string, std::unique_ptr<WsClient>> open;
  for (const auto& p : table) {
    SCOPED_TRACE(p.name);
    for (const auto* target :
         {"/api/rooms/{r}", "/api/rooms/{r}/invites", "/api/rooms/{r}/export"}) {
      std::string path = target;
      path.replace(path.find("{r}"), 3, room_);
      EXPECT_EQ(api("GET", path, nullptr, p.person.cookie).status, p.room_api) << path;
    }
    EXPECT_EQ(api("GET", "/r/" + room_ + "/api/session", nullptr, p.person.cookie).status,
              p.session_api);
    if (!p.admitted) {
      EXPECT_EQ(refused_upgrade(*tls_, server_->port(), ws_path(), p.person.cookie).status, 401);
      continue;
    }
    open[p.name] = join(p.person);
  }
  // Writes: each admitted principal tries every channel.
  for (const auto& p : table) {
    if (!p.admitted) continue;
    SCOPED_TRACE(p.name);
    auto& ws = *open[p.name];
    for (const auto& channel : channels) {
      const auto id = "w-" + std::to_string(&p - &table[0]) + "-" + channel;
      ws.send(send_frame(id, channel, "写入 " + channel));
      for (;;) {
        auto f = ws.next().value();
        if (f["type"] == "ack" && f["id"] == id) {
          EXPECT_TRUE(p.writes.count(channel)) << "wrote " << channel;
          break;
        }
        if (f["type"] == "error" && f["ref"] == id) {
          EXPECT_FALSE(p.writes.count(channel)) << "refused " << channel;
          EXPECT_EQ(f["code"], "forbidden_channel");
          break;
        }
      }
    }
  }
  // Reads: the mediator speaks in every channel; a checkpoint request from each principal comes
  // back after everything the room delivered to them before it.
  auto& m = *open["presiding mediator"];
  for (const auto& channel : channels) {
    m.send(send_frame("r-" + channel, channel, "读取 " + channel));
    for (;;) {
      auto f = m.next().value();
      if (f["type"] == "ack" && f["id"] == "r-" + channel) break;
    }
  }
  for (const auto& p : table) {
    if (!p.admitted) continue;
    SCOPED_TRACE(p.name);
    auto& ws = *open[p.name];
    ws.send({{"type", "checkpoint"}, {"id", "sync"}});
    for (;;) {
      auto f = ws.next().value();
      if ((f["type"] == "checkpoint" && f.value("id", "") == "sync") ||
          (f["type"] == "error" && f["ref"] == "sync"))
        break;
    }
    std::set<std::string> seen;
    for (const auto& f : ws.received())
      if (f["type"] == "event") seen.insert(f["header"]["channel"].get<std::string>());
    for (const auto& channel : channels)
      EXPECT_EQ(seen.count(channel) == 1, p.reads.count(channel) == 1) << channel;
  }
}

}  // namespace
}  // namespace mr::test
