#include "crypto/ed25519.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "crypto/encoding.hpp"

namespace mr::crypto {
namespace {

TEST(Ed25519, SignsAndVerifies) {
  auto key = Ed25519Key::generate();
  const std::string sig = key.sign("hello");
  EXPECT_EQ(sig.size(), 64u);
  EXPECT_EQ(key.public_key().size(), 32u);
  EXPECT_TRUE(ed25519_verify(key.public_key(), "hello", sig));
  EXPECT_FALSE(ed25519_verify(key.public_key(), "hellO", sig));
  std::string bad = sig;
  bad[10] ^= 1;
  EXPECT_FALSE(ed25519_verify(key.public_key(), "hello", bad));
  EXPECT_FALSE(ed25519_verify(Ed25519Key::generate().public_key(), "hello", sig));
  EXPECT_FALSE(ed25519_verify(key.public_key(), "hello", sig.substr(1)));
  EXPECT_FALSE(ed25519_verify("short", "hello", sig));
}

// RFC 8032 §7.1, test 2: a one-byte message.
TEST(Ed25519, MatchesRfc8032Vector) {
  auto seed = from_hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
  auto key = Ed25519Key::from_seed(*seed);
  ASSERT_TRUE(key);
  EXPECT_EQ(to_hex(key->public_key()),
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
  EXPECT_EQ(to_hex(key->sign(std::string(1, '\x72'))),
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
            "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
  EXPECT_FALSE(Ed25519Key::from_seed("too short"));
}

TEST(Ed25519, PemFileRoundTripIsPrivate) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("ed25519-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto key = Ed25519Key::generate();
  ASSERT_TRUE(key.save_pem_file(dir / "k.pem"));
  struct stat st {};
  ASSERT_EQ(::stat((dir / "k.pem").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::string why;
  auto loaded = Ed25519Key::load_pem_file(dir / "k.pem", &why);
  ASSERT_TRUE(loaded) << why;
  EXPECT_EQ(loaded->public_key(), key.public_key());
  EXPECT_FALSE(Ed25519Key::load_pem_file(dir / "missing.pem", &why));
  EXPECT_NE(why.find("missing.pem"), std::string::npos);
  // A PEM frame with nothing usable inside (built here: no key text lives in the repository).
  const std::string frame = "PRIVATE KEY-----\n";
  EXPECT_FALSE(Ed25519Key::from_pem("-----BEGIN " + frame + "AAAA\n-----END " + frame));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mr::crypto
