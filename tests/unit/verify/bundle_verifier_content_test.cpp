// RECORD.md §7 steps 1, 6, 7 and 9 on a bundle an insider re-signed: the archive is safe to
// read, every header and body is canonical, bodies match the log, and the counts agree.
#include <gtest/gtest.h>

#include "raw_zip.hpp"
#include "verify_bundle_fixture.hpp"

namespace mr::verify {
namespace {

using namespace mr::testing_support;

using VerifyContent = VerifyBundle;

TEST_F(VerifyContent, AnArchiveWithAnUnsafeNameIsRefusedBeforeAnythingElse) {
  std::vector<RawEntry> entries;
  for (const auto& [name, data] : files_) entries.push_back({name, data});
  entries.push_back({"../VERIFY.txt", "run this instead"});
  const auto path = session_.dir() / "escape.zip";
  write_raw_zip(entries, path);
  ASSERT_TRUE(fault_is(verify_bundle(path), "escape.zip", std::nullopt,
                       "zip entry '../VERIFY.txt' has an unsafe path"));
}

TEST_F(VerifyContent, ANonCanonicalHeaderLineIsCaught) {
  auto f = files_;
  auto lines = headers();
  lines[2].insert(1, " ");  // the same JSON value, other bytes: a different leaf
  f["events/headers.jsonl"] = join_lines(lines);
  resign(f);
  ASSERT_TRUE(fault_is(check(f), "events/headers.jsonl", 2, "line 3 is not canonical JSON"));
}

TEST_F(VerifyContent, ANonCanonicalBodyIsCaught) {
  auto f = files_;
  auto body = nlohmann::json::parse(f["events/bodies/4.json"]);
  // Members out of byte order: what a re-serialising tool might write.
  f["events/bodies/4.json"] =
      R"({"text":)" + body["text"].dump() + R"(,"client_id":)" + body["client_id"].dump() + "}";
  resign(f);
  ASSERT_TRUE(fault_is(check(f), "events/bodies/4.json", 4, "body is not canonical JSON"));
}

TEST_F(VerifyContent, ABodyForAnEventTheLogDoesNotHaveIsCaught) {
  auto f = files_;
  f["events/bodies/99.json"] = R"({"text":"从未记录"})";
  resign(f);
  ASSERT_TRUE(
      fault_is(check(f), "events/bodies/99.json", 99, "a body for an event the log does not have"));
}

// Only private bodies may be left out; a missing main message or procedural event is a fault.
TEST_F(VerifyContent, AMissingAlwaysIncludedBodyIsCaught) {
  for (const auto& [seq, kind] : std::vector<std::pair<int, std::string>>{
           {0, "room.created"}, {3, "participant.joined"}, {4, "message"}}) {
    SCOPED_TRACE(kind);
    auto f = files_;
    const auto name = "events/bodies/" + std::to_string(seq) + ".json";
    f.erase(name);
    resign(f);
    ASSERT_TRUE(fault_is(check(f), name, seq, "missing: the body of a " + kind + " event in main"));
  }
}

TEST_F(VerifyContent, AnEventCountThatDiffersFromTheHeadersIsCaught) {
  auto f = files_;
  auto& manifest = f["manifest.json"];
  manifest.replace(manifest.find("\"events\":12"), 11, "\"events\":13");
  resign(f);
  auto r = check(f);
  ASSERT_TRUE(
      fault_is(r, "manifest.json", std::nullopt, "event count differs from events/headers.jsonl"));
  EXPECT_EQ(r.fault->expected, "12");
  EXPECT_EQ(r.fault->found, "13");
}

}  // namespace
}  // namespace mr::verify
