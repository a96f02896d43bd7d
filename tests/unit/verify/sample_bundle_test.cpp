#include <gtest/gtest.h>

#include "record/bundle_writer.hpp"
#include "session_fixture.hpp"
#include "verify/bundle_verifier.hpp"

namespace mr::verify {
namespace {

using namespace mr::testing_support;

const std::filesystem::path kSample = std::filesystem::path(TEST_DATA_DIR) / "sample-bundle.zip";

// The committed sample (tests/data/README.md) keeps verifying: the format has not drifted.
TEST(VerifySample, CommittedSampleBundleVerifies) {
  auto r =
      verify_bundle(kSample, "d1b47ef5238b04fae0243ba0bd44536ae1201a27a6f47a1ff1f3e6b884bddfe5");
  ASSERT_TRUE(r.ok) << r.fault->message();
  EXPECT_EQ(r.summary.room, kRoom);
  EXPECT_EQ(r.summary.title, "物业费纠纷 <一期>");
  EXPECT_EQ(r.summary.events, 12u);
  EXPECT_EQ(r.summary.checkpoints, 3u);
  EXPECT_EQ(r.summary.final_root,
            "24e91b2142f3f40795572d6f5534fc0c2f262de1198bb9b9efa304844e88cdf2");
}

// Regenerates the sample: --gtest_also_run_disabled_tests --gtest_filter='*WriteSampleBundle'.
TEST(VerifySample, DISABLED_WriteSampleBundle) {
  Session s("sample");
  s.write();
  auto keys = s.keys();
  auto db = s.store();
  auto result =
      record::export_bundle(*db, kRoom, keys, false, kSample, {.now_ms = kStart + 7200000});
  ASSERT_TRUE(result.ok) << result.error;
  std::cout << "fingerprint " << keys.current().fingerprint << "\nroot " << result.root_hex << "\n";
}

}  // namespace
}  // namespace mr::verify
