// The agreement over real TLS (PROTOCOL.md §7, RECORD.md §5): a draft, an edit, keys made and
// signatures computed as a browser's WebCrypto makes them, the organisation's seal once an
// administrator adds its key, the signed agreement's downloads, and the bundle that proves it
// offline and catches a changed text or signature.
#include <fstream>

#include "bundle_files.hpp"
#include "crypto/ecdsa_p256.hpp"
#include "crypto/ed25519.hpp"
#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"
#include "procedure_fixture.hpp"
#include "record/canonical_json.hpp"
#include "record/checkpoint.hpp"
#include "record/server_keys.hpp"
#include "record/signing_statement.hpp"

namespace mr::test {
namespace {

using namespace mr::testing_support;

const std::string kOrg = "西湖区人民调解委员会";  // the mediator's organisation (RoomFixture)

class Agreement : public ProcedureFixture {
 protected:
  void SetUp() override {
    ProcedureFixture::SetUp();
    m_ = join(mediator_);
    a_ = join(party_a_);
    b_ = join(party_b_);
    sm_.ws = m_.get();
    sa_.ws = a_.get();
    sb_.ws = b_.get();
    to_mediation(*m_, *a_, *b_);
    check_identity(*m_, party_a_);
  }

  json key_args(const crypto::EcdsaP256Signer& key, const std::string& device) {
    return {{"public_key", crypto::to_base64(key.public_key().spki_der())}, {"device", device}};
  }
  void register_keys() {
    for (auto* s : {&sa_, &sb_, &sm_})
      expect_ack(act(*s->ws, "key.register", key_args(s->key, "浏览器")));
  }

  json draft(const std::string& item) {
    auto party = [](const Person& p, const char* side, const char* name, const char* id_type,
                    const char* id_number) {
      return json{{"participant", p.participant},
                  {"side", side},
                  {"role", "party"},
                  {"name", name},
                  {"sex", side == std::string("A") ? json("男") : json(nullptr)},
                  {"id_type", id_type},
                  {"id_number", id_number},
                  {"address", "杭州市西湖区文三路100号"},
                  {"contact", "13800000000"},
                  {"agent_of", nullptr}};
    };
    return {
        {"title", "人民调解协议书"},
        {"parties",
         {party(party_a_, "A", "李四", "居民身份证", "330102199001011234"),
          party(party_b_, "B", "王五", "统一社会信用代码", "91330100MA27XXXX1X")}},
        {"facts", "申请人于2025年3月至5月在被申请人处工作，工资共计两万四千元未付。"},
        {"issues", "拖欠工资的数额与支付期限"},
        {"responsibilities", "被申请人应按约支付劳动报酬。"},
        {"items", {{{"id", "i1"}, {"text", item}}}},
        {"performance", {{"way", "银行转账"}, {"place", "杭州市"}, {"deadline", "2026年2月1日前"}}},
        {"copies", 3},
        {"notes", ""}};
  }
  // Saves a version; answers its number and hash as the record shows them.
  std::pair<int, std::string> save(const std::string& item) {
    expect_ack(act(*m_, "draft.save", {{"draft", draft(item)}}));
    const auto body = event_of_kind(*m_, "draft.saved")["body"];
    return {body["version"].get<int>(), body["sha256"].get<std::string>()};
  }

  // The act's arguments, signed as the browser signs them (RECORD.md §5).
  json signature(const Signer& s, const crypto::EcdsaP256Signer& key, int version,
                 const std::string& sha, const Head& at) {
    const auto time = now_ms();
    const auto statement = record::signing_statement_bytes(
        {room_, version, sha, s.who.participant, s.role, at.size, at.root, time});
    return {{"version", version},
            {"draft_sha256", sha},
            {"key", crypto::sha256_hex(key.public_key().spki_der())},
            {"record_size", at.size},
            {"record_root", at.root},
            {"time", time},
            {"signature", crypto::to_base64(key.sign(statement))}};
  }
  json sign(const Signer& s, int version, const std::string& sha) {
    return act(*s.ws, "agreement.sign", signature(s, s.key, version, sha, head(*s.ws)));
  }
  // `mediation-room org add`, run while the server runs; answers the seal key's fingerprint.
  std::string add_org_key() {
    return json::parse(
        run_cli({"org", "add", "--data", dir_.string(), "--name", kOrg, "--json"}))["fingerprint"];
  }
  std::string server_key() {
    return json::parse(run_cli({"keys", "--data", dir_.string(), "--json"}))[0]["fingerprint"];
  }
  CliResult verify(const std::filesystem::path& bundle, const std::string& org_key) {
    return run_cli_status(
        {"verify", bundle.string(), "--server-key", server_key(), "--org-key", org_key});
  }
  CliResult verify(const BundleFiles& files, const std::string& org_key) {
    const auto path = dir_ / "tampered.zip";
    rezip(files, path);
    return verify(path, org_key);
  }
  HttpResult agreement(const Person& who, const std::string& format) {
    return api("GET", "/r/" + room_ + "/api/agreement?format=" + format, nullptr, who.cookie);
  }
  // The seq of the last event of `kind` by `actor` in a bundle's headers.
  static std::size_t seq_in(const BundleFiles& files, const std::string& kind,
                            const std::string& actor) {
    std::optional<std::size_t> found;
    const auto headers = lines_of(files.at("events/headers.jsonl"));
    for (std::size_t i = 0; i < headers.size(); ++i) {
      const auto h = json::parse(headers[i]);
      if (h["kind"] == kind && h["actor"] == actor) found = i;
    }
    return found.value();
  }

