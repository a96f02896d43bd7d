// The act frames' arguments are checked against the published schema itself, and the schema and
// the server's permission table name the same acts.
#include "protocol/act_schemas.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "room/permissions.hpp"

namespace mr::protocol {
namespace {

using nlohmann::json;

TEST(ActSchemas, GoodArgumentsPassAndBadOnesAreNamed) {
  auto acts = ActSchemas::load(SCHEMA_DIR);
  EXPECT_FALSE(acts->check("case.suspend", {{"reason", "住院"}}));
  EXPECT_FALSE(acts->check("identity.check", {{"participant", "0123456789ab"},
                                              {"method", "in_person"},
                                              {"document", "330102199001011234"}}));
  auto why =
      acts->check("identity.check",
                  {{"participant", "0123456789ab"}, {"method", "palm_reading"}, {"document", "x"}});
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("method"), std::string::npos) << *why;
  EXPECT_TRUE(acts->check("case.suspend", {{"reason", ""}}));                 // empty text
  EXPECT_TRUE(acts->check("case.suspend", {{"reason", "x"}, {"extra", 1}}));  // unknown member
  EXPECT_TRUE(acts->check("phase.advance", json::object()));                  // missing member
  EXPECT_TRUE(acts->check(
      "facts.confirm",
      {{"entry", "e1"}, {"version", 0}, {"sha256", std::string(64, 'a')}, {"confirm", true}}));
  EXPECT_TRUE(acts->check("no.such", json::object()));
}

TEST(ActSchemas, TheSchemaAndThePermissionTableNameTheSameActs) {
  std::ifstream in(std::string(SCHEMA_DIR) + "/client/act.schema.json");
  auto schema = json::parse(in);
  std::size_t named = 0;
  for (const auto& [name, _] : schema["$defs"].items()) {
    EXPECT_TRUE(room::parse_action(name)) << name << " is in the schema, not in the table";
    ++named;
  }
  EXPECT_EQ(named, 30u);  // every row of the table but send, advisor_access and document_share
}

}  // namespace
}  // namespace mr::protocol
