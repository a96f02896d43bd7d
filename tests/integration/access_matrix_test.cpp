// The access matrix (issue 12): every principal through every action the server offers — each
// channel's read and write, presence, typing, inclusion proofs, documents (upload, list,
// download), the WebSocket upgrade and every HTTP endpoint, export included — and each answer
// checked against the permission table (PROTOCOL.md §1–§3, §7). The table is the rows of
// `principals()`; what each endpoint answers follows from a row by the rules of `endpoints()`.
#include <SQLiteCpp/Database.h>

#include <functional>
#include <map>
#include <set>

#include "procedure_fixture.hpp"

namespace mr::test {
namespace {

using Channels = std::set<std::string>;
const std::vector<std::string> kChannels = {"main", "caucus:A", "caucus:B", "consult"};
const Channels kAll(kChannels.begin(), kChannels.end());

// How the room's console (/api/rooms/<room>/…) answers someone: as asked, 404 (a mediator, but
// not of this room), or 401 (no mediator at all).
enum class Console { own, other_room, none };
// How the room's page (/r/<room>/…) and WebSocket answer: as asked, 410 from the session
// endpoint (the link was revoked or expired; 401 elsewhere), or 401.
enum class Member { yes, ended, none };

struct Principal {
  std::string name;
  Person person;
  bool mediator_account;  // logged in as a mediator, of this room or another
  Console console;
  Member member;
  Channels reads, writes;
  bool admitted() const { return member == Member::yes; }
  bool shares_a_channel_with(const Principal& other) const {
    for (const auto& c : reads)
      if (other.reads.count(c)) return true;
    return false;
  }
};

class FullAccessMatrix : public ProcedureFixture {
 protected:
  // The permission table: one row per principal (PROTOCOL.md §1). Leaves the presiding
  // mediator's WebSocket open in presiding_ws_.
  std::vector<Principal> principals() {
    presiding_ws_ = join(mediator_);
    const Channels side_a = {"main", "caucus:A"}, side_b = {"main", "caucus:B"};
    const Channels consult = {"consult"}, joint = {"main", "consult"}, main = {"main"};
    std::vector<Principal> out;
    out.push_back({"presiding mediator", mediator_, true, Console::own, Member::yes, kAll, kAll});
    out.push_back(
        {"assisting mediator", assisting_mediator(), true, Console::own, Member::yes, kAll, kAll});
    out.push_back({"party A", party_a_, false, Console::none, Member::yes, side_a, side_a});
    out.push_back({"party B", party_b_, false, Console::none, Member::yes, side_b, side_b});
    out.push_back(
        {"advisor outside main", advisor_, false, Console::none, Member::yes, consult, consult});
    out.push_back(
        {"advisor in main", advisor_in_main(), false, Console::none, Member::yes, joint, joint});
    out.push_back({"observer", observer_, false, Console::none, Member::yes, main, {}});
    out.push_back({"stranger", Person{}, false, Console::none, Member::none, {}, {}});

    auto revoked = invite("party", "A", "被撤销的代理人");
    api("DELETE", "/api/rooms/" + room_ + "/invites/" + revoked.invite, nullptr, mediator_.cookie);
    out.push_back({"revoked invite", revoked, false, Console::none, Member::ended, {}, {}});

    // The shortest invite lasts an hour: its end (and its sessions') is moved into the past.
    auto expired = invite("observer", "", "过期的旁听人");
    {
      SQLite::Database db((dir_ / "mediation.db").string(), SQLite::OPEN_READWRITE);
      db.setBusyTimeout(5000);
      db.exec("UPDATE invites SET expires_ms = 1 WHERE id = '" + expired.invite + "'");
      db.exec("UPDATE sessions SET expires_ms = 1 WHERE invite = '" + expired.invite + "'");
    }
    out.push_back({"expired invite", expired, false, Console::none, Member::ended, {}, {}});

    auto again = api("POST", "/api/login", {{"login", "m1"}, {"password", "correct-horse"}});
    api("POST", "/api/logout", nullptr, again.set_cookie);
    out.push_back({"logged-out mediator",
                   Person{"", again.set_cookie, ""},
                   false,
                   Console::none,
                   Member::none,
                   {},
                   {}});

    run_cli({"mediator", "add", "--data", dir_.string(), "--login", "m2", "--name", "李调解",
             "--org", "另一调委会", "--password", "other-horse"});
    auto other = api("POST", "/api/login", {{"login", "m2"}, {"password", "other-horse"}});
    api("POST", "/api/rooms", {{"title", "另一案件"}, {"field", "其他"}}, other.set_cookie);
    out.push_back({"mediator of another room",
                   Person{"", other.set_cookie, ""},
                   true,
                   Console::other_room,
                   Member::none,
                   {},
                   {}});
    return out;
  }

