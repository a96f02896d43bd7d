// RECORD.md §7 steps 10–11 on a small log built here: a draft, two registered keys, two
// signatures and the organisation's seal. The statements are built by the server's own
// record/signing_statement and the roots by its Merkle tree, so the test also shows that writer
// and verifier agree; each case then breaks one thing a forger or a buggy server could.
#include "verify/meaning_check.hpp"

#include <gtest/gtest.h>

#include "crypto/ecdsa_p256.hpp"
#include "crypto/ed25519.hpp"
#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"
#include "record/canonical_json.hpp"
#include "record/merkle_tree.hpp"
#include "record/signing_statement.hpp"

namespace mr::verify {
namespace {

using nlohmann::json;

std::string hex_sha256(std::string_view data) {
  return crypto::to_hex(crypto::as_view(crypto::sha256(data)));
}

constexpr const char* kRoom = "r0123456789ab";

class MeaningCheck : public ::testing::Test {
 protected:
  MeaningCheck() {
    add("room.created", "m1", {{"title", "房屋漏水"}});
    const json draft = {{"title", "调解协议书"}, {"items", json::array({"甲方赔偿乙方 3000 元"})}};
    draft_bytes_ = record::to_canonical(draft);
    add("draft.saved", "m1", {{"version", 1}, {"sha256", hex_sha256(draft_bytes_)}, {"draft", draft}});
    files_["agreement/versions/1.json"] = draft_bytes_;
    register_key("pA", key_a_);
    register_key("pB", key_b_);
    sign("pA", "party", key_a_);
    sign("pB", "party", key_b_);
  }

  std::uint64_t add(const std::string& kind, const std::string& actor, json body) {
    const auto seq = events_.size();
    // The header's bytes only need to be distinct leaves here: the roots are over them.
    const auto header = record::to_canonical({{"seq", seq}, {"kind", kind}, {"actor", actor}});
    events_.push_back({header, kind, "main", actor});
    tree_.append(record::leaf_hash(header));
    bodies_[seq] = std::move(body);
    return seq;
  }

  std::string root_at(std::uint64_t size) const {
    return crypto::to_hex(crypto::as_view(*tree_.root(size)));
  }

  static std::string fingerprint(const crypto::EcdsaP256Signer& key) {
    return hex_sha256(key.public_key().spki_der());
  }

  void register_key(const std::string& who, const crypto::EcdsaP256Signer& key) {
    add("key.registered", who,
        {{"participant", who},
         {"key", fingerprint(key)},
         {"public_key", crypto::to_base64(key.public_key().spki_der())}});
  }

  // A signature by `who` with `key` over the record as it stands now.
  std::uint64_t sign(const std::string& who, const std::string& role,
                     const crypto::EcdsaP256Signer& key) {
    record::SigningStatement st{kRoom,
                                1,
                                hex_sha256(draft_bytes_),
                                who,
                                role,
                                std::int64_t(events_.size()),
                                root_at(events_.size()),
                                1'780'000'000'000};
    return add("agreement.signed", who,
               {{"version", 1},
                {"draft_sha256", st.draft_sha256},
                {"signer", who},
                {"role", role},
                {"key", fingerprint(key)},
                {"record_size", st.record_size},
                {"record_root", st.record_root},
                {"time", st.time_ms},
                {"signature", crypto::to_base64(key.sign(record::signing_statement_bytes(st)))}});
  }

  // The seal over every signature so far, by `org_key`.
  std::uint64_t seal(const crypto::Ed25519Key& org_key) {
    record::SealStatement st;
    st.room = kRoom;
    st.draft_version = 1;
    st.draft_sha256 = hex_sha256(draft_bytes_);
    json seqs = json::array();
    for (const auto& [seq, body] : bodies_) {
      if (events_[seq].kind != "agreement.signed") continue;
      st.signatures.push_back({std::int64_t(seq), body["signer"], body["key"], body["signature"]});
      seqs.push_back(seq);
    }
    st.record_size = std::int64_t(events_.size());
    st.record_root = root_at(events_.size());
    st.org = "某区人民调解委员会";
    st.org_key = hex_sha256(org_key.public_key());
    st.time_ms = 1'780'000'100'000;
    return add("agreement.sealed", "server",
               {{"version", 1},
                {"draft_sha256", st.draft_sha256},
                {"signatures", seqs},
                {"record_size", st.record_size},
                {"record_root", st.record_root},
                {"org", st.org},
                {"org_key", st.org_key},
                {"org_public_key", crypto::to_base64(org_key.public_key())},
                {"time", st.time_ms},
                {"seal", crypto::to_base64(org_key.sign(record::seal_statement_bytes(st)))}});
  }

  MeaningFindings check(std::optional<std::string> pinned_org = std::nullopt) const {
    return check_meaning({kRoom, events_, bodies_, files_, std::move(pinned_org)});
  }

  // The fault's seq and the start of its message, or a failure naming what was found instead.
  static ::testing::AssertionResult fault_is(const MeaningFindings& found, std::uint64_t seq,
                                             std::string_view what) {
    if (!found.fault) return ::testing::AssertionFailure() << "no fault found";
    const auto& f = *found.fault;
    if (f.seq != std::int64_t(seq) || !f.what.starts_with(what))
      return ::testing::AssertionFailure()
             << "fault at seq " << (f.seq ? std::to_string(*f.seq) : "none") << ": " << f.what;
    return ::testing::AssertionSuccess();
  }

