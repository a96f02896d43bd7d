// Issue 12 item 11: the contract is one contract, for HTTP bodies too. The server's reading of
// every body of the shared corpus (tests/data/contract/http_requests.json) is the verdict recorded
// there; tests/e2e/contract.test.js holds protocol/schema/http to the same verdicts.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "api/request_bodies.hpp"

namespace mr::api {
namespace {

TEST(RequestContract, TheServerGivesEveryBodyOfTheCorpusItsRecordedVerdict) {
  std::ifstream in(std::string(TEST_DATA_DIR) + "/contract/http_requests.json");
  ASSERT_TRUE(in);
  const auto corpus = nlohmann::json::parse(in);
  ASSERT_GT(corpus["bodies"].size(), 50u);
  for (const auto& entry : corpus["bodies"]) {
    SCOPED_TRACE(entry["name"].get<std::string>());
    const auto problem = request_problem(entry["schema"].get<std::string>(), entry["body"]);
    EXPECT_EQ(!problem.has_value(), entry["valid"].get<bool>()) << problem.value_or("accepted");
  }
}

// Every request schema in the corpus has a reader, and every reader is in the corpus with bodies
// it accepts and bodies it refuses, so a new endpoint's body cannot go untested.
TEST(RequestContract, EveryRequestSchemaHasValidAndInvalidBodiesInTheCorpus) {
  std::ifstream in(std::string(TEST_DATA_DIR) + "/contract/http_requests.json");
  const auto corpus = nlohmann::json::parse(in);
  std::map<std::string, std::pair<int, int>> counts;  // schema -> (valid, invalid)
  for (const auto& entry : corpus["bodies"]) {
    auto& c = counts[entry["schema"].get<std::string>()];
    (entry["valid"].get<bool>() ? c.first : c.second)++;
  }
  for (const auto* schema : {"login.request", "join.request", "room-create.request",
                             "invite-create.request", "upload-create.request", "export.query"}) {
    SCOPED_TRACE(schema);
    EXPECT_GT(counts[schema].first, 0);
    EXPECT_GT(counts[schema].second, 0);
  }
  EXPECT_EQ(counts.size(), 6u);
}

}  // namespace
}  // namespace mr::api