  // A second mediator of the case (联合调解), added by the presiding one.
  Person assisting_mediator() {
    run_cli({"mediator", "add", "--data", dir_.string(), "--login", "m3", "--name", "钱调解",
             "--org", "西湖区人民调解委员会", "--password", "assist-horse"});
    expect_ack(act(*presiding_ws_, "mediator.add", {{"login", "m3"}}));
    const std::string id =
        event_of_kind(*presiding_ws_, "mediator.added")["body"]["participant"]["id"];
    auto login = api("POST", "/api/login", {{"login", "m3"}, {"password", "assist-horse"}});
    EXPECT_EQ(login.status, 200) << login.body;
    return {id, login.set_cookie, ""};
  }

  // A second advisor, whom the presiding mediator brings into the joint room.
  Person advisor_in_main() {
    auto advisor = invite("advisor", "", "孙律师");
    presiding_ws_->send({{"type", "advisor"},
                         {"id", "bring-in"},
                         {"participant", advisor.participant},
                         {"in_main", true}});
    EXPECT_EQ(answer_to(*presiding_ws_, "bring-in")["type"], "ack");
    return advisor;
  }

  // Opens the room for every admitted principal (the presiding mediator's socket is open).
  std::map<std::string, WsClient*> join_all(const std::vector<Principal>& table) {
    std::map<std::string, WsClient*> out;
    for (const auto& p : table) {
      if (!p.admitted()) continue;
      if (p.person.cookie == mediator_.cookie) {
        out[p.name] = presiding_ws_.get();
        continue;
      }
      sockets_.push_back(join(p.person));
      out[p.name] = sockets_.back().get();
    }
    return out;
  }

  // The ack or error that answers the request `id`.
  static json answer_to(WsClient& ws, const std::string& id) {
    for (;;) {
      auto next = ws.next();
      if (!next) {
        std::string seen;
        for (const auto& r : ws.received()) seen += r.dump().substr(0, 300) + "\n";
        throw std::runtime_error("no answer to " + id + (ws.closed() ? " (closed)" : "") +
                                 "; received:\n" + seen);
      }
      auto f = *next;
      if ((f["type"] == "error" && f.value("ref", json()) == id) ||
          (f["type"] != "event" && f["type"] != "error" && f.value("id", json()) == id))
        return f;
    }
  }

  // Waits until everything the room sent to `ws` before now has arrived: the room answers a
  // checkpoint request (with the latest checkpoint, or out_of_range before the first) on its
  // strand, after what it queued for that connection earlier.
  static void sync(WsClient& ws, const std::string& id) {
    ws.send({{"type", "checkpoint"}, {"id", id}});
    answer_to(ws, id);
  }

