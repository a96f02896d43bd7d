// The production event writer (record::make_event): the header it writes by hand is exactly the
// canonical form of its nine members, and it commits to the body with the salted hash.
#include "record/event.hpp"

#include <gtest/gtest.h>

#include <set>

#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"
#include "record/canonical_json.hpp"

namespace mr::record {
namespace {

const nlohmann::json kBody = {{"text", "你好\n"}, {"client_id", "c1"}};

Event message_by(const std::string& actor) {
  return make_event("Rm_x-1", 42, 1795887828066, actor, "message", "caucus:A", kBody);
}

TEST(EventHeader, IsTheCanonicalFormOfItsMembers) {
  for (const std::string actor : {"3af6dedfc5f5", "server", "odd \"actor\"\n"}) {
    auto e = message_by(actor);
    auto parsed = nlohmann::json::parse(e.header);
    EXPECT_EQ(to_canonical(parsed), e.header);
    EXPECT_EQ(parsed["actor"], actor);
    EXPECT_EQ(parsed["seq"], 42);
    EXPECT_EQ(parsed["time"], 1795887828066);
    EXPECT_EQ(parsed["room"], "Rm_x-1");
    EXPECT_EQ(parsed["kind"], "message");
    EXPECT_EQ(parsed["channel"], "caucus:A");
    EXPECT_EQ(parsed["v"], 1);
    EXPECT_EQ(parsed.size(), 9u);
  }
}

// RECORD.md §2: body_sha256 = SHA-256(salt bytes || body bytes), the salt hashed raw, not as hex.
TEST(EventHeader, CommitsToTheBodyWithItsSaltedHash) {
  auto e = message_by("3af6dedfc5f5");
  EXPECT_EQ(e.body, to_canonical(kBody));
  auto header = nlohmann::json::parse(e.header);
  auto salt = crypto::from_hex(header["salt"].get<std::string>());
  ASSERT_TRUE(salt);
  EXPECT_EQ(salt->size(), kSaltBytes);
  EXPECT_EQ(header["body_sha256"], crypto::to_hex(crypto::as_view(crypto::sha256(*salt + e.body))));
  EXPECT_NE(header["body_sha256"], crypto::sha256_hex(e.body));  // the salt is really in it
}

// A left-out body cannot be confirmed by hashing a guess: every event gets its own salt.
TEST(EventHeader, EachEventHasAFreshSalt) {
  std::set<std::string> salts;
  for (int i = 0; i < 50; ++i)
    salts.insert(nlohmann::json::parse(message_by("server").header)["salt"].get<std::string>());
  EXPECT_EQ(salts.size(), 50u);
}

TEST(EventHeader, TakesAGivenSaltOfSixteenBytesOnly) {
  const std::string salt(kSaltBytes, '\x07');
  auto e = make_event("Rm_x-1", 0, 1, "server", "message", "main", kBody, salt);
  EXPECT_EQ(nlohmann::json::parse(e.header)["salt"], crypto::to_hex(salt));
  EXPECT_THROW(make_event("Rm_x-1", 0, 1, "server", "message", "main", kBody, "short"),
               std::invalid_argument);
}

}  // namespace
}  // namespace mr::record
