// The worked example of protocol/RECORD.md, computed by the code. If this test changes, the
// document must change with it.
#include <gtest/gtest.h>

#include "crypto/ed25519.hpp"
#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"
#include "record/checkpoint.hpp"
#include "record/event.hpp"
#include "record/merkle_tree.hpp"
#include "record/signing_statement.hpp"

namespace mr::record {
namespace {

using nlohmann::json;

std::string hex(const Hash& h) { return crypto::to_hex(crypto::as_view(h)); }

// Through the writer the server uses, with the example's fixed salt instead of a random one.
Event event(std::int64_t seq, std::int64_t time, const char* actor, const char* kind,
            const std::string& salt_hex, const json& body) {
  return make_event("exampleRoom00001", seq, time, actor, kind, "main", body,
                    *crypto::from_hex(salt_hex));
}

TEST(RecordExample, MatchesTheWorkedExampleInRecordMd) {
  const Event e0 =
      event(0, 1714521600000, "server", "room.created", "000102030405060708090a0b0c0d0e0f",
            {{"title", "货款纠纷"},
             {"field", "商事"},
             {"parties", {{{"side", "A"}, {"name", "张三"}}, {{"side", "B"}, {"name", "李四"}}}},
             {"mediator", {{"id", "m1"}, {"name", "王调解"}, {"org", "示例调委会"}}}});
  const Event e1 =
      event(1, 1714521660000, "0a1b2c3d4e5f", "message", "101112131415161718191a1b1c1d1e1f",
            {{"text", "你好\n\"a/b\"\x1f"}, {"client_id", "c-1"}});

  EXPECT_EQ(
      e0.body,
      R"({"field":"商事","mediator":{"id":"m1","name":"王调解","org":"示例调委会"},)"
      R"("parties":[{"name":"张三","side":"A"},{"name":"李四","side":"B"}],"title":"货款纠纷"})");
  EXPECT_EQ(e1.body, R"({"client_id":"c-1","text":"你好\n\"a/b\"\u001f"})");
  EXPECT_EQ(e0.header,
            R"({"actor":"server","body_sha256":)"
            R"("8c78c9b133bf777b28d052a21515b4dabc7ba13fce8dcebd60c23ef670f97b96",)"
            R"("channel":"main","kind":"room.created","room":"exampleRoom00001",)"
            R"("salt":"000102030405060708090a0b0c0d0e0f","seq":0,"time":1714521600000,"v":1})");
  EXPECT_EQ(e1.header,
            R"({"actor":"0a1b2c3d4e5f","body_sha256":)"
            R"("b8c99816f4d2a3d403b11aaf8b4269fc5b8130689a2753276c706da8f5c94f82",)"
            R"("channel":"main","kind":"message","room":"exampleRoom00001",)"
            R"("salt":"101112131415161718191a1b1c1d1e1f","seq":1,"time":1714521660000,"v":1})");

  // The header's body_sha256 is SHA-256 of the raw salt bytes followed by the body bytes.
  EXPECT_EQ(crypto::sha256_hex(*crypto::from_hex("000102030405060708090a0b0c0d0e0f") + e0.body),
            "8c78c9b133bf777b28d052a21515b4dabc7ba13fce8dcebd60c23ef670f97b96");
  EXPECT_EQ(crypto::sha256_hex(*crypto::from_hex("101112131415161718191a1b1c1d1e1f") + e1.body),
            "b8c99816f4d2a3d403b11aaf8b4269fc5b8130689a2753276c706da8f5c94f82");

  const Hash l0 = leaf_hash(e0.header), l1 = leaf_hash(e1.header);
  EXPECT_EQ(hex(l0), "51a249138ea8b5bcac33f0e7eab2589ee5b39a42f7c20f0cf6a5787c05ae8307");
  EXPECT_EQ(hex(l1), "cdd034a6ad6de99143f2f190c6f18b817a7a60f080f35f21564fd1c37f4a597f");
  MerkleTree tree;
  tree.append(l0);
  EXPECT_EQ(tree.root(), l0);  // a one-leaf tree's root is its leaf hash
  tree.append(l1);
  EXPECT_EQ(hex(tree.root()), "bcc0513f8cb06ff9bd1f8ab184ea9a2cd83e9b38864ee9d20ce909f36b01c8c5");
  EXPECT_EQ(tree.root(), node_hash(l0, l1));

  // RFC 8032 §7.1 test 1 key, so anyone can redo the signature.
  auto key = *crypto::Ed25519Key::from_seed(
      *crypto::from_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  EXPECT_EQ(crypto::to_hex(key.public_key()),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  EXPECT_EQ(crypto::sha256_hex(key.public_key()),
            "21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9");
  EXPECT_EQ(key_id_hex(note_key_id("mediation-room.localhost/key-1", key.public_key())),
            "4ae32ced");
  EXPECT_EQ(
      sign_checkpoint(room_origin("exampleRoom00001"), 2, tree.root(),
                      "mediation-room.localhost/key-1", key),
      "mediation-room.localhost/room/exampleRoom00001\n"
      "2\n"
      "vMBRP4ywb/m9H4qxhOqaLNg+mziGTunSDOkJ82sByMU=\n"
      "\n"
      "\xE2\x80\x94 mediation-room.localhost/key-1 "
      "SuMs7f26Juyf8YSrI8d14pmO3zZoa1AbdC120vJvDGjIouu0q7AcqssquVy+pyAIt2ZS9IXHU+jUqI5kFigeIQCfuAE="
      "\n");

  EXPECT_EQ(signing_statement_bytes({"exampleRoom00001", 1, std::string(64, '0'), "0a1b2c3d4e5f",
                                     "party", 2, hex(tree.root()), 1714521720000}),
            R"({"draft_sha256":"0000000000000000000000000000000000000000000000000000000000000000",)"
            R"("draft_version":1,)"
            R"("record_root":"bcc0513f8cb06ff9bd1f8ab184ea9a2cd83e9b38864ee9d20ce909f36b01c8c5",)"
            R"("record_size":2,"role":"party","room":"exampleRoom00001","signer":"0a1b2c3d4e5f",)"
            R"("time":1714521720000,"type":"mediation-room/agreement-signature/v1"})");
}

}  // namespace
}  // namespace mr::record