  std::unique_ptr<WsClient> presiding_ws_;
  std::vector<std::unique_ptr<WsClient>> sockets_;
};

TEST_F(FullAccessMatrix, EachPrincipalReadsAndWritesTheChannelsOfItsRowAndNoOthers) {
  auto table = principals();
  for (const auto& p : table) {
    if (p.admitted()) continue;
    SCOPED_TRACE(p.name);
    EXPECT_EQ(refused_upgrade(*tls_, server_->port(), ws_path(), p.person.cookie).status, 401);
  }
  auto ws = join_all(table);
  // Writes: each admitted principal tries every channel.
  for (const auto& p : table) {
    if (!p.admitted()) continue;
    SCOPED_TRACE(p.name);
    for (const auto& channel : kChannels) {
      const auto id = "w-" + std::to_string(&p - &table[0]) + "-" + channel;
      ws[p.name]->send(send_frame(id, channel, "写入 " + channel));
      auto answer = answer_to(*ws[p.name], id);
      EXPECT_EQ(answer["type"], p.writes.count(channel) ? "ack" : "error") << channel << answer;
      if (answer["type"] == "error") {
        EXPECT_EQ(answer["code"], "forbidden_channel");
      }
    }
  }
  // Reads: the presiding mediator speaks in every channel; each principal then has all the room
  // delivered to it, and has seen events of exactly the channels of its row.
  for (const auto& channel : kChannels) {
    presiding_ws_->send(send_frame("r-" + channel, channel, "读取 " + channel));
    EXPECT_EQ(answer_to(*presiding_ws_, "r-" + channel)["type"], "ack");
  }
  for (const auto& p : table) {
    if (!p.admitted()) continue;
    SCOPED_TRACE(p.name);
    sync(*ws[p.name], "sync");
    Channels seen;
    for (const auto& f : ws[p.name]->received())
      if (f["type"] == "event") seen.insert(f["header"]["channel"].get<std::string>());
    EXPECT_EQ(seen, p.reads);
  }
}

TEST_F(FullAccessMatrix, PresenceTypingAndProofsReachOnlyThoseWhoReadTheChannel) {
  auto table = principals();
  auto ws = join_all(table);
  std::vector<const Principal*> in;
  for (const auto& p : table)
    if (p.admitted()) in.push_back(&p);

  // Typing: each types once in every channel, and waits until the room has passed it on.
  for (const auto* p : in) {
    for (const auto& channel : kChannels)
      ws[p->name]->send({{"type", "typing"}, {"channel", channel}});
    sync(*ws[p->name], "typed");
  }
  for (const auto* viewer : in) {
    SCOPED_TRACE(viewer->name);
    auto& socket = *ws[viewer->name];
    sync(socket, "settled");
    // Presence: everyone present who shares a channel the viewer reads, with their name.
    std::set<std::string> expected_online, online;
    for (const auto* p : in)
      if (viewer->shares_a_channel_with(*p)) expected_online.insert(p->person.participant);
    // Typing: from everyone else, in the channels they write and the viewer reads; never its own.
    std::set<std::pair<std::string, std::string>> expected_typing, typing;
    for (const auto* p : in)
      for (const auto& channel : p->writes)
        if (p != viewer && viewer->reads.count(channel))
          expected_typing.insert({channel, p->person.participant});
    json last_presence;
    std::size_t refused = 0;
    for (const auto& f : socket.received()) {
      if (f["type"] == "presence") last_presence = f;
      if (f["type"] == "typing")
        typing.insert({f["channel"].get<std::string>(), f["participant"].get<std::string>()});
      if (f["type"] == "error" && f["code"] == "forbidden_channel") ++refused;
    }
    ASSERT_TRUE(last_presence.is_object());
    for (const auto& person : last_presence["online"]) {
      online.insert(person["id"].get<std::string>());
      EXPECT_FALSE(person["name"].get<std::string>().empty()) << person;
    }
    EXPECT_EQ(online, expected_online);
    EXPECT_EQ(typing, expected_typing);
    // Typing where one may not write is refused, as a message would be.
    EXPECT_EQ(refused, kChannels.size() - viewer->writes.size());
  }

  // Inclusion proofs: only of events one may read (issue 12 item 10), so a party asking for one
  // of the other side's caucus (party A of caucus:B, party B of caucus:A) is refused and learns
  // no leaf hash; tree sizes are public, and so is a consistency proof between two of them.
  std::map<std::string, std::int64_t> seq_of;
  for (const auto& channel : kChannels) {
    presiding_ws_->send(send_frame("p-" + channel, channel, "证明 " + channel));
    seq_of[channel] = answer_to(*presiding_ws_, "p-" + channel)["seq"];
  }
  const auto size = seq_of["consult"] + 1;
  for (const auto* p : in) {
    SCOPED_TRACE(p->name);
    for (const auto& channel : kChannels) {
      const auto id = "proof-" + channel;
      ws[p->name]->send({{"type", "proof"}, {"id", id}, {"seq", seq_of[channel]}, {"size", size}});
      auto answer = answer_to(*ws[p->name], id);
      if (p->reads.count(channel)) {
        EXPECT_EQ(answer["type"], "proof") << channel << answer;
      } else {
        EXPECT_EQ(answer["type"], "error") << channel << answer;
        EXPECT_EQ(answer.value("code", ""), "forbidden") << channel;
        EXPECT_FALSE(answer.contains("leaf")) << channel << answer;
      }
    }
    ws[p->name]->send({{"type", "consistency"}, {"id", "sizes"}, {"from", 1}, {"to", size}});
    EXPECT_EQ(answer_to(*ws[p->name], "sizes")["type"], "consistency");
  }
  // An advisor reads `main` from being brought in, not before: no proof of the case's first
  // event, which every party may have.
  auto first = [&](const std::string& name) {
    ws[name]->send({{"type", "proof"}, {"id", "first"}, {"seq", 0}, {"size", size}});
    return answer_to(*ws[name], "first");
  };
  EXPECT_EQ(first("party A")["type"], "proof");
  EXPECT_EQ(first("advisor in main").value("code", ""), "forbidden");
}

TEST_F(FullAccessMatrix, DocumentsAreSharedListedAndFetchedByTheChannelsOfEachRow) {
  auto table = principals();
  const auto uploads = "/r/" + room_ + "/api/uploads";
  const auto documents = "/r/" + room_ + "/api/documents";
  // The presiding mediator shares one document into each channel (plain text, as sniffed).
  std::map<std::string, std::string> document_in;
  for (const auto& channel : kChannels) {
    const std::string text = "证据清单（" + channel + "）：2025年3月至5月工资未付，每月八千元。\n";
    auto started =
        api("POST", uploads, {{"name", "证据.txt"}, {"size", text.size()}, {"channel", channel}},
            mediator_.cookie);
    ASSERT_EQ(started.status, 201) << started.body;
    auto put =
        https(*tls_, server_->port(), "PUT",
              uploads + "/" + started.json_body()["upload"]["id"].get<std::string>() + "?offset=0",
              text, mediator_.cookie, {}, "application/octet-stream");
    ASSERT_EQ(put.status, 201) << put.body;
    document_in[channel] = put.json_body()["document"]["id"];
  }
  for (const auto& p : table) {
    SCOPED_TRACE(p.name);
    const auto& cookie = p.person.cookie;
    for (const auto& channel : kChannels) {
      // Upload: into the channels one writes; an upload in progress is one's own to see and drop.
      auto started =
          api("POST", uploads, {{"name", "收据.txt"}, {"size", 10}, {"channel", channel}}, cookie);
      EXPECT_EQ(started.status, !p.admitted()             ? 401
                                : p.writes.count(channel) ? 201
                                                          : 403)
          << channel << started.body;
      if (started.status == 201) {
        const auto upload = uploads + "/" + started.json_body()["upload"]["id"].get<std::string>();
        EXPECT_EQ(api("GET", upload, nullptr, cookie).status, 200);
        if (cookie != mediator_.cookie) {  // someone else's upload is not theirs to see
          EXPECT_EQ(api("GET", upload, nullptr, mediator_.cookie).status, 404);
        }
        EXPECT_EQ(api("DELETE", upload, nullptr, cookie).status, 204);
      }
      // Download: of the channels one reads; any other is "no such document".
      EXPECT_EQ(api("GET", documents + "/" + document_in[channel], nullptr, cookie).status,
                !p.admitted()            ? 401
                : p.reads.count(channel) ? 200
                                         : 404)
          << channel;
    }
    // The list: the documents of the channels one reads.
    auto listed = api("GET", documents, nullptr, cookie);
    EXPECT_EQ(listed.status, p.admitted() ? 200 : 401);
    if (!p.admitted()) continue;
    // Held in a variable: in `for (… : listed.json_body()["documents"])` the json that
    // json_body() returns is destroyed before the loop runs (operator[] returns a reference into
    // it; only C++23 extends the life of such temporaries), and the loop reads freed memory.
    const auto body = listed.json_body();
    Channels seen;
    for (const auto& d : body["documents"]) seen.insert(d["channel"].get<std::string>());
    EXPECT_EQ(seen, p.reads);
  }
}

// What an endpoint answers a principal, by the rules of PROTOCOL.md §2, §6 and §7.
struct Endpoint {
  std::string method, target;  // "{fresh invite}": an invite made just before, to revoke
  json body;
  std::function<int(const Principal&)> expect;
};

std::vector<Endpoint> endpoints(const std::string& room) {
  using Rule = std::function<int(const Principal&)>;
  auto anyone = [](int ok) -> Rule { return [ok](const Principal&) { return ok; }; };
  auto mediator = [](int ok) -> Rule {
    return [ok](const Principal& p) { return p.mediator_account ? ok : 401; };
  };
  auto console = [](int ok) -> Rule {
    return [ok](const Principal& p) {
      return p.console == Console::own ? ok : p.console == Console::other_room ? 404 : 401;
    };
  };
  auto member = [](int ok) -> Rule {
    return [ok](const Principal& p) { return p.admitted() ? ok : 401; };
  };
  const auto console_path = "/api/rooms/" + room;
  const auto page = "/r/" + room + "/api";
  return {
      {"GET", "/healthz", nullptr, anyone(200)},
      {"GET", "/metrics", nullptr, anyone(200)},
      {"GET", "/api/keys", nullptr, anyone(200)},
      {"GET", "/api/fields", nullptr, anyone(200)},
      {"GET", "/api/me", nullptr, mediator(200)},
      {"GET", "/api/rooms", nullptr, mediator(200)},
      {"POST", "/api/rooms", {{"title", "新案件"}, {"field", "其他"}}, mediator(201)},
      {"GET", console_path, nullptr, console(200)},
      {"GET", console_path + "/invites", nullptr, console(200)},
      {"POST", console_path + "/invites", {{"role", "observer"}, {"name", "旁听"}}, console(201)},
      {"DELETE", console_path + "/invites/{fresh invite}", nullptr, console(200)},
      {"GET", console_path + "/export", nullptr, console(200)},
      {"GET", console_path + "/export?private=1", nullptr, console(200)},
      // The package waits for a confirmed application: 409 with the rule, for the room's mediators.
      {"GET", console_path + "/package", nullptr, console(409)},
      {"GET", page + "/session", nullptr,
       [](const Principal& p) {
         return p.member == Member::ended ? 410 : p.admitted() ? 200 : 401;
       }},
      {"GET", page + "/notice?lang=zh-CN", nullptr, member(200)},
      {"GET", page + "/documents", nullptr, member(200)},
      // The agreement is for those who read main; before it is concluded, 409.
      {"GET", page + "/agreement", nullptr,
       [](const Principal& p) { return !p.admitted()           ? 401
                                       : p.reads.count("main") ? 409
                                                               : 404; }},
      {"GET", page + "/uploads/u0000000000000000", nullptr, member(404)},
      {"PUT", page + "/uploads/u0000000000000000?offset=0", nullptr, member(404)},
      {"DELETE", page + "/uploads/u0000000000000000", nullptr, member(404)},
  };
}

// POST /api/login and /api/join answer anyone alike, whatever cookie comes with them (their
// answers and limits: the Access tests); POST /api/logout is last here, for everyone.
TEST_F(FullAccessMatrix, EveryHttpEndpointAnswersEachPrincipalAsItsRowSays) {
  auto table = principals();
  for (const auto& p : table) {
    SCOPED_TRACE(p.name);
    for (const auto& e : endpoints(room_)) {
      auto target = e.target;
      if (auto at = target.find("{fresh invite}"); at != std::string::npos) {
        auto made = api("POST", "/api/rooms/" + room_ + "/invites",
                        {{"role", "observer"}, {"name", "待撤销"}}, mediator_.cookie);
        target.replace(at, std::string("{fresh invite}").size(),
                       made.json_body()["invite"]["id"].get<std::string>());
      }
      EXPECT_EQ(api(e.method, target, e.body, p.person.cookie).status, e.expect(p))
          << e.method << " " << target;
    }
  }
  for (const auto& p : table)
    EXPECT_EQ(api("POST", "/api/logout", nullptr, p.person.cookie).status, 204) << p.name;
  EXPECT_EQ(api("GET", "/api/me", nullptr, mediator_.cookie).status, 401);
}

}  // namespace
}  // namespace mr::test
