#pragma once
// A whole case up to a sealed agreement over real TLS, with the helpers the package tests share
// (package_test: the judicial-confirmation package; notarisation_test: the notarisation route):
// the parties' and the mediator's signing keys, statements signed as the browser signs them, the
// CLI export and verify.
#include <fstream>

#include "bundle_files.hpp"
#include "crypto/ecdsa_p256.hpp"
#include "crypto/ed25519.hpp"
#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"
#include "procedure_fixture.hpp"
#include "record/canonical_json.hpp"
#include "record/checkpoint.hpp"
#include "record/merkle_tree.hpp"
#include "record/server_keys.hpp"
#include "record/signing_statement.hpp"
#include "sample_files.hpp"

namespace mr::test {

using namespace mr::testing_support;

inline const std::string kOrg = "西湖区人民调解委员会";
inline const std::string kCourt = "杭州市西湖区人民法院";

class PackageFixture : public ProcedureFixture {
 protected:
  // A whole case up to a sealed agreement: evidence in main, a document and a word in A's
  // caucus, an undisputed fact both parties confirm, every signature.
  void SetUp() override {
    ProcedureFixture::SetUp();
    m_ = join(mediator_);
    a_ = join(party_a_);
    b_ = join(party_b_);
    sm_.ws = m_.get();
    sa_.ws = a_.get();
    sb_.ws = b_.get();
    org_key_ = json::parse(
        run_cli({"org", "add", "--data", dir_.string(), "--name", kOrg, "--json"}))["fingerprint"];
    evidence_ = share(party_a_, "工资条.pdf", kPdf, "main");
    caucus_doc_ = share(party_a_, "底线说明.pdf", kPdf + "%caucus\n", "caucus:A");
    to_mediation(*m_, *a_, *b_);
    check_identity(*m_, party_a_);
    check_identity(*m_, party_b_);
    expect_ack(act(*m_, "caucus.open", {{"side", "A"}}));
    a_->send(send_frame("c1", "caucus:A", "我最低接受两万元"));
    event_with_text(*m_, "我最低接受两万元");
    expect_ack(act(*m_, "caucus.close", {{"side", "A"}}));
    expect_ack(act(*m_, "transcript.write",
                   {{"kind", "fact"},
                    {"side", nullptr},
                    {"text", "申请人于2025年3月至5月在被申请人处工作。"}}));
    const auto fact = event_of_kind(*m_, "transcript.entry")["body"];
    for (auto* ws : {a_.get(), b_.get()})
      expect_ack(act(*ws, "facts.confirm",
                     {{"entry", fact["entry"]},
                      {"version", fact["version"]},
                      {"sha256", fact["sha256"]},
                      {"confirm", true}}));
    // Not before the agreement is sealed.
    expect_refused(act(*m_, "application.prepare", prepare_args()), "wrong_phase");
    for (auto* s : {&sa_, &sb_, &sm_})
      expect_ack(act(*s->ws, "key.register",
                     {{"public_key", crypto::to_base64(s->key.public_key().spki_der())},
                      {"device", "浏览器"}}));
    expect_ack(act(*m_, "draft.save", {{"draft", draft()}}));
    const auto saved = event_of_kind(*m_, "draft.saved")["body"];
    for (auto* s : {&sa_, &sb_, &sm_})
      expect_ack(act(*s->ws, "agreement.sign",
                     sign_args(*s, saved["version"], saved["sha256"], head(*s->ws))));
    wait_phase(*a_, "agreed");
  }

  json share(const Person& who, const std::string& name, const std::string& bytes,
             const std::string& channel) {
    auto started = api("POST", "/r/" + room_ + "/api/uploads",
                       {{"name", name}, {"size", bytes.size()}, {"channel", channel}}, who.cookie);
    EXPECT_EQ(started.status, 201) << started.body;
    auto put = https(*tls_, server_->port(), "PUT",
                     "/r/" + room_ + "/api/uploads/" +
                         started.json_body()["upload"]["id"].get<std::string>() + "?offset=0",
                     bytes, who.cookie, {}, "application/octet-stream");
    EXPECT_EQ(put.status, 201) << put.body;
    return put.json_body()["document"];
  }

  // The agreed items; a test of the notarisation route gives one a payment obligation.
  virtual json items() {
    return json::array({{{"id", "i1"}, {"text", "被申请人于2026年2月1日前支付工资两万四千元"}}});
  }

