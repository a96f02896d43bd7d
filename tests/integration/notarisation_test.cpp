// The notarisation route (赋强公证, issue 10 item 4) over real TLS: a sealed agreement with a
// payment item whose debtor — and only its debtor — consents to compulsory enforcement with the
// key their browser made (公证法 art. 37); the consent is refused on an item that is no payment
// obligation or whose terms are not clear; the notarisation package from the CLI and over HTTPS
// for the presiding mediator verifies offline, and a tampered consent is caught by name.
#include "package_fixture.hpp"

namespace mr::test {
namespace {

using namespace mr::testing_support;

class Notarisation : public PackageFixture {
 protected:
  // i1: B owes A 24000 yuan by 2026-02-01 (complete terms); i2: no payment; i3: a payment whose
  // amount and due day are still open.
  json items() override {
    return json::array({{{"id", "i1"},
                         {"text", "被申请人于2026年2月1日前支付申请人工资人民币24000元"},
                         {"payment",
                          {{"kind", "money"},
                           {"amount", "人民币24000元"},
                           {"due", "2026-02-01"},
                           {"debtor", party_b_.participant},
                           {"creditor", party_a_.participant}}}},
                        {{"id", "i2"}, {"text", "双方就本纠纷再无其他争议"}},
                        {{"id", "i3"},
                         {"text", "被申请人另行补偿申请人交通费用"},
                         {"payment",
                          {{"kind", "money"},
                           {"amount", ""},
                           {"due", ""},
                           {"debtor", party_b_.participant},
                           {"creditor", party_a_.participant}}}}});
  }

  json sealed_draft() {
    const auto sealed = event_of_kind(*m_, "agreement.sealed")["body"];
    return {{"version", sealed["version"]}, {"sha256", sealed["draft_sha256"]}};
  }
  json payment_of(const std::string& item) {
    for (const auto& i : items())
      if (i["id"] == item && i.contains("payment")) return i["payment"];
    return json::object();
  }
  // The consent as the debtor's browser signs it (RECORD.md §5.4).
  json consent_args(const Signer& s, const std::string& item) {
    const auto d = sealed_draft();
    const auto at = head(*s.ws);
    const auto time = now_ms();
    const auto statement = record::enforcement_consent_statement_bytes(
        {room_, d["version"], d["sha256"], item, payment_of(item), s.who.participant, at.size,
         at.root, time});
    return {{"version", d["version"]},
            {"draft_sha256", d["sha256"]},
            {"item", item},
            {"key", s.fingerprint()},
            {"record_size", at.size},
            {"record_root", at.root},
            {"time", time},
            {"signature", crypto::to_base64(s.key.sign(statement))}};
  }
  void consent() {
    expect_ack(act(*b_, "enforcement.consent", consent_args(sb_, "i1")));
    event_of_kind(*m_, "enforcement.consented");
  }
  CliResult export_notarisation(const std::filesystem::path& out) {
    return export_package(out, "notarisation");
  }
};

TEST_F(Notarisation, OnlyTheDebtorConsentsAndOnlyToACompletePaymentItem) {
  const auto early = export_notarisation(dir_ / "early.zip");
  EXPECT_EQ(early.status, 3) << early.output;
  EXPECT_NE(early.output.find("no_consent"), std::string::npos) << early.output;

  // The creditor, the mediator and an observer do not consent for the debtor.
  auto observer = join(observer_);
  expect_refused(act(*a_, "enforcement.consent", consent_args(sa_, "i1")), "procedure",
                 "not_debtor");
  expect_refused(act(*m_, "enforcement.consent", consent_args(sm_, "i1")), "forbidden");
  expect_refused(act(*observer, "enforcement.consent", consent_args(sa_, "i1")), "forbidden");
  // Not on an item that is no payment obligation, nor on one whose terms are open.
  expect_refused(act(*b_, "enforcement.consent", consent_args(sb_, "i2")), "procedure",
                 "not_payment");
  const auto open = act(*b_, "enforcement.consent", consent_args(sb_, "i3"));
  expect_refused(open, "procedure", "terms_incomplete");
  EXPECT_NE(open.value("message", "").find("amount"), std::string::npos) << open;
  expect_refused(act(*b_, "enforcement.consent", consent_args(sb_, "i9")), "procedure",
                 "no_such_item");
  // With the debtor's own key, over exactly these terms.
  auto borrowed = consent_args(sb_, "i1");
  borrowed["key"] = sa_.fingerprint();
  expect_refused(act(*b_, "enforcement.consent", borrowed), "procedure", "key_unknown");
  auto later = consent_args(sb_, "i1");
  later["time"] = later["time"].get<std::int64_t>() + 1;
  expect_refused(act(*b_, "enforcement.consent", later), "procedure", "bad_signature");
  auto stale = consent_args(sb_, "i1");
  stale["draft_sha256"] = std::string(64, 'a');
  expect_refused(act(*b_, "enforcement.consent", stale), "stale");

  expect_ack(act(*b_, "enforcement.consent", consent_args(sb_, "i1")));
  const auto consented = event_of_kind(*a_, "enforcement.consented")["body"];
  EXPECT_EQ(consented["item"], "i1");
  EXPECT_EQ(consented["signer"], party_b_.participant);
  EXPECT_EQ(consented["payment"]["amount"], "人民币24000元");
  expect_refused(act(*b_, "enforcement.consent", consent_args(sb_, "i1")), "procedure",
                 "already_consented");

  // The console lists the agreement as having the notarisation route.
  const auto rooms = api("GET", "/api/rooms", nullptr, mediator_.cookie).json_body();
  bool listed = false;
  for (const auto& c : rooms["cases"])
    if (c["room"]["id"] == room_) {
      EXPECT_EQ(c["case"]["enforceable_items"], json::array({"i1"})) << c;
      listed = true;
    }
  EXPECT_TRUE(listed) << rooms;
}

TEST_F(Notarisation, ThePackageVerifiesFromTheCliAndOverHttps) {
  consent();
  const auto cli_zip = dir_ / "notarisation.zip";
  const auto exported = export_notarisation(cli_zip);
  ASSERT_EQ(exported.status, 0) << exported.output;
  EXPECT_NE(exported.output.find("赋强公证材料"), std::string::npos) << exported.output;

  EXPECT_EQ(
      api("GET", "/api/rooms/" + room_ + "/package?kind=notarisation", nullptr, party_b_.cookie)
          .status,
      401);
  EXPECT_EQ(
      api("GET", "/api/rooms/" + room_ + "/package?kind=other", nullptr, mediator_.cookie).status,
      400);
  auto res =
      api("GET", "/api/rooms/" + room_ + "/package?kind=notarisation", nullptr, mediator_.cookie);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.header("content-type"), "application/zip");
  const auto https_zip = dir_ / "notarisation-https.zip";
  std::ofstream(https_zip, std::ios::binary) << res.body;