  std::unique_ptr<WsClient> m_, a_, b_;
  Signer sa_{party_a_, "party"}, sb_{party_b_, "party"}, sm_{mediator_, "mediator"};
};

TEST_F(Agreement, ASignatureIsRefusedOnAnOldVersionRevokedKeyUncheckedIdentityOrTampered) {
  register_keys();
  auto second_device = crypto::EcdsaP256Signer::generate();
  expect_ack(act(*a_, "key.register", key_args(second_device, "平板")));
  const auto [v1, sha1] = save("被申请人支付工资两万元");
  const auto [v2, sha2] = save("被申请人于2026年2月1日前支付工资两万四千元");
  EXPECT_EQ(v2, v1 + 1);
  EXPECT_EQ(sha2, crypto::sha256_hex(
                      record::to_canonical(draft("被申请人于2026年2月1日前支付工资两万四千元"))));

  // The old version, though A read it and the signature over it is good.
  expect_refused(sign(sa_, v1, sha1), "stale");
  // A key A revoked (its second device), signing the latest version.
  expect_ack(
      act(*a_, "key.revoke", {{"key", crypto::sha256_hex(second_device.public_key().spki_der())}}));
  expect_refused(act(*a_, "agreement.sign", signature(sa_, second_device, v2, sha2, head(*a_))),
                 "procedure", "key_revoked");
  // B, whose identity no mediator has checked yet.
  expect_refused(sign(sb_, v2, sha2), "identity_unchecked");
  // Tampered: the statement changed after signing, or the signature's bytes.
  auto good = signature(sa_, sa_.key, v2, sha2, head(*a_));
  auto later = good;
  later["time"] = good["time"].get<std::int64_t>() + 1;
  expect_refused(act(*a_, "agreement.sign", later), "procedure", "bad_signature");
  auto flipped = good;
  auto raw = crypto::from_base64(good["signature"].get<std::string>()).value();
  raw[40] = char(raw[40] ^ 0x01);
  flipped["signature"] = crypto::to_base64(raw);
  expect_refused(act(*a_, "agreement.sign", flipped), "procedure", "bad_signature");
  // A root that is no root of this room's log at that size.
  auto wrong_root = good;
  wrong_root["record_root"] = std::string(64, '0');
  expect_refused(act(*a_, "agreement.sign", wrong_root), "procedure", "bad_root");
  // B's own key does not sign for A.
  expect_refused(act(*a_, "agreement.sign", signature(sa_, sb_.key, v2, sha2, head(*a_))),
                 "procedure", "key_unknown");
  // An advisor is no party to the agreement, whatever the signature.
  auto advisor = join(advisor_);
  expect_refused(act(*advisor, "agreement.sign", good), "forbidden");

  expect_ack(act(*a_, "agreement.sign", good));
  // An edit makes a new version: A's signature does not carry over to it.
  const auto [v3, sha3] = save("被申请人于2026年1月15日前支付工资两万四千元");
  expect_refused(act(*a_, "agreement.sign", good), "stale");
  check_identity(*m_, party_b_);
  for (auto* s : {&sb_, &sm_}) expect_ack(sign(*s, v3, sha3));
  expect_refused(act(*m_, "agreement.conclude", json::object()), "procedure", "signatures_missing");
  // Only the accepted signatures are recorded: everyone in main sees exactly those.
  auto signed_events = [](const WsClient& ws) {
    std::vector<std::pair<std::string, int>> out;
    for (const auto& f : ws.received())
      if (f["type"] == "event" && f["header"]["kind"] == "agreement.signed")
        out.emplace_back(f["body"]["signer"], f["body"]["version"]);
    return out;
  };
  while (signed_events(*b_).size() < 3) b_->next_of_type("event");
  EXPECT_EQ(
      signed_events(*b_),
      (std::vector<std::pair<std::string, int>>{
          {party_a_.participant, v2}, {party_b_.participant, v3}, {mediator_.participant, v3}}));
}

TEST_F(Agreement, AnEditedDraftSignedByAllIsSealedOnceTheOrganisationHasAKeyAndDownloads) {
  register_keys();
  save("被申请人支付工资两万元");
  const std::string item = "被申请人于2026年2月1日前一次性支付申请人工资两万四千元";
  const auto [version, sha] = save(item);
  check_identity(*m_, party_b_);
  for (auto* s : {&sa_, &sb_, &sm_}) expect_ack(sign(*s, version, sha));
  EXPECT_EQ(agreement(party_a_, "html").status, 409);

  // Fully signed, it waits for the organisation's key.
  expect_refused(act(*m_, "agreement.conclude", json::object()), "procedure", "no_seal_key");
  const auto org_key = add_org_key();
  const auto listed = json::parse(run_cli({"org", "list", "--data", dir_.string(), "--json"}));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["org"], kOrg);
  EXPECT_EQ(listed[0]["fingerprint"], org_key);
  expect_ack(act(*m_, "agreement.conclude", json::object()));
  for (auto* ws : {a_.get(), b_.get()}) wait_phase(*ws, "agreed");
  const auto seal = event_of_kind(*b_, "agreement.sealed");
  EXPECT_EQ(seal["header"]["actor"], "server");
  EXPECT_EQ(seal["body"]["org_key"], org_key);
  EXPECT_EQ(seal["body"]["phase"], (json{{"from", "mediation"}, {"to", "agreed"}}));
  // The text is frozen.
  expect_refused(act(*m_, "draft.save", {{"draft", draft("改动")}}), "wrong_phase");

