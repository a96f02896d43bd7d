// Secret tokens (invites, sessions): random, URL-safe, and stored only as a hash.
#include <gtest/gtest.h>

#include <set>

#include "crypto/encoding.hpp"
#include "crypto/password.hpp"
#include "crypto/random.hpp"
#include "crypto/sha256.hpp"
#include "room/case_admin.hpp"

namespace mr {
namespace {

TEST(Token, IsA256BitUrlSafeSecret) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    auto token = crypto::random_token();
    EXPECT_EQ(token.size(), 43u);
    EXPECT_EQ(
        token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);
    auto raw = crypto::from_base64url(token);
    ASSERT_TRUE(raw);
    EXPECT_EQ(raw->size(), 32u);
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(Token, IsStoredAsItsSha256) {
  auto token = crypto::random_token();
  EXPECT_EQ(room::token_hash(token), std::string(crypto::as_view(crypto::sha256(token))));
  // A known answer, so a hash of something else (the decoded bytes, say) is caught too.
  EXPECT_EQ(crypto::to_hex(room::token_hash("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Encoding, RoundTripsAndRejectsGarbage) {
  for (std::string bytes : {"", "f", "fo", "foo", "foob", "fooba", "foobar", "\xff\x00\x10"}) {
    EXPECT_EQ(crypto::from_base64url(crypto::to_base64url(bytes)), bytes);
    EXPECT_EQ(crypto::from_base64(crypto::to_base64(bytes)), bytes);
    EXPECT_EQ(crypto::from_hex(crypto::to_hex(bytes)), bytes);
  }
  EXPECT_EQ(crypto::to_base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(crypto::to_base64("fo"), "Zm8=");
  EXPECT_FALSE(crypto::from_base64url("a+b/"));
  EXPECT_FALSE(crypto::from_base64url("a"));
  EXPECT_FALSE(crypto::from_hex("abc"));
  EXPECT_FALSE(crypto::from_hex("zz"));
}

TEST(Password, Argon2idHashVerifiesOnlyTheRightPassword) {
  auto hash = crypto::hash_password("correct-horse");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(crypto::verify_password(hash, "correct-horse"));
  EXPECT_FALSE(crypto::verify_password(hash, "correct-horsE"));
  EXPECT_NE(hash, crypto::hash_password("correct-horse"));  // salted
}

}  // namespace
}  // namespace mr