  for (const auto& zip : {cli_zip, https_zip})
    expect_verified(
        zip, {"VERIFIED 验证通过 — 赋强公证申请材料", "给付义务 obligation i1", "人民币24000元",
              "2026-02-01", "债务人 debtor 王五 → 债权人 creditor 李四"});
  const auto files = unzip(cli_zip);
  for (const char* name : {"notarisation/package.json", "notarisation/dossier.html", "VERIFY.txt",
                           "record.html", "agreement/versions/1.json"})
    EXPECT_TRUE(files.count(name)) << name;
  EXPECT_FALSE(files.count("application/package.json"));
  const auto descriptor = json::parse(files.at("notarisation/package.json"));
  ASSERT_EQ(descriptor["obligations"].size(), 1u);
  EXPECT_EQ(descriptor["obligations"][0]["debtor"]["id_number"], "91330100MA27XXXX1X");
  EXPECT_EQ(descriptor["obligations"][0]["creditor"]["name"], "李四");
  const auto& dossier = files.at("notarisation/dossier.html");
  EXPECT_EQ(dossier.find("<script"), std::string::npos);
  for (const std::string& text : {std::string("赋强公证申请材料"), std::string("自愿接受强制执行"),
                                  std::string("人民币24000元"), std::string("330102199001011234"),
                                  sb_.fingerprint(), org_key_})
    EXPECT_NE(dossier.find(text), std::string::npos) << text;
  EXPECT_EQ(dossier.find("我最低接受两万元"), std::string::npos);
}

TEST_F(Notarisation, ATamperedConsentIsCaughtByName) {
  consent();
  const auto zip = dir_ / "notarisation.zip";
  ASSERT_EQ(export_notarisation(zip).status, 0);
  ASSERT_EQ(verify(zip).status, 0);
  const auto files = unzip(zip);
  const auto keys = record::ServerKeys::load_or_create(dir_);
  const auto seq = seq_of(files, "enforcement.consented", party_b_.participant);
  ASSERT_GE(seq, 0);
  const auto body_name = "events/bodies/" + std::to_string(seq) + ".json";
  // An insider rewrites the consent in the log, re-signs the checkpoints and names the
  // rewritten log in the descriptor: only the debtor's signature can still tell.
  auto rewritten = [&](const std::function<void(json&)>& change) {
    auto f = files;
    auto body = json::parse(f.at(body_name));
    change(body);
    rewrite_body(f, room_, std::size_t(seq), record::to_canonical(body), keys.current().name,
                 keys.current_signer());
    record::MerkleTree tree;
    for (const auto& line : lines_of(f["events/headers.jsonl"]))
      tree.append(record::leaf_hash(line));
    auto descriptor = json::parse(f["notarisation/package.json"]);
    descriptor["record_root"] = crypto::to_hex(crypto::as_view(tree.root()));
    f["notarisation/package.json"] = record::to_canonical(descriptor);
    resign(f);
    return f;
  };
  const auto at = " (seq " + std::to_string(seq) + "): ";
  {
    SCOPED_TRACE("the consent signed by the creditor's key instead of the debtor's");
    auto f = rewritten([&](json& b) {
      const auto d = sealed_draft();
      const auto statement = record::enforcement_consent_statement_bytes(
          {room_, d["version"], d["sha256"], "i1", payment_of("i1"), party_b_.participant,
           b["record_size"], b["record_root"], b["time"]});
      b["signature"] = crypto::to_base64(sa_.key.sign(statement));
    });
    expect_fault(verify(f),
                 body_name + at + "the enforcement consent does not verify over its statement");
  }
  {
    SCOPED_TRACE("a larger amount in the consent than the agreement's");
    auto f = rewritten([](json& b) { b["payment"]["amount"] = "人民币240000元"; });
    expect_fault(verify(f),
                 body_name + at + "the obligation's terms are not the agreement's item i1");
  }
  {
    SCOPED_TRACE("the consent's body left out");
    auto f = files;
    f.erase(body_name);
    resign(f);
    expect_fault(verify(f), body_name);
  }
  {
    SCOPED_TRACE("the consent missing from the dossier");
    auto f = files;
    auto& html = f["notarisation/dossier.html"];
    const auto from = html.find("data-consent=");
    ASSERT_NE(from, std::string::npos);
    html.replace(from, 13, "data-removed=");
    resign(f);
    expect_fault(verify(f), "notarisation/dossier.html (seq " + std::to_string(seq) +
                                "): the consent for item i1 is missing from the dossier");
  }
}

}  // namespace
}  // namespace mr::test
