#include "verify/bundle_verifier.hpp"

#include <gtest/gtest.h>

#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"
#include "record/event.hpp"
#include "record/signed_note.hpp"
#include "verify_bundle_fixture.hpp"

namespace mr::verify {
namespace {

using namespace mr::testing_support;

TEST_F(VerifyBundle, UntouchedBundleVerifies) {
  auto r = verify_bundle(session_.dir() / "case.zip");
  ASSERT_TRUE(r.ok) << r.fault->message();
  EXPECT_FALSE(r.fault);
  EXPECT_EQ(r.summary.room, kRoom);
  EXPECT_EQ(r.summary.title, "物业费纠纷 <一期>");
  EXPECT_EQ(r.summary.field, "房产物业");
  EXPECT_EQ(r.summary.events, 12u);
  EXPECT_EQ(r.summary.bodies, 9u);  // 12 less two caucus and one consult message
  EXPECT_FALSE(r.summary.private_bodies);
  EXPECT_EQ(r.summary.checkpoints, 3u);
  EXPECT_EQ(r.summary.final_root, root_hex_);
  EXPECT_TRUE(r.summary.signers.empty());
  EXPECT_EQ(r.summary.server_key_fingerprint, keys_->current().fingerprint);
  std::vector<std::string> names;
  for (const auto& p : r.summary.participants) names.push_back(p.name + "/" + p.role);
  EXPECT_EQ(r.summary.mediator, "王调解 (东城区人民调解委员会)");
  EXPECT_EQ(names, (std::vector<std::string>{"王调解/mediator", "张三/party", "李四 & Co/party",
                                             "赵律师/advisor"}));
  // What a valid bundle leaves unproven is said plainly (RECORD.md §7, last paragraph).
  ASSERT_EQ(r.cannot_prove.size(), 3u);
  EXPECT_NE(r.cannot_prove[0].find("that what was logged was true"), std::string::npos);
  EXPECT_NE(r.cannot_prove[1].find("second, forked history"), std::string::npos);
  EXPECT_NE(r.cannot_prove[2].find("bodies left out of this bundle"), std::string::npos);

  auto pinned = verify_bundle(session_.dir() / "case.zip", keys_->current().fingerprint);
  EXPECT_TRUE(pinned.ok);
}

TEST_F(VerifyBundle, BundleWithPrivateBodiesVerifies) {
  auto db = session_.store();
  ASSERT_TRUE(record::export_bundle(*db, kRoom, *keys_, true, session_.dir() / "all.zip").ok);
  auto r = verify_bundle(session_.dir() / "all.zip", keys_->current().fingerprint);
  ASSERT_TRUE(r.ok) << r.fault->message();
  EXPECT_TRUE(r.summary.private_bodies);
  EXPECT_EQ(r.summary.bodies, 12u);
}

TEST_F(VerifyBundle, BundleSignedAfterKeyRotationVerifies) {
  keys_->rotate(kStart + 90000000);
  auto db = session_.store();
  ASSERT_TRUE(record::export_bundle(*db, kRoom, *keys_, false, session_.dir() / "rot.zip").ok);
  auto r = verify_bundle(session_.dir() / "rot.zip", keys_->current().fingerprint);
  ASSERT_TRUE(r.ok) << r.fault->message();
}

// Tampering without touching the manifest: the signed manifest names the file.
TEST_F(VerifyBundle, ManifestCatchesEveryChangedFile) {
  struct Case {
    const char* name;
    std::function<void(Files&)> tamper;
    std::string file, what;
  };
  const std::vector<Case> cases = {
      {"body byte", [](Files& f) { f["events/bodies/4.json"][10] ^= 1; }, "events/bodies/4.json",
       "SHA-256 differs from manifest.json"},
      {"header byte", [](Files& f) { f["events/headers.jsonl"][30] ^= 1; }, "events/headers.jsonl",
       "SHA-256 differs from manifest.json"},
      {"checkpoint byte", [](Files& f) { f["checkpoints/10.note"][3] ^= 1; }, "checkpoints/10.note",
       "SHA-256 differs from manifest.json"},
      {"manifest byte",
       [](Files& f) {
         auto& m = f["manifest.json"];
         m[m.find("\"events\":12") + 10] = '3';
       },
       "manifest.sig", "does not sign this manifest.json"},
      {"event deleted",
       [](Files& f) {
         auto lines = lines_of(f["events/headers.jsonl"]);
         lines.erase(lines.begin() + 5);
         f["events/headers.jsonl"] = join_lines(lines);
       },
       "events/headers.jsonl", "SHA-256 differs from manifest.json"},
      {"checkpoint dropped", [](Files& f) { f.erase("checkpoints/5.note"); }, "checkpoints/5.note",
       "listed in manifest.json but missing"},
      {"file added", [](Files& f) { f["documents/extra.pdf"] = "x"; }, "documents/extra.pdf",
       "not listed in manifest.json"},
      {"signature gone", [](Files& f) { f.erase("manifest.sig"); }, "manifest.sig", "missing"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Files f = files_;
    c.tamper(f);
    ASSERT_TRUE(fault_is(check(f), c.file, std::nullopt, c.what));
  }
}

TEST_F(VerifyBundle, ChangedBodyIsCaughtByItsSaltedHash) {
  auto f = files_;
  auto& body = f["events/bodies/4.json"];
  body.replace(body.find("3"), 1, "4");  // "共 3 项" → "共 4 项"
  resign(f);
  auto r = check(f);
  ASSERT_TRUE(fault_is(r, "events/bodies/4.json", 4, "SHA-256(salt || body) differs"));
  EXPECT_EQ(r.fault->expected.size(), 64u);
  EXPECT_NE(r.fault->expected, r.fault->found);
}

TEST_F(VerifyBundle, ChangedHeaderIsCaughtByTheCheckpointRoot) {
  auto f = files_;
  auto lines = lines_of(f["events/headers.jsonl"]);
  auto& line = lines[6];
  const auto salt = line.find("\"salt\":\"") + 8;
  line[salt] = line[salt] == 'a' ? 'b' : 'a';
  f["events/headers.jsonl"] = join_lines(lines);
  resign(f);
  ASSERT_TRUE(fault_is(check(f), "checkpoints/10.note", std::nullopt,
                       "a header among seq 5..9 was changed"));
}

TEST_F(VerifyBundle, ChangedCheckpointFailsItsSignature) {
  auto f = files_;
  auto& note = f["checkpoints/10.note"];
  const auto root = note.find('\n', note.find('\n') + 1) + 1;
  note[root] = note[root] == 'A' ? 'B' : 'A';
  resign(f);
  ASSERT_TRUE(fault_is(check(f), "checkpoints/10.note", std::nullopt, "does not verify"));
}

TEST_F(VerifyBundle, DeletedSwappedAndInsertedEventsAreCaughtBySeq) {
  const auto original = lines_of(files_.at("events/headers.jsonl"));
  {
    SCOPED_TRACE("deleted");
    auto f = files_;
    auto lines = original;
    lines.erase(lines.begin() + 5);
    f["events/headers.jsonl"] = join_lines(lines);
    resign(f);
    auto r = check(f);
    ASSERT_TRUE(fault_is(r, "events/headers.jsonl", 5, "out of sequence"));
    EXPECT_EQ(r.fault->expected, "seq 5");
    EXPECT_EQ(r.fault->found, "seq 6");
  }
  {
    SCOPED_TRACE("swapped");
    auto f = files_;
    auto lines = original;
    std::swap(lines[3], lines[4]);
    f["events/headers.jsonl"] = join_lines(lines);
    resign(f);
    ASSERT_TRUE(fault_is(check(f), "events/headers.jsonl", 3, "out of sequence"));
  }
  {
    SCOPED_TRACE("inserted in the middle");
    auto f = files_;
    auto lines = original;
    auto e = record::make_event(kRoom, 6, kStart + 6 * 60000, "p-b", "message", "main",
                                Session::message("伪造", "x1"));
    lines.insert(lines.begin() + 6, e.header);
    f["events/headers.jsonl"] = join_lines(lines);
    resign(f);
    auto r = check(f);
    ASSERT_TRUE(fault_is(r, "events/headers.jsonl", 7, "out of sequence"));
    EXPECT_EQ(r.fault->found, "seq 6");
  }
  {
    SCOPED_TRACE("inserted at the end");
    auto f = files_;
    auto lines = original;
    auto e = record::make_event(kRoom, 12, kStart + 12 * 60000, "p-b", "message", "main",
                                Session::message("我撤回同意", "x2"));
    lines.push_back(e.header);
    f["events/headers.jsonl"] = join_lines(lines);
    f["events/bodies/12.json"] = e.body;
    resign(f);
    ASSERT_TRUE(fault_is(check(f), "checkpoints/12.note", 12,
                         "does not cover the whole log: events from seq 12 on"));
  }
}

TEST_F(VerifyBundle, EarlierTimeIsCaught) {
  auto f = files_;
  auto lines = lines_of(f["events/headers.jsonl"]);
  const std::string later = "\"time\":" + std::to_string(kStart + 3 * 60000);
  lines[3].replace(lines[3].find(later), later.size(), "\"time\":" + std::to_string(kStart));
  f["events/headers.jsonl"] = join_lines(lines);
  resign(f);
  ASSERT_TRUE(fault_is(check(f), "events/headers.jsonl", 3, "earlier than the event before it"));
}

TEST_F(VerifyBundle, DroppedLastCheckpointLeavesEventsUncovered) {
  auto f = files_;
  f.erase("checkpoints/12.note");
  resign(f);
  ASSERT_TRUE(fault_is(check(f), "checkpoints/10.note", 10,
                       "does not cover the whole log: events from seq 10 on"));
}

TEST_F(VerifyBundle, PrivateBodySlippedIntoAPublicBundleIsCaught) {
  auto db = session_.store();
  std::string secret;
  ASSERT_TRUE(db->for_each_event(kRoom, 6, [&](store::StoredEvent&& e) {
    if (e.seq == 6) secret = e.body;
  }));
  auto f = files_;
  f["events/bodies/6.json"] = secret;
  resign(f);
  ASSERT_TRUE(fault_is(check(f), "events/bodies/6.json", 6, "private body is included"));
}

TEST_F(VerifyBundle, ReplacedServerKeyIsCaught) {
  auto f = files_;
  auto forged = crypto::Ed25519Key::generate();
  const std::string name = keys_->current().name;  // same name, different key
  const std::string pub = forged.public_key();
  nlohmann::json listing = {{"keys",
                             {{{"name", name},
                               {"key_id", record::key_id_hex(record::note_key_id(name, pub))},
                               {"public_key", crypto::to_base64(pub)},
                               {"fingerprint", crypto::sha256_hex(pub)},
                               {"valid_from_ms", kStart},
                               {"valid_until_ms", nullptr}}}}};
  f["keys/keys.json"] = listing.dump(2);
  resign(f, name, forged);

  auto unpinned = check(f);
  ASSERT_TRUE(
      fault_is(unpinned, "checkpoints/5.note", std::nullopt, "which keys/keys.json does not list"));

  auto pinned = check(f, keys_->current().fingerprint);
  ASSERT_TRUE(fault_is(pinned, "manifest.sig", std::nullopt,
                       "signed by a server key other than the one given with --server-key"));
  EXPECT_EQ(pinned.fault->expected, keys_->current().fingerprint);
  EXPECT_EQ(pinned.fault->found, crypto::sha256_hex(pub));
}

TEST_F(VerifyBundle, FaultMessageNamesFileSeqExpectedAndFound) {
  Fault f{"events/bodies/4.json", 4, "body was changed", "aa", "bb"};
  EXPECT_EQ(f.message(), "events/bodies/4.json (seq 4): body was changed; expected aa, found bb");
  auto r = verify_bundle(session_.dir() / "does-not-exist.zip");
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.fault->what.find("not a readable zip archive"), std::string::npos);
}

}  // namespace
}  // namespace mr::verify
