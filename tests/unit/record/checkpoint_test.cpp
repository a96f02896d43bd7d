#include "record/checkpoint.hpp"

#include <gtest/gtest.h>

#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"
#include "verify/note_reader.hpp"

namespace mr::record {
namespace {

crypto::Ed25519Key test_key() { return *crypto::Ed25519Key::from_seed(std::string(32, '\x07')); }

TEST(Checkpoint, OriginNamesServerAndRoom) {
  EXPECT_EQ(room_origin("abc"), "mediation-room.localhost/room/abc");
  EXPECT_EQ(room_origin("abc", "court.example"), "court.example/room/abc");
}

TEST(Checkpoint, NoteHasTheSignedNoteFormat) {
  const auto key = test_key();
  Hash root = leaf_hash("x");
  const std::string note = sign_checkpoint("srv/room/r1", 42, root, "srv/key-1", key);
  const std::string body = "srv/room/r1\n42\n" + crypto::to_base64(crypto::as_view(root)) + "\n";
  ASSERT_EQ(note.substr(0, body.size() + 1), body + "\n");
  const std::string sig_line = note.substr(body.size() + 1);
  ASSERT_EQ(sig_line.substr(0, 3), "\xE2\x80\x94");  // em dash
  ASSERT_EQ(sig_line.substr(3, 11), " srv/key-1 ");
  ASSERT_EQ(sig_line.back(), '\n');
  auto blob = crypto::from_base64(sig_line.substr(14, sig_line.size() - 15));
  ASSERT_TRUE(blob);
  ASSERT_EQ(blob->size(), 68u);
  // Key id: SHA-256("srv/key-1" || 0x0A || 0x01 || public key), first four bytes.
  const auto id = crypto::sha256("srv/key-1\n\x01" + key.public_key());
  EXPECT_EQ(blob->substr(0, 4), std::string(crypto::as_view(id).substr(0, 4)));
  EXPECT_TRUE(crypto::ed25519_verify(key.public_key(), body, blob->substr(4)));
}

TEST(Checkpoint, ParsesAndVerifiesWhatItSigns) {
  const auto key = test_key();
  Hash root = leaf_hash("y");
  const std::string note = sign_checkpoint("srv/room/r1", 7, root, "srv/key-1", key);
  std::string why;
  auto parsed = parse_checkpoint(note, &why);
  ASSERT_TRUE(parsed) << why;
  EXPECT_EQ(parsed->checkpoint.origin, "srv/room/r1");
  EXPECT_EQ(parsed->checkpoint.size, 7u);
  EXPECT_EQ(parsed->checkpoint.root, root);
  ASSERT_EQ(parsed->note.signatures.size(), 1u);
  EXPECT_EQ(key_id_hex(parsed->note.signatures[0].key_id),
            key_id_hex(note_key_id("srv/key-1", key.public_key())));
  EXPECT_TRUE(verify_note_signature(parsed->note, "srv/key-1", key.public_key()));
  EXPECT_FALSE(verify_note_signature(parsed->note, "srv/key-2", key.public_key()));
  EXPECT_FALSE(verify_note_signature(parsed->note, "srv/key-1",
                                     crypto::Ed25519Key::generate().public_key()));

  // A changed size no longer verifies.
  std::string forged = note;
  forged.replace(forged.find("\n7\n"), 3, "\n8\n");
  auto reparsed = parse_checkpoint(forged);
  ASSERT_TRUE(reparsed);
  EXPECT_FALSE(verify_note_signature(reparsed->note, "srv/key-1", key.public_key()));
}

TEST(Checkpoint, VerifierReadsTheNoteTheSameWay) {
  const auto key = test_key();
  const std::string note = sign_checkpoint("srv/room/r1", 3, leaf_hash("z"), "srv/key-1", key);
  std::string why;
  auto read = verify::read_note(note, why);
  ASSERT_TRUE(read) << why;
  auto body = verify::read_checkpoint_body(read->body, why);
  ASSERT_TRUE(body) << why;
  EXPECT_EQ(body->size, 3u);
  EXPECT_EQ(read->signatures[0].key_id, verify::ed25519_note_key_id("srv/key-1", key.public_key()));
}

TEST(Checkpoint, RejectsMalformedNotes) {
  const auto key = test_key();
  const std::string good = sign_checkpoint("o", 1, leaf_hash("a"), "k", key);
  std::string why;
  EXPECT_FALSE(parse_checkpoint("o\n1\nAAAA\n", &why));
  EXPECT_NE(why.find("blank line"), std::string::npos);
  EXPECT_FALSE(parse_checkpoint(good.substr(0, good.size() - 1), &why));  // no final newline
  std::string dash = good;
  dash.replace(dash.find("\xE2\x80\x94"), 3, "-");
  EXPECT_FALSE(parse_checkpoint(dash, &why));
  std::string extension = good;
  extension.insert(extension.find("\n\n") + 1, "extra\n");
  EXPECT_FALSE(parse_checkpoint(extension, &why));
  std::string size = good;
  size.replace(size.find("\n1\n"), 3, "\n01\n");
  EXPECT_FALSE(parse_checkpoint(size, &why));
  EXPECT_THROW(sign_note("no newline", "k", key), std::invalid_argument);
  EXPECT_THROW(sign_note("a\n", "bad+name", key), std::invalid_argument);
  EXPECT_THROW(sign_note("a\n", "", key), std::invalid_argument);
}

}  // namespace
}  // namespace mr::record
