// The permission table, row by row (DESIGN §3).
#include "room/policy.hpp"

#include <gtest/gtest.h>

namespace mr::room {
namespace {

Identity person(Role role, std::optional<Side> side = std::nullopt) {
  return {"p", "name", role, side};
}

struct Row {
  Identity who;
  Channel channel;
  bool read, write;
};

TEST(Policy, EveryRoleAndChannel) {
  const auto mediator = person(Role::mediator);
  const auto party_a = person(Role::party, Side::A);
  const auto party_b = person(Role::party, Side::B);
  const auto advisor = person(Role::advisor);
  const auto observer = person(Role::observer);
  const Row rows[] = {
      {mediator, Channel::main, true, true},       {mediator, Channel::caucus_a, true, true},
      {mediator, Channel::caucus_b, true, true},   {mediator, Channel::consult, true, true},
      {party_a, Channel::main, true, true},        {party_a, Channel::caucus_a, true, true},
      {party_a, Channel::caucus_b, false, false},  {party_a, Channel::consult, false, false},
      {party_b, Channel::main, true, true},        {party_b, Channel::caucus_a, false, false},
      {party_b, Channel::caucus_b, true, true},    {party_b, Channel::consult, false, false},
      {advisor, Channel::main, false, false},      {advisor, Channel::caucus_a, false, false},
      {advisor, Channel::caucus_b, false, false},  {advisor, Channel::consult, true, true},
      {observer, Channel::main, true, false},      {observer, Channel::caucus_a, false, false},
      {observer, Channel::caucus_b, false, false}, {observer, Channel::consult, false, false},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(std::string(to_string(row.who.role)) + " " + std::string(to_string(row.channel)));
    EXPECT_EQ(allowed(row.who, Access::read, row.channel), row.read);
    EXPECT_EQ(allowed(row.who, Access::write, row.channel), row.write);
  }
}

TEST(Policy, APartyWithoutASideGetsNoCaucus) {
  auto odd = person(Role::party);
  EXPECT_FALSE(allowed(odd, Access::read, Channel::caucus_a));
  EXPECT_FALSE(allowed(odd, Access::read, Channel::caucus_b));
}

TEST(Policy, AnAdvisorBroughtInReadsAndWritesMain) {
  auto advisor = person(Role::advisor);
  EXPECT_TRUE(allowed(advisor, Access::read, Channel::main, true));
  EXPECT_TRUE(allowed(advisor, Access::write, Channel::main, true));
  EXPECT_TRUE(allowed(advisor, Access::write, Channel::consult, true));
  EXPECT_FALSE(allowed(advisor, Access::read, Channel::caucus_a, true));
  // Being "in main" gives nothing to the other roles.
  EXPECT_FALSE(allowed(person(Role::observer), Access::write, Channel::main, true));
  EXPECT_FALSE(allowed(person(Role::party, Side::A), Access::read, Channel::caucus_b, true));
  EXPECT_EQ(home_channel(Role::advisor, true), Channel::main);
}

TEST(Policy, AdvisorsArriveInConsult) {
  EXPECT_EQ(home_channel(Role::advisor), Channel::consult);
  EXPECT_EQ(home_channel(Role::party), Channel::main);
  EXPECT_EQ(home_channel(Role::observer), Channel::main);
}

TEST(Policy, NamesRoundTrip) {
  for (auto c : kAllChannels) EXPECT_EQ(parse_channel(to_string(c)), c);
  EXPECT_EQ(parse_channel("caucus:a"), std::nullopt);
  EXPECT_EQ(parse_role("judge"), std::nullopt);
  EXPECT_EQ(parse_side("C"), std::nullopt);
}

}  // namespace
}  // namespace mr::room
