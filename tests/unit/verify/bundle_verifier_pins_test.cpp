// Issue 12 items 12-15: a verifier that cannot be fooled. Without anything from outside the
// bundle the verdict is only "self-consistent"; a checkpoint held outside the server pins the
// history; the signed-note rules are read strictly; and events are checked for what they mean.
// Each bundle is forged as an insider (or an outsider with a key of their own) could.
#include <gtest/gtest.h>

#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"
#include "record/canonical_json.hpp"
#include "record/checkpoint.hpp"
#include "record/event.hpp"
#include "verify_bundle_fixture.hpp"

namespace mr::verify {
namespace {

using nlohmann::json;

class VerifyPins : public VerifyBundle {
 protected:
  VerifyResult check_pinned(const Files& files, const Pins& pins) {
    const auto path = session_.dir() / "pinned.zip";
    testing_support::rezip(files, path);
    return verify_bundle(path, pins);
  }
  // Every checkpoint signed again over the headers as they now are, with `origin` if given,
  // and the manifest re-signed: what the holder of `key` can make.
  static void resign_all(Files& f, const std::string& key_name, const crypto::Ed25519Key& key,
                         const std::string& origin = {}) {
    record::MerkleTree tree;
    for (const auto& line : testing_support::lines_of(f["events/headers.jsonl"]))
      tree.append(record::leaf_hash(line));
    for (auto& [name, note] : f)
      if (name.starts_with("checkpoints/")) {
        const auto old = record::parse_checkpoint(note).value().checkpoint;
        note = record::sign_checkpoint(origin.empty() ? old.origin : origin, old.size,
                                       *tree.root(old.size), key_name, key);
      }
    testing_support::resign(f, kRoom, key_name, key);
  }
  // Event `seq` relabelled (kind and channel) and everything re-signed with the server's key.
  Files relabelled(std::size_t seq, const std::string& kind, const std::string& channel) {
    Files f = files_;
    auto lines = headers();
    auto header = json::parse(lines.at(seq));
    header["kind"] = kind;
    header["channel"] = channel;
    lines[seq] = record::to_canonical(header);
    f["events/headers.jsonl"] = testing_support::join_lines(lines);
    resign_all(f, keys_->current().name, keys_->current_signer());
    return f;
  }
  std::size_t first(const std::string& kind, const std::string& channel = "main") const {
    auto lines = headers();
    for (std::size_t i = 0; i < lines.size(); ++i) {
      auto h = json::parse(lines[i]);
      if (h["kind"] == kind && h["channel"] == channel) return i;
    }
    ADD_FAILURE() << "no " << kind << " in " << channel;
    return 0;
  }
  std::string fingerprint() const { return keys_->current().fingerprint; }
  std::string largest_checkpoint() const {
    std::string out;
    std::uint64_t best = 0;
    for (const auto& [name, note] : files_)
      if (name.starts_with("checkpoints/")) {
        auto size = record::parse_checkpoint(note).value().checkpoint.size;
        if (size >= best) best = size, out = note;
      }
    return out;
  }
};

TEST_F(VerifyPins, WithoutAPinTheBundleIsOnlySelfConsistent) {
  auto alone = check(files_);
  ASSERT_TRUE(alone.ok) << alone.fault->message();
  EXPECT_FALSE(alone.origin_proven);
  auto pinned = check(files_, fingerprint());
  ASSERT_TRUE(pinned.ok);
  EXPECT_TRUE(pinned.origin_proven);
  EXPECT_NE(pinned.proven_by.find(fingerprint()), std::string::npos);
}

TEST_F(VerifyPins, ABundleForgedWholesaleWithAForeignKeyIsNeverVerified) {
  Files f = files_;
  auto forger = crypto::Ed25519Key::generate();
  auto listing = json::parse(f["keys/keys.json"]);
  json forged_keys = json::array();
  const std::string name = keys_->current().name;
  forged_keys.push_back(
      {{"name", name},
       {"key_id", record::key_id_hex(record::note_key_id(name, forger.public_key()))},
       {"public_key", crypto::to_base64(forger.public_key())},
       {"fingerprint", crypto::sha256_hex(forger.public_key())},
       {"valid_from_ms", kStart},
       {"valid_until_ms", nullptr}});
  f["keys/keys.json"] = json{{"keys", forged_keys}}.dump(2);
  resign_all(f, name, forger);
  auto alone = check(f);
  ASSERT_TRUE(alone.ok) << alone.fault->message();  // consistent in itself...
  EXPECT_FALSE(alone.origin_proven);                // ...and said to be no more than that
  EXPECT_FALSE(check(f, fingerprint()).ok);
  Pins held;
  held.checkpoints.push_back({"held.note", largest_checkpoint()});
  auto against_held = check_pinned(f, held);
  ASSERT_TRUE(fault_is(against_held, "held.note", std::nullopt, "does not verify") ||
              fault_is(against_held, "held.note", std::nullopt, "does not list"))
      << against_held.fault->message();
}

TEST_F(VerifyPins, ACheckpointHeldOutsideTheServerPinsTheOrigin) {
  Pins held;
  held.checkpoints.push_back({"room-page.note", largest_checkpoint()});
  auto r = check_pinned(files_, held);
  ASSERT_TRUE(r.ok) << r.fault->message();
  EXPECT_TRUE(r.origin_proven);
  EXPECT_NE(r.proven_by.find("room-page.note"), std::string::npos);
}

TEST_F(VerifyPins, ABundleThatDoesNotExtendAHeldCheckpointFails) {
  const auto held_note = largest_checkpoint();
  {
    SCOPED_TRACE("a body rewritten and everything re-signed by the insider");
    Files f = files_;
    const auto seq = first("message");
    testing_support::rewrite_body(f, kRoom, seq, R"({"client_id":"c-x","text":"改写过的话"})",
                                  keys_->current().name, keys_->current_signer());
    Pins held;
    held.checkpoints.push_back({"held.note", held_note});
    EXPECT_TRUE(check(f).ok);  // consistent in itself
    ASSERT_TRUE(fault_is(check_pinned(f, held), "held.note", std::nullopt, "history differs"));
  }
  {
    SCOPED_TRACE("a checkpoint of more events than the bundle holds");
    const auto size = headers().size() + 3;
    Pins held;
    held.checkpoints.push_back(
        {"later.note", record::sign_checkpoint(record::room_origin(kRoom), size, root_of(2),
                                               keys_->current().name, keys_->current_signer())});
    ASSERT_TRUE(fault_is(check_pinned(files_, held), "later.note", std::nullopt,
                         "fewer events than this checkpoint"));
  }
}

TEST_F(VerifyPins, ASecondFailingSignatureByAListedKeyInvalidatesTheNote) {
  Files f = files_;
  std::string name;
  for (auto& [file, note] : f)
    if (file.starts_with("checkpoints/") && name.empty()) {
      name = file;
      // Copy its signature line with the last signature byte flipped.
      const auto line_start = note.rfind("\n— ", note.size() - 2) + 1;
      std::string line = note.substr(line_start);
      const auto space = line.rfind(' ');
      auto raw = crypto::from_base64(line.substr(space + 1, line.size() - space - 2)).value();
      raw.back() ^= 1;
      note += line.substr(0, space + 1) + crypto::to_base64(raw) + "\n";
    }
  resign(f);
  ASSERT_TRUE(fault_is(check(f), name, std::nullopt, "does not verify"));
}

TEST_F(VerifyPins, MoreThanOneCurrentKeyIsRejected) {
  Files f = files_;
  auto listing = json::parse(f["keys/keys.json"]);
  auto other = crypto::Ed25519Key::generate();
  const std::string name = "mediation-room.localhost/key-99";
  listing["keys"].push_back(
      {{"name", name},
       {"key_id", record::key_id_hex(record::note_key_id(name, other.public_key()))},
       {"public_key", crypto::to_base64(other.public_key())},
       {"fingerprint", crypto::sha256_hex(other.public_key())},
       {"valid_from_ms", kStart},
       {"valid_until_ms", nullptr}});
  f["keys/keys.json"] = listing.dump(2);
  resign(f);
  ASSERT_TRUE(fault_is(check(f), "keys/keys.json", std::nullopt, "more than one key"));
}

TEST_F(VerifyPins, AnOriginWhoseServerNameIsNotTheKeysIsRejected) {
  Files f = files_;
  resign_all(f, keys_->current().name, keys_->current_signer(),
             "other.example/room/" + std::string(kRoom));
  auto r = check(f);
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.fault->what.find("does not match the name of the key"), std::string::npos)
      << r.fault->message();
}

TEST_F(VerifyPins, EventsAreCheckedForWhatTheyMean) {
  const auto message = first("message");
  {
    SCOPED_TRACE("a main message relabelled as a kind the protocol does not record");
    auto r = check(relabelled(message, "note", "main"));
    ASSERT_FALSE(r.ok);
    EXPECT_EQ(r.fault->seq, std::int64_t(message));
    EXPECT_NE(r.fault->what.find("not a kind of event"), std::string::npos) << r.fault->message();
  }
  {
    SCOPED_TRACE("a main message relabelled as a phase change");
    auto r = check(relabelled(message, "phase.changed", "main"));
    ASSERT_FALSE(r.ok);
    EXPECT_NE(r.fault->what.find("lacks 'phase'"), std::string::npos) << r.fault->message();
  }
  {
    SCOPED_TRACE("an arrival moved into a caucus");
    const auto joined = first("participant.joined");
    auto r = check(relabelled(joined, "participant.joined", "caucus:A"));
    ASSERT_FALSE(r.ok);
    EXPECT_NE(r.fault->what.find("only in main or consult"), std::string::npos)
        << r.fault->message();
  }
  {
    SCOPED_TRACE("a log that does not begin with the room's creation");
    auto r = check(relabelled(0, "message", "main"));
    ASSERT_FALSE(r.ok);
    EXPECT_EQ(r.fault->seq, 0);
    EXPECT_NE(r.fault->what.find("first event is not the room's creation"), std::string::npos)
        << r.fault->message();
  }
}

}  // namespace
}  // namespace mr::verify
