// The administration commands (README "Configuration") on a data directory, with --json as a
// script reads them and the plain line a person reads.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "server_process.hpp"
#include "tls_client.hpp"

namespace mr::test {
namespace {

class Cli : public ::testing::Test {
 protected:
  void TearDown() override { std::filesystem::remove_all(dir_); }

  json cli_json(std::vector<std::string> args) {
    args.insert(args.end(), {"--data", dir_.string(), "--json"});
    return json::parse(run_cli(args));
  }
  CliResult cli_status(std::vector<std::string> args) {
    args.insert(args.end(), {"--data", dir_.string(), "--json"});
    return run_cli_status(args);
  }
  json add_mediator() {
    return cli_json({"mediator", "add", "--login", "m1", "--name", "张三", "--org", "西湖区调委会",
                     "--password", "correct-horse"});
  }
  std::string create_room() {
    add_mediator();
    return cli_json({"room", "create", "--mediator", "m1", "--title", "劳动报酬纠纷", "--field",
                     "劳动社保", "--party-a", "李四", "--party-b", "某公司"})["id"];
  }

  std::filesystem::path dir_ = fresh_dir("cli");
};

TEST_F(Cli, MediatorsAreAddedAndListedWithoutTheirPasswords) {
  auto m1 = add_mediator();
  EXPECT_EQ(m1,
            (json{{"id", m1["id"]}, {"login", "m1"}, {"name", "张三"}, {"org", "西湖区调委会"}}));
  // Without --password a random one is made and shown once.
  auto m2 = cli_json({"mediator", "add", "--login", "m2", "--name", "李调解", "--org", "调委会"});
  EXPECT_GE(m2["password"].get<std::string>().size(), 16u);

  auto again = cli_status({"mediator", "add", "--login", "m1", "--name", "x", "--org", "y",
                           "--password", "another-horse"});
  EXPECT_EQ(again.status, 1);
  EXPECT_EQ(json::parse(again.output)["error"], "conflict");

  auto listed = cli_json({"mediator", "list"});
  ASSERT_EQ(listed.size(), 2u);
  std::set<std::string> logins;
  for (const auto& m : listed) logins.insert(m["login"]);
  EXPECT_EQ(logins, (std::set<std::string>{"m1", "m2"}));
  EXPECT_EQ(listed.dump().find("argon2"), std::string::npos);
  EXPECT_EQ(listed.dump().find(m2["password"].get<std::string>()), std::string::npos);
}

TEST_F(Cli, RoomsAreCreatedAndListed) {
  const auto id = create_room();
  EXPECT_EQ(id.size(), 16u);
  auto rooms = cli_json({"room", "list"});
  ASSERT_EQ(rooms.size(), 1u);
  EXPECT_EQ(rooms[0]["id"], id);
  EXPECT_EQ(rooms[0]["title"], "劳动报酬纠纷");
  EXPECT_EQ(rooms[0]["field"], "劳动社保");
  EXPECT_EQ(rooms[0]["epoch"], 1);
  // The plain listing is one tab-separated line per room.
  EXPECT_EQ(run_cli({"room", "list", "--data", dir_.string()}), id + "\t劳动社保\t劳动报酬纠纷\n");

  auto bad_field =
      cli_status({"room", "create", "--mediator", "m1", "--title", "t", "--field", "火星"});
  EXPECT_EQ(bad_field.status, 1);
  EXPECT_EQ(json::parse(bad_field.output)["error"], "bad_request");
  auto no_mediator =
      cli_status({"room", "create", "--mediator", "nobody", "--title", "t", "--field", "其他"});
  EXPECT_EQ(no_mediator.status, 1);
  EXPECT_EQ(json::parse(no_mediator.output)["error"], "not_found");
  EXPECT_EQ(cli_json({"room", "list"}).size(), 1u);
}

TEST_F(Cli, InvitesAreCreatedWithAQrCodeListedAndRevoked) {
  const auto room = create_room();
  const auto qr = dir_ / "link.svg";
  auto made = cli_json({"invite", "create", room, "--role", "party", "--side", "B", "--name",
                        "代理人", "--base-url", "https://调解.example", "--qr", qr.string()});
  const std::string link = made["link"];
  ASSERT_EQ(link.rfind("https://调解.example/join#", 0), 0u) << link;
  EXPECT_EQ(link.size() - link.find('#') - 1, 43u);
  EXPECT_EQ(made["participant"]["role"], "party");
  EXPECT_EQ(made["participant"]["side"], "B");
  std::ifstream in(qr);
  const std::string svg((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);

  // Without --json, the link alone: what a mediator pastes into a message.
  const auto plain = run_cli({"invite", "create", room, "--data", dir_.string(), "--role",
                              "observer", "--name", "旁听人"});
  EXPECT_EQ(plain.rfind("https://localhost:8443/join#", 0), 0u) << plain;

  auto listed = cli_json({"invite", "list", room});
  ASSERT_EQ(listed.size(), 2u);
  const std::string id = made["invite"];
  for (const auto& i : listed) EXPECT_TRUE(i["revoked_at"].is_null()) << i;
  EXPECT_EQ(listed.dump().find(link.substr(link.find('#') + 1)), std::string::npos);

  EXPECT_EQ(cli_json({"invite", "revoke", id}), (json{{"revoked", id}}));
  for (const auto& i : cli_json({"invite", "list", room}))
    EXPECT_EQ(i["revoked_at"].is_null(), i["id"] != id) << i;
  auto twice = cli_status({"invite", "revoke", id});
  EXPECT_EQ(twice.status, 1);
  EXPECT_EQ(json::parse(twice.output)["error"], "not_found");
}

}  // namespace
}  // namespace mr::test

namespace mr::test {
namespace {

// Issue 12 item 16: `keys --json` names its members as keys.json and /api/keys do (RECORD.md §6),
// so one listing can be handed to `verify --server-keys` whichever way it was obtained.
TEST(CliKeys, KeysJsonNamesTheMembersAsTheKeyListingDoes) {
  const auto dir = fresh_dir("cli-keys");
  auto keys = json::parse(run_cli({"keys", "--data", dir.string(), "--json"}));
  ASSERT_EQ(keys.size(), 1u);
  std::set<std::string> members;
  for (const auto& [name, _] : keys[0].items()) members.insert(name);
  EXPECT_EQ(members, (std::set<std::string>{"name", "key_id", "public_key", "fingerprint",
                                            "valid_from_ms", "valid_until_ms"}));
  EXPECT_TRUE(keys[0]["valid_until_ms"].is_null());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mr::test
