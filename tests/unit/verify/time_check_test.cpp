// Step 8a of the verifier (verify/time_check): the time a checkpoint is proven by, from a real
// TSA's token (support/local_tsa). What key windows alone cannot catch is caught here: a retired
// key signing an old tree size later, which the TSA's time gives away.
#include "verify/time_check.hpp"

#include <gtest/gtest.h>

#include "local_tsa.hpp"

namespace mr::verify {
namespace {

using mr::test::LocalTsa;

constexpr std::int64_t kTsaTime = 1764620000000;  // 2025-12-01T20:13:20Z
const std::string kNote = "mediation-room.localhost/room/r1\n5\nAAAA\n\n— k sig\n";

class TimeCheck : public ::testing::Test {
 protected:
  void SetUp() override {
    tsa_.set_time(kTsaTime);
    const auto request = crypto::make_timestamp_request(kNote);
    token_ = std::get<0>(crypto::token_from_reply(tsa_.reply(request.der), request, trust()));
  }
  crypto::TimestampTrust trust() const {
    return crypto::TimestampTrust::from_pem(tsa_.ca_pem()).value();
  }
  // Signed by a key valid over [from, until]; its last event logged at kTsaTime - 5 s.
  CheckpointToCheck checkpoint(std::int64_t from, std::optional<std::int64_t> until,
                               const std::string* token) const {
    return {5, &kNote, token, "mediation-room.localhost/key-1", from, until, kTsaTime - 5000};
  }

  LocalTsa tsa_;
  std::string token_;
};

TEST_F(TimeCheck, ATokenWithinTheKeysWindowProvesTheTsasTime) {
  auto found =
      check_checkpoint_times({checkpoint(kTsaTime - 60000, std::nullopt, &token_)}, trust());
  ASSERT_FALSE(found.fault) << found.fault->message();
  ASSERT_EQ(found.times.size(), 1u);
  EXPECT_EQ(found.times[0].source, CheckpointTime::Source::tsa);
  EXPECT_EQ(found.times[0].time_ms, kTsaTime);
  EXPECT_NE(found.times[0].tsa.find("CN=Test TSA"), std::string::npos);
}

TEST_F(TimeCheck, ARetiredKeySigningAnOldTreeSizeLaterIsCaughtByTheTokensTime) {
  // The events' times are inside the window (the old size), but the TSA saw the note later.
  auto found =
      check_checkpoint_times({checkpoint(kTsaTime - 60000, kTsaTime - 2000, &token_)}, trust());
  ASSERT_TRUE(found.fault);
  EXPECT_EQ(found.fault->file, "checkpoints/5.tst");
  EXPECT_NE(found.fault->what.find("after it was retired"), std::string::npos)
      << found.fault->message();
  // A key made only after the TSA saw the note cannot have signed it.
  auto early =
      check_checkpoint_times({checkpoint(kTsaTime + 60000, std::nullopt, &token_)}, trust());
  ASSERT_TRUE(early.fault);
  EXPECT_NE(early.fault->what.find("before key"), std::string::npos) << early.fault->message();
}

TEST_F(TimeCheck, WithoutATokenTheTimeIsTheServersOwnAndWithoutTrustItIsUnchecked) {
  auto own = check_checkpoint_times({checkpoint(0, std::nullopt, nullptr)}, trust());
  ASSERT_FALSE(own.fault);
  EXPECT_EQ(own.times[0].source, CheckpointTime::Source::server);
  EXPECT_EQ(own.times[0].time_ms, kTsaTime - 5000);
  // Without trust even a retired key's window is not judged: the token's time proves nothing.
  auto unchecked = check_checkpoint_times({checkpoint(0, kTsaTime - 2000, &token_)}, std::nullopt);
  ASSERT_FALSE(unchecked.fault);
  EXPECT_EQ(unchecked.times[0].source, CheckpointTime::Source::unchecked);
}

TEST_F(TimeCheck, ATokenOverOtherBytesOrFromAnotherTsaIsNamed) {
  const std::string other_note = kNote + "x";
  CheckpointToCheck moved{6, &other_note, &token_, "k", 0, std::nullopt, 0};
  for (const auto& trust_or_not :
       {std::optional(trust()), std::optional<crypto::TimestampTrust>()}) {
    auto found = check_checkpoint_times({moved}, trust_or_not);
    ASSERT_TRUE(found.fault);
    EXPECT_EQ(found.fault->file, "checkpoints/6.tst");
    EXPECT_NE(found.fault->what.find("does not stamp checkpoints/6.note"), std::string::npos);
  }
  LocalTsa other("Other TSA");
  auto untrusted = check_checkpoint_times({checkpoint(0, std::nullopt, &token_)},
                                          crypto::TimestampTrust::from_pem(other.ca_pem()).value());
  ASSERT_TRUE(untrusted.fault);
  EXPECT_NE(untrusted.fault->what.find("unconfigured TSA"), std::string::npos);
  const std::string junk = "junk";
  auto malformed = check_checkpoint_times({checkpoint(0, std::nullopt, &junk)}, trust());
  ASSERT_TRUE(malformed.fault);
  EXPECT_NE(malformed.fault->what.find("not an RFC 3161"), std::string::npos);
}

}  // namespace
}  // namespace mr::verify
