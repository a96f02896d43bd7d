// Issue 12 item 11: the contract is one contract. The server's reading of every client frame in
// the shared corpus (tests/data/contract) is the verdict recorded there; tests/e2e/contract.test.js
// holds protocol/schema to the same verdicts, so the two cannot drift apart.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "protocol/client_frames.hpp"

namespace mr::protocol {
namespace {

TEST(Contract, TheServerGivesEveryFrameOfTheCorpusItsRecordedVerdict) {
  std::ifstream in(std::string(TEST_DATA_DIR) + "/contract/client_frames.json");
  ASSERT_TRUE(in);
  const auto corpus = nlohmann::json::parse(in);
  ASSERT_GT(corpus["frames"].size(), 20u);
  for (const auto& entry : corpus["frames"]) {
    SCOPED_TRACE(entry["name"].get<std::string>());
    auto parsed = parse_client_frame(entry["frame"].dump());
    const auto* error = std::get_if<FrameError>(&parsed);
    EXPECT_EQ(error == nullptr, entry["valid"].get<bool>())
        << (error ? std::string(error->code) + ": " + error->message : std::string("accepted"));
  }
}

}  // namespace
}  // namespace mr::protocol