  // The JSON holds what anyone can check with any tool: the hash of the canonical draft, each
  // signature over its statement with the key the signer registered, and the seal.
  auto got = agreement(party_b_, "json");
  ASSERT_EQ(got.status, 200) << got.body;
  const auto signed_agreement = got.json_body();
  EXPECT_EQ(signed_agreement["version"], version);
  EXPECT_EQ(signed_agreement["sha256"], sha);
  EXPECT_EQ(crypto::sha256_hex(record::to_canonical(signed_agreement["draft"])), sha);
  ASSERT_EQ(signed_agreement["signatures"].size(), 3u);
  for (const auto& s : signed_agreement["signatures"]) {
    const Signer* signer = nullptr;
    for (const auto* candidate : {&sa_, &sb_, &sm_})
      if (candidate->who.participant == s["signer"]) signer = candidate;
    ASSERT_NE(signer, nullptr) << s;
    EXPECT_EQ(s["key"], signer->fingerprint());
  }
  EXPECT_EQ(signed_agreement["seal"]["org_key"], org_key);
  EXPECT_EQ(signed_agreement["seal"]["seal"], seal["body"]["seal"]);

  // The page names each signer with their key, the seal and the version's hash.
  auto page = agreement(party_a_, "html");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(page.header("x-content-type-options"), "nosniff");
  // Not to be framed by another site nor to tell where it was opened from.
  const auto csp = page.header("content-security-policy");
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
  EXPECT_NE(csp.find("style-src 'sha256-"), std::string::npos) << csp;
  EXPECT_EQ(page.header("x-frame-options"), "DENY");
  EXPECT_EQ(page.header("referrer-policy"), "no-referrer");
  for (const std::string& text :
       {item, sha, org_key, kOrg, std::string("李四"), std::string("王五"), std::string("张三"),
        sa_.fingerprint(), sb_.fingerprint(), sm_.fingerprint()})
    EXPECT_NE(page.body.find(text), std::string::npos) << text;
  // Observers read main and so the agreement; an advisor outside main does not.
  EXPECT_EQ(agreement(observer_, "json").status, 200);
  EXPECT_EQ(agreement(advisor_, "json").status, 404);

