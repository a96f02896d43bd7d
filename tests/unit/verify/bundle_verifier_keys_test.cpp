// RECORD.md §7 steps 3, 4 and 8: the key listing recomputes, the manifest is signed by the
// current key, and every checkpoint by a listed key, within its window, for this room's log.
// Each bundle is re-signed as an insider could, so only the check named can catch it.
#include <gtest/gtest.h>

#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"
#include "record/checkpoint.hpp"
#include "verify_bundle_fixture.hpp"

namespace mr::verify {
namespace {

using nlohmann::json;

class VerifyKeys : public VerifyBundle {
 protected:
  json listing() const { return json::parse(files_.at("keys/keys.json")); }
  // Replaces keys/keys.json with `keys` and re-signs the manifest with the current key.
  Files with_listing(const json& keys) {
    Files f = files_;
    f["keys/keys.json"] = keys.dump(2);
    resign(f);
    return f;
  }
  // The correct checkpoint of the first `size` events, under another origin or key.
  std::string checkpoint(std::uint64_t size, const std::string& origin, const std::string& key_name,
                         const crypto::Ed25519Key& key) const {
    return record::sign_checkpoint(origin, size, root_of(size), key_name, key);
  }
};

TEST_F(VerifyKeys, AFingerprintOrKeyIdThatDoesNotRecomputeIsCaught) {
  const auto& key = keys_->current();
  for (const auto& [member, forged, expected] :
       {std::tuple<std::string, std::string, std::string>{
            "fingerprint", crypto::sha256_hex("another key"), key.fingerprint},
        {"key_id", "00000000", key.key_id}}) {
    SCOPED_TRACE(member);
    auto keys = listing();
    keys["keys"][0][member] = forged;
    auto r = check(with_listing(keys));
    const auto what = member == "key_id" ? "key id" : member;
    ASSERT_TRUE(
        fault_is(r, "keys/keys.json", std::nullopt, what + " of key '" + key.name + "' is wrong"));
    EXPECT_EQ(r.fault->expected, expected);
  }
}

// Two entries of one name: a checkpoint's signature line could be matched against either.
TEST_F(VerifyKeys, AKeyNameListedTwiceIsCaught) {
  auto keys = listing();
  auto other = crypto::Ed25519Key::generate();
  json twin = keys["keys"][0];
  twin["public_key"] = crypto::to_base64(other.public_key());
  twin["fingerprint"] = crypto::sha256_hex(other.public_key());
  twin["key_id"] =
      record::key_id_hex(record::note_key_id(twin["name"].get<std::string>(), other.public_key()));
  keys["keys"].insert(keys["keys"].begin(), twin);
  ASSERT_TRUE(fault_is(check(with_listing(keys)), "keys/keys.json", std::nullopt,
                       "key '" + keys_->current().name + "' is listed twice"));
}

// A bundle is made now, so its manifest is signed by the key that is current now.
TEST_F(VerifyKeys, AManifestSignedByARetiredKeyIsCaught) {
  auto keys = listing();
  keys["keys"][0]["valid_until_ms"] = kStart + 3600000;
  ASSERT_TRUE(fault_is(check(with_listing(keys)), "manifest.sig", std::nullopt,
                       "signed by key '" + keys_->current().name + "', which was already retired"));
}

// A retired key (its private half perhaps leaked since) may have signed only what was logged
// before its retirement.
TEST_F(VerifyKeys, ACheckpointByARetiredKeyCoveringLaterEventsIsCaught) {
  auto old_key = crypto::Ed25519Key::generate();
  const std::string old_name = "mediation-room.localhost/key-0";
  const std::int64_t retired = kStart + 10 * 60000;  // after event 10, before event 11
  auto keys = listing();
  keys["keys"].insert(
      keys["keys"].begin(),
      json{{"name", old_name},
           {"key_id", record::key_id_hex(record::note_key_id(old_name, old_key.public_key()))},
           {"public_key", crypto::to_base64(old_key.public_key())},
           {"fingerprint", crypto::sha256_hex(old_key.public_key())},
           {"valid_from_ms", kStart - 1},
           {"valid_until_ms", retired}});
  Files f = files_;
  f["keys/keys.json"] = keys.dump(2);
  const auto origin = record::room_origin(kRoom);
  f["checkpoints/12.note"] = checkpoint(12, origin, old_name, old_key);
  resign(f);
  auto r = check(f);
  ASSERT_TRUE(fault_is(r, "checkpoints/12.note", 11,
                       "signed by key '" + old_name + "' after it was retired"));

  // Within its window the same key is believed.
  f.erase("checkpoints/12.note");
  f["checkpoints/11.note"] = checkpoint(11, origin, old_name, old_key);
  f["checkpoints/12.note"] = files_.at("checkpoints/12.note");
  resign(f);
  auto within = check(f);
  EXPECT_TRUE(within.ok) << within.fault->message();
}

TEST_F(VerifyKeys, ACheckpointOfAnotherLogOriginIsCaught) {
  Files f = files_;
  f["checkpoints/10.note"] = checkpoint(10, "other.example/room/" + std::string(kRoom),
                                        keys_->current().name, keys_->current_signer());
  resign(f);
  auto r = check(f);
  ASSERT_TRUE(
      fault_is(r, "checkpoints/10.note", std::nullopt, "origin does not name this room's log"));
  EXPECT_EQ(r.fault->expected, record::room_origin(kRoom));
  EXPECT_EQ(r.fault->found, "other.example/room/" + std::string(kRoom));
}

TEST_F(VerifyKeys, ACheckpointOfAnotherRoomIsCaught) {
  Files f = files_;
  const auto other_room = record::room_origin("OtherRoom0000001");
  f["checkpoints/5.note"] =
      checkpoint(5, other_room, keys_->current().name, keys_->current_signer());
  resign(f);
  auto r = check(f);
  ASSERT_TRUE(
      fault_is(r, "checkpoints/5.note", std::nullopt, "origin does not name this room's log"));
  EXPECT_EQ(r.fault->found, other_room);
}

}  // namespace
}  // namespace mr::verify
