// Secret tokens (invites, sessions): random, URL-safe, and stored only as a hash.
#include <gtest/gtest.h>

#include <set>

#include "crypto/encoding.hpp"
#include "crypto/password.hpp"
#include "crypto/random.hpp"
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
  auto hash = room::token_hash(token);
  EXPECT_EQ(hash.size(), 32u);
  EXPECT_EQ(hash, room::token_hash(token));
  EXPECT_NE(hash, room::token_hash(token + "x"));
  EXPECT_EQ(hash.find(token), std::string::npos);
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

namespace mr {
namespace {

TEST(RoomId, NeverLooksLikeACommandLineOption) {
  const auto dir = std::filesystem::temp_directory_path() / ("mr-ids-" + crypto::random_hex(4));
  auto store = store::open_sqlite_store(dir);
  store::Mediator m{"m1", "m1", "张三", "调委会", "x", 1};
  ASSERT_TRUE(store->add_mediator(m));
  // A leading '-' has a 1 in 32 chance per id if nothing prevents it.
  for (int i = 0; i < 200; ++i) {
    auto room = room::create_room(*store, m, "案件", "其他", {});
    ASSERT_TRUE(room);
    EXPECT_EQ(room->id.size(), 16u);
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(room->id.front()))) << room->id;
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mr