  // On from 达成协议: judicial confirmation, the follow-up on performance, then closed, which
  // waits for the follow-up's result (人民调解法 art. 31).
  expect_refused(act(*m_, "phase.advance", {{"to", "closed"}}), "procedure", "transition");
  expect_ack(act(*m_, "phase.advance", {{"to", "confirmation"}}));
  expect_ack(act(*m_, "phase.advance", {{"to", "follow_up"}, {"due", "2027-01-15"}}));
  wait_phase(*a_, "follow_up");
  expect_refused(act(*m_, "phase.advance", {{"to", "closed"}}), "procedure", "followup_missing");
  expect_ack(act(*m_, "followup.record", {{"result", "performed"}, {"date", "2026-12-20"}}));
  expect_ack(act(*m_, "phase.advance", {{"to", "closed"}}));
  wait_phase(*a_, "closed");
  a_->send(send_frame("after-close", "main", "结案之后"));
  EXPECT_EQ(a_->next_of_type("error")["code"], "case_closed");
  // The signed agreement stays downloadable after the case is closed.
  EXPECT_EQ(agreement(party_a_, "json").status, 200);
}

TEST_F(Agreement, TheSealedBundleVerifiesAndAChangedTextOrSignatureIsNamed) {
  const auto org_key = add_org_key();  // before: the last signature seals at once
  register_keys();
  check_identity(*m_, party_b_);
  const auto [version, sha] = save("被申请人于2026年2月1日前支付工资两万四千元");
  for (auto* s : {&sa_, &sb_, &sm_}) expect_ack(sign(*s, version, sha));
  wait_phase(*a_, "agreed");

  // Over HTTPS and from the CLI, the bundle verifies with both keys pinned.
  auto res = api("GET", "/api/rooms/" + room_ + "/export", nullptr, mediator_.cookie);
  ASSERT_EQ(res.status, 200) << res.body;
  const auto https_bundle = dir_ / "case.zip";
  std::ofstream(https_bundle, std::ios::binary) << res.body;
  const auto cli_bundle = dir_ / "case-cli.zip";
  run_cli({"export", room_, "--data", dir_.string(), "--out", cli_bundle.string(), "--json"});
  for (const auto& bundle : {https_bundle, cli_bundle}) {
    SCOPED_TRACE(bundle.string());
    auto ok = verify(bundle, org_key);
    EXPECT_EQ(ok.status, 0) << ok.output;
    EXPECT_NE(ok.output.find("seal 印章:       " + kOrg + " (" + org_key + ")"), std::string::npos)
        << ok.output;
    for (const auto* s : {&sa_, &sb_, &sm_})
      EXPECT_NE(ok.output.find(s->who.participant + " (" + s->role + ")"), std::string::npos)
          << ok.output;
  }
  auto other_org = verify(https_bundle, std::string(64, 'a'));
  EXPECT_EQ(other_org.status, 2);
  EXPECT_NE(other_org.output.find("sealed by an organisation key other than the one given"),
            std::string::npos)
      << other_org.output;

  const auto files = unzip(https_bundle);
  const auto keys = record::ServerKeys::load_or_create(dir_);
  {
    SCOPED_TRACE("the agreement's text changed, the manifest re-signed");
    auto f = files;
    auto& text = f["agreement/versions/" + std::to_string(version) + ".json"];
    const auto at = text.find("两万四千元");
    ASSERT_NE(at, std::string::npos);
    text.replace(at, std::string("两万四千元").size(), "两千四百元");
    resign(f, room_, keys.current().name, keys.current_signer());
    auto failed = verify(f, org_key);
    EXPECT_EQ(failed.status, 2);
    const auto saved = seq_in(files, "draft.saved", mediator_.participant);
    EXPECT_EQ(failed.output, "FAILED 验证失败: agreement/versions/" + std::to_string(version) +
                                 ".json (seq " + std::to_string(saved) +
                                 "): differs from the draft its event records\n");
  }
  {
    SCOPED_TRACE("a signature backdated by an insider with the server key");
    auto f = files;
    const auto seq = seq_in(files, "agreement.signed", party_a_.participant);
    const auto file = "events/bodies/" + std::to_string(seq) + ".json";
    auto body = json::parse(f.at(file));
    body["time"] = body["time"].get<std::int64_t>() - 24 * 3600 * 1000;
    rewrite_body(f, room_, seq, record::to_canonical(body), keys.current().name,
                 keys.current_signer());
    // The log itself was rewritten: another leaf, and checkpoints signed over it.
    EXPECT_NE(f["events/headers.jsonl"], files.at("events/headers.jsonl"));
    auto failed = verify(f, org_key);
    EXPECT_EQ(failed.status, 2);
    EXPECT_EQ(failed.output, "FAILED 验证失败: " + file + " (seq " + std::to_string(seq) +
                                 "): a signature does not verify over its signing statement\n");
  }
}

}  // namespace
}  // namespace mr::test