  crypto::EcdsaP256Signer key_a_ = crypto::EcdsaP256Signer::generate();
  crypto::EcdsaP256Signer key_b_ = crypto::EcdsaP256Signer::generate();
  crypto::Ed25519Key org_ = crypto::Ed25519Key::generate();
  std::string draft_bytes_;
  std::vector<LoggedEvent> events_;
  std::map<std::uint64_t, json> bodies_;
  std::map<std::string, std::string> files_;
  record::MerkleTree tree_;
};

TEST_F(MeaningCheck, ASignedAndSealedAgreementVerifiesAndNamesItsSignersAndSeal) {
  seal(org_);
  const auto found = check(hex_sha256(org_.public_key()));
  ASSERT_FALSE(found.fault) << found.fault->what;
  EXPECT_EQ(found.signers, (std::vector<std::string>{"pA (party)", "pB (party)"}));
  EXPECT_EQ(found.sealed, "某区人民调解委员会 (" + hex_sha256(org_.public_key()) + ")");
}

TEST_F(MeaningCheck, ASignatureWithAKeyRevokedBeforeItIsCaught) {
  add("key.revoked", "pA", {{"participant", "pA"}, {"key", fingerprint(key_a_)}});
  const auto late = sign("pA", "party", key_a_);
  EXPECT_TRUE(fault_is(check(), late, "signed with a key revoked before"));
}

TEST_F(MeaningCheck, ASignatureWithAKeyNeverRegisteredIsCaught) {
  const auto stranger = crypto::EcdsaP256Signer::generate();
  const auto forged = sign("pA", "party", stranger);
  EXPECT_TRUE(fault_is(check(), forged, "signed with a key the signer had not registered"));
}

TEST_F(MeaningCheck, ASignatureWithSomeoneElsesRegisteredKeyIsCaught) {
  // pB's key is registered, but to pB: pA cannot sign with it even holding it.
  const auto borrowed = sign("pA", "party", key_b_);
  EXPECT_TRUE(fault_is(check(), borrowed, "signed with a key the signer had not registered"));
}

TEST_F(MeaningCheck, ASignatureWhoseBytesWereChangedIsCaught) {
  auto& body = bodies_[5];
  auto raw = *crypto::from_base64(body["signature"].get<std::string>());
  raw[10] ^= 0x01;
  body["signature"] = crypto::to_base64(raw);
  EXPECT_TRUE(fault_is(check(), 5, "a signature does not verify"));
}

TEST_F(MeaningCheck, ASignatureOverAnotherRecordRootIsCaught) {
  bodies_[4]["record_root"] = root_at(2);
  EXPECT_TRUE(fault_is(check(), 4, "the record root a signature names"));
}

TEST_F(MeaningCheck, ASealThatDoesNotVerifyIsCaught) {
  const auto at = seal(org_);
  // The seal of another key, presented under the real key's fingerprint and public key.
  const auto other = crypto::Ed25519Key::generate();
  bodies_[at]["seal"] = crypto::to_base64(other.sign("something else"));
  EXPECT_TRUE(fault_is(check(), at, "the organisation's seal does not verify"));
}

TEST_F(MeaningCheck, ASealWhoseFingerprintIsNotItsKeyIsCaught) {
  const auto at = seal(org_);
  bodies_[at]["org_key"] = hex_sha256("another organisation");
  EXPECT_TRUE(fault_is(check(), at, "the seal's key fingerprint is not the SHA-256"));
}

TEST_F(MeaningCheck, ASealByAnOrganisationOtherThanThePinnedOneIsCaught) {
  const auto impostor = crypto::Ed25519Key::generate();
  const auto at = seal(impostor);
  EXPECT_TRUE(fault_is(check(hex_sha256(org_.public_key())), at,
                       "sealed by an organisation key other than the one given with --org-key"));
}

TEST_F(MeaningCheck, ASealListingSomethingThatIsNoSignatureIsCaught) {
  const auto at = seal(org_);
  bodies_[at]["signatures"] = json::array({4, 2});  // seq 2 is a key registration
  EXPECT_TRUE(fault_is(check(), at, "the seal lists a seq that is no signature"));
}

TEST_F(MeaningCheck, ADraftVersionFileThatDiffersFromItsEventIsCaught) {
  files_["agreement/versions/1.json"] = R"({"title":"另一份协议"})";
  const auto found = check();
  ASSERT_TRUE(fault_is(found, 1, "differs from the draft its event records"));
  EXPECT_EQ(found.fault->file, "agreement/versions/1.json");
}

TEST_F(MeaningCheck, ADocumentWhoseBytesDifferFromItsHashIsCaught) {
  const std::string photo = "\xFF\xD8\xFF photo bytes";
  const auto at = add("document.shared", "pA", {{"sha256", hex_sha256(photo)}, {"name", "漏水.jpg"}});
  files_["documents/" + hex_sha256(photo)] = "\xFF\xD8\xFF other bytes";
  EXPECT_TRUE(fault_is(check(), at, "the document's bytes differ from the hash"));
}

TEST_F(MeaningCheck, AFileNoEventNamesIsCaught) {
  files_["documents/" + hex_sha256("slipped in")] = "slipped in";
  const auto found = check();
  ASSERT_TRUE(found.fault);
  EXPECT_EQ(found.fault->what, "a file no event of the record names");
  EXPECT_EQ(found.fault->file, "documents/" + hex_sha256("slipped in"));
}

}  // namespace
}  // namespace mr::verify
