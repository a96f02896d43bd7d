#include "record/server_keys.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "../verify/session_fixture.hpp"
#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"

namespace mr::record {
namespace {

using testing_support::fresh_dir;

unsigned mode_of(const std::filesystem::path& p) {
  struct stat st {};
  ::stat(p.c_str(), &st);
  return st.st_mode & 0777;
}

TEST(ServerKeys, CreatesAPrivateKeyOnFirstUse) {
  const auto dir = fresh_dir("keys-create");
  auto keys = ServerKeys::load_or_create(dir, "court.example", 1000);
  EXPECT_EQ(mode_of(dir / "keys"), 0700u);
  EXPECT_EQ(mode_of(dir / "keys" / "key-1.pem"), 0600u);
  ASSERT_EQ(keys.list().size(), 1u);
  const ServerKey& k = keys.current();
  EXPECT_EQ(k.name, "court.example/key-1");
  EXPECT_EQ(k.public_key, keys.current_signer().public_key());
  EXPECT_EQ(k.fingerprint, crypto::sha256_hex(k.public_key));
  EXPECT_EQ(k.key_id, key_id_hex(note_key_id(k.name, k.public_key)));
  EXPECT_EQ(k.valid_from_ms, 1000);
  EXPECT_FALSE(k.valid_until_ms);

  auto again = ServerKeys::load_or_create(dir, "court.example", 5000);
  EXPECT_EQ(again.current().public_key, k.public_key);
  EXPECT_EQ(again.current().valid_from_ms, 1000);
  std::filesystem::remove_all(dir);
}

TEST(ServerKeys, RotationKeepsTheOldKeyListedWithItsWindow) {
  const auto dir = fresh_dir("keys-rotate");
  auto keys = ServerKeys::load_or_create(dir, kDefaultServerName, 1000);
  const std::string old_public = keys.current().public_key;
  keys.rotate(2000);
  ASSERT_EQ(keys.list().size(), 2u);
  EXPECT_EQ(keys.list()[0].valid_until_ms, 2000);
  EXPECT_EQ(keys.current().valid_from_ms, 2000);
  EXPECT_FALSE(keys.current().valid_until_ms);
  EXPECT_NE(keys.current().public_key, old_public);
  EXPECT_EQ(keys.current().public_key, keys.current_signer().public_key());

  auto reloaded = ServerKeys::load_or_create(dir);
  ASSERT_EQ(reloaded.list().size(), 2u);
  EXPECT_EQ(reloaded.list()[0].public_key, old_public);
  EXPECT_EQ(reloaded.list()[0].valid_until_ms, 2000);
  EXPECT_EQ(reloaded.current().public_key, keys.current().public_key);
  EXPECT_EQ(reloaded.find("mediation-room.localhost/key-1")->public_key, old_public);

  // Checkpoints signed with the current key verify with the listed public key.
  const std::string note = reloaded.sign_checkpoint("o/room/r", 1, leaf_hash("a"));
  auto parsed = parse_checkpoint(note);
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(
      verify_note_signature(parsed->note, reloaded.current().name, reloaded.current().public_key));

  const auto listing = nlohmann::json::parse(reloaded.public_listing_json());
  ASSERT_EQ(listing["keys"].size(), 2u);
  EXPECT_EQ(listing["keys"][0]["valid_until_ms"], 2000);
  EXPECT_TRUE(listing["keys"][1]["valid_until_ms"].is_null());
  EXPECT_EQ(listing["keys"][1]["public_key"], crypto::to_base64(reloaded.current().public_key));
  EXPECT_FALSE(listing["keys"][0].contains("file"));
  std::filesystem::remove_all(dir);
}

TEST(ServerKeys, RefusesAnInconsistentKeyDirectory) {
  const auto dir = fresh_dir("keys-bad");
  ServerKeys::load_or_create(dir);
  {
    std::ofstream f(dir / "keys" / "key-1.pem", std::ios::trunc);
    f << crypto::Ed25519Key::generate().to_pem();
  }
  EXPECT_THROW(ServerKeys::load_or_create(dir), std::runtime_error);
  {
    std::ofstream f(dir / "keys" / "keys.json", std::ios::trunc);
    f << "not json";
  }
  EXPECT_THROW(ServerKeys::load_or_create(dir), std::runtime_error);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mr::record