  json draft() {
    auto party = [](const Person& p, const char* side, const char* name, const char* id_type,
                    const char* id_number) {
      return json{{"participant", p.participant},
                  {"side", side},
                  {"role", "party"},
                  {"name", name},
                  {"sex", nullptr},
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
        {"items", items()},
        {"performance", {{"way", "银行转账"}, {"place", "杭州市"}, {"deadline", "2026年2月1日前"}}},
        {"copies", 3},
        {"notes", ""}};
  }

  json sign_args(const Signer& s, int version, const std::string& sha, const Head& at) {
    const auto time = now_ms();
    const auto statement = record::signing_statement_bytes(
        {room_, version, sha, s.who.participant, s.role, at.size, at.root, time});
    return {{"version", version},
            {"draft_sha256", sha},
            {"key", s.fingerprint()},
            {"record_size", at.size},
            {"record_root", at.root},
            {"time", time},
            {"signature", crypto::to_base64(s.key.sign(statement))}};
  }
  // The application confirmation as the browser signs it (RECORD.md §5.2).
  json confirm_args(const Signer& s, int version, const std::string& sha) {
    const auto at = head(*s.ws);
    const auto time = now_ms();
    const auto statement = record::application_statement_bytes(
        {room_, version, sha, s.who.participant, at.size, at.root, time});
    return {{"version", version},
            {"application_sha256", sha},
            {"key", s.fingerprint()},
            {"record_size", at.size},
            {"record_root", at.root},
            {"time", time},
            {"signature", crypto::to_base64(s.key.sign(statement))}};
  }
  static json prepare_args(bool ownership = false) {
    return {
        {"basis", "organisation_location"}, {"court", kCourt}, {"confirms_ownership", ownership}};
  }
  // Prepares the application and has both parties confirm it; answers its version and hash.
  std::pair<int, std::string> prepare_and_confirm() {
    expect_ack(act(*m_, "application.prepare", prepare_args()));
    const auto body = event_of_kind(*m_, "application.prepared")["body"];
    const int version = body["version"];
    const std::string sha = body["sha256"];
    for (auto* s : {&sa_, &sb_})
      expect_ack(act(*s->ws, "application.confirm", confirm_args(*s, version, sha)));
    event_of_kind(*m_, "application.confirmed");
    return {version, sha};
  }
  std::string server_key() {
    return json::parse(run_cli({"keys", "--data", dir_.string(), "--json"}))[0]["fingerprint"];
  }
  CliResult verify(const std::filesystem::path& zip) {
    return run_cli_status(
        {"verify", zip.string(), "--server-key", server_key(), "--org-key", org_key_});
  }
  CliResult verify(const BundleFiles& files) {
    const auto path = dir_ / "tampered.zip";
    rezip(files, path);
    return verify(path);
  }
  CliResult export_package(const std::filesystem::path& out,
                           const std::string& kind = "confirmation") {
    return run_cli_status(
        {"export", room_, "--data", dir_.string(), "--out", out.string(), "--package", kind});
  }
  static std::int64_t seq_of(const BundleFiles& files, const std::string& kind,
                             const std::string& actor) {
    std::int64_t found = -1;
    const auto headers = lines_of(files.at("events/headers.jsonl"));
    for (std::size_t i = 0; i < headers.size(); ++i) {
      const auto h = json::parse(headers[i]);
      if (h["kind"] == kind && (actor.empty() || h["actor"] == actor)) found = std::int64_t(i);
    }
    return found;
  }
  void resign(BundleFiles& f) {
    const auto keys = record::ServerKeys::load_or_create(dir_);
    testing_support::resign(f, room_, keys.current().name, keys.current_signer());
  }
  static void expect_fault(const CliResult& r, const std::string& text) {
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_EQ(r.output.rfind("FAILED 验证失败: ", 0), 0u) << r.output;
    EXPECT_NE(r.output.find(text), std::string::npos) << r.output;
  }
  // `verify` passes `zip`, and its verdict says each of `texts`.
  void expect_verified(const std::filesystem::path& zip, const std::vector<std::string>& texts) {
    SCOPED_TRACE(zip.string());
    const auto ok = verify(zip);
    EXPECT_EQ(ok.status, 0) << ok.output;
    for (const auto& text : texts)
      EXPECT_NE(ok.output.find(text), std::string::npos) << text << "\n" << ok.output;
  }

  std::unique_ptr<WsClient> m_, a_, b_;
  Signer sa_{party_a_, "party"}, sb_{party_b_, "party"}, sm_{mediator_, "mediator"};
  std::string org_key_;
  json evidence_, caucus_doc_;
};

}  // namespace mr::test
