#include "record/bundle_writer.hpp"

#include <gtest/gtest.h>

#include "../verify/session_fixture.hpp"
#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"
#include "record/canonical_json.hpp"
#include "record/checkpoint.hpp"

namespace mr::record {
namespace {

using namespace mr::testing_support;

TEST(BundleWriter, WritesTheDocumentedLayout) {
  Session s("bundle-layout");
  s.write();
  auto keys = s.keys();
  auto db = s.store();
  const auto out = s.dir() / "case.zip";
  auto result = export_bundle(*db, kRoom, keys, false, out, {.now_ms = kStart + 3600000});
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.events, 12u);
  EXPECT_EQ(result.checkpoints, 3u);  // 5 and 10 from the session, 12 signed at export
  EXPECT_TRUE(result.signed_final_checkpoint);

  auto files = unzip(out);
  for (const char* name :
       {"manifest.json", "manifest.sig", "events/headers.jsonl", "keys/keys.json", "record.html",
        "VERIFY.txt", "checkpoints/5.note", "checkpoints/10.note", "checkpoints/12.note",
        "events/bodies/0.json", "events/bodies/4.json", "events/bodies/7.json"})
    EXPECT_TRUE(files.count(name)) << name;
  // Caucus and consult messages are left out; the advisor's joining (not a message) is kept.
  for (const char* name : {"events/bodies/5.json", "events/bodies/6.json", "events/bodies/8.json"})
    EXPECT_FALSE(files.count(name)) << name;

  // Headers: the exact stored bytes, one per line in seq order.
  std::string expected_headers;
  ASSERT_TRUE(db->for_each_event(
      kRoom, 0, [&](store::StoredEvent&& e) { expected_headers += e.header + "\n"; }));
  EXPECT_EQ(files["events/headers.jsonl"], expected_headers);

  // The manifest is canonical and lists every other file with its hash.
  const std::string& manifest = files["manifest.json"];
  EXPECT_TRUE(is_canonical(manifest));
  auto m = nlohmann::json::parse(manifest);
  EXPECT_EQ(m["room"], kRoom);
  EXPECT_EQ(m["events"], 12);
  EXPECT_EQ(m["private_bodies"], false);
  EXPECT_EQ(m["files"].size(), files.size() - 2);
  for (const auto& [name, data] : files) {
    if (name != "manifest.json" && name != "manifest.sig") {
      EXPECT_EQ(m["files"][name], crypto::sha256_hex(data)) << name;
    }
  }

  // manifest.sig is a signed note over the manifest's hash by the current key.
  auto note = parse_signed_note(files["manifest.sig"]);
  ASSERT_TRUE(note);
  EXPECT_EQ(note->body, std::string("mediation-room/bundle/v1\n") + kRoom + "\n" +
                            crypto::sha256_hex(manifest) + "\n");
  EXPECT_TRUE(verify_note_signature(*note, keys.current().name, keys.current().public_key));

  // The checkpoint signed at export is in the bundle only: an export never writes to the store.
  auto stored = db->checkpoints(kRoom);
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->size(), 2u);
  EXPECT_EQ(stored->back().size, 10);
  auto parsed = parse_checkpoint(files["checkpoints/12.note"]);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->checkpoint.origin, "mediation-room.localhost/room/" + std::string(kRoom));
  EXPECT_EQ(crypto::to_hex(crypto::as_view(parsed->checkpoint.root)), result.root_hex);

  // Public keys only.
  EXPECT_EQ(files["keys/keys.json"].find("PRIVATE"), std::string::npos);
  EXPECT_EQ(files["keys/keys.json"].find(".pem"), std::string::npos);
}

TEST(BundleWriter, RecordHtmlIsChineseEscapedAndPrivate) {
  Session s("bundle-html");
  s.write();
  auto keys = s.keys();
  auto db = s.store();
  ASSERT_TRUE(export_bundle(*db, kRoom, keys, false, s.dir() / "a.zip").ok);
  const std::string html = unzip(s.dir() / "a.zip")["record.html"];
  for (const char* part : {"案件信息", "参与人及身份", "时间线", "完整性校验", "申请人", "被申请人",
                           "法治指导员", "@page", "size: A4"})
    EXPECT_NE(html.find(part), std::string::npos) << part;
  EXPECT_NE(html.find("物业费纠纷 &lt;一期&gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;多收&lt;/b&gt; 的物业费 &amp; 违约金"), std::string::npos);
  EXPECT_NE(html.find("李四 &amp; Co"), std::string::npos);
  EXPECT_EQ(html.find("<b>多收"), std::string::npos);
  EXPECT_EQ(html.find("SECRET"), std::string::npos);
  EXPECT_EQ(html.find("CONSULT"), std::string::npos);
  EXPECT_NE(html.find(keys.current().fingerprint), std::string::npos);

  ASSERT_TRUE(export_bundle(*db, kRoom, keys, true, s.dir() / "b.zip").ok);
  auto with_private = unzip(s.dir() / "b.zip");
  EXPECT_NE(with_private["record.html"].find("SECRET-五千元"), std::string::npos);
  EXPECT_TRUE(with_private.count("events/bodies/6.json"));
  EXPECT_TRUE(with_private.count("events/bodies/8.json"));
}

TEST(BundleWriter, SignsTheSameFinalCheckpointEachTimeAndFailsOnUnknownRoom) {
  Session s("bundle-reuse");
  s.write();
  auto keys = s.keys();
  auto db = s.store();
  ASSERT_TRUE(export_bundle(*db, kRoom, keys, false, s.dir() / "1.zip").ok);
  auto again = export_bundle(*db, kRoom, keys, false, s.dir() / "2.zip");
  ASSERT_TRUE(again.ok);
  EXPECT_TRUE(again.signed_final_checkpoint);
  // Ed25519 is deterministic: two exports of the same log carry the same signed checkpoint.
  EXPECT_EQ(unzip(s.dir() / "1.zip")["checkpoints/12.note"],
            unzip(s.dir() / "2.zip")["checkpoints/12.note"]);

  // A store appended to in between: an export covers the log as it is then.
  const auto covering = db->checkpoints(kRoom);
  ASSERT_TRUE(covering);
  EXPECT_EQ(covering->back().size, 10);

  auto missing = export_bundle(*db, "no-such-room", keys, false, s.dir() / "3.zip");
  EXPECT_FALSE(missing.ok);
  EXPECT_NE(missing.error.find("no-such-room"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(s.dir() / "3.zip"));
}

}  // namespace
}  // namespace mr::record
