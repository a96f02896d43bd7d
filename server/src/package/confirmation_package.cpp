#include "package/confirmation_package.hpp"

#include <algorithm>

#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"
#include "package/dossier_html.hpp"
#include "record/canonical_json.hpp"
#include "record/event.hpp"
#include "record/merkle_tree.hpp"
#include "record/signing_statement.hpp"
#include "room/calendar.hpp"
#include "room/case_state.hpp"
#include "room/confirmation_rules.hpp"
#include "room/policy.hpp"

namespace mr::package {
namespace {

using nlohmann::json;

constexpr const char* kVerifyText =
    R"(本压缩包是一份司法确认申请材料（民诉解释第三百五十一条至第三百五十八条），可在不联网的情况下核验。
This archive is a package for judicial confirmation of a mediation agreement. It can be checked
offline.

打印 / To print: application/dossier.html（用任意浏览器打开，A4 打印 / open in any browser, print on A4）

核验 / To verify:
    mediation-room verify <本文件.zip> --server-key <服务器密钥指纹> --org-key <调解组织印章密钥指纹>

密钥指纹须从调解组织公布的渠道取得，不能只信本压缩包。
Obtain both fingerprints from the mediation organisation through another channel.

程序会核对：调解记录的完整性（清单签名、事件头、检查点、默克尔树根）；协议文本、每个签名与印章；
申请书与记录中的一致、每一方当事人对申请书的确认签名；调解证明的印章及其所覆盖的最终检查点；每份
证据材料的哈希；背对背材料仅列哈希、不含内容；卷宗中每份文件均为记录所载的那一份。
It checks the record (signed manifest, headers, checkpoints, Merkle roots); the agreement text,
every signature and the seal; that the application is the one the record holds and that every
party confirmed it with their key; the organisation's certificate and the final checkpoint it
covers; every evidence file's hash; that caucus documents are listed by hash only; and that the
dossier shows exactly the documents the record names.

格式 / Format: protocol/RECORD.md §6.1.
)";

std::string chinese_day(const room::Day& d) {
  return std::to_string(int(d.year())) + "年" + std::to_string(unsigned(d.month())) + "月" +
         std::to_string(unsigned(d.day())) + "日";
}

}  // namespace

room::CaseState case_state_of(const store::RoomSnapshot& s) {
  room::CaseState state;
  for (const auto& e : s.events) {
    room::CommittedEvent c;
    c.seq = e.seq;
    c.time_ms = e.time_ms;
    c.channel = room::parse_channel(e.channel).value_or(room::Channel::main);
    c.kind = e.kind;
    c.actor = e.actor;
    c.header = e.header;
    c.body = e.body;
    state.apply(c);
  }
  return state;
}

namespace {

std::optional<PackageRefusal> not_ready(const room::CaseState& s) {
  if (auto refusal = room::confirmation_refusal(s, false))
    return PackageRefusal{refusal->rule, refusal->message + " " + refusal->alternatives};
  if (!s.seal())
    return PackageRefusal{"not_concluded",
                          "调解协议尚未经各方签名并加盖调解组织印章，不能制作司法确认材料。/ The "
                          "agreement is not concluded (signed by all and sealed) yet."};
  const auto* application = s.latest_application();
  if (!application)
    return PackageRefusal{"no_application",
                          "主持调解员尚未制作司法确认申请书（选择受理法院）。/ The presiding "
                          "mediator has not prepared the application (chosen the court) yet."};
  std::string missing;
  for (const auto& party : room::named_parties(s, *s.sealed_version()))
    if (!s.application_confirmations(application->version).count(party))
      missing += (missing.empty() ? "" : ", ") + party;
  if (!missing.empty())
    return PackageRefusal{"unconfirmed", "尚有当事人未确认申请书第 " +
                                             std::to_string(application->version) + " 版：" +
                                             missing +
                                             " / Not every party has confirmed the "
                                             "application yet: " +
                                             missing};
  return std::nullopt;
}

}  // namespace

Assembled assemble_confirmation_package(const store::RoomSnapshot& s,
                                        const record::ServerKeys& keys, const record::OrgKeys& orgs,
                                        const record::BundleOptions& given,
                                        const std::string& requester) {
  const auto state = case_state_of(s);
  if (!requester.empty() && requester != state.presiding())
    return PackageRefusal{"forbidden",
                          "司法确认材料由主持调解员下载。/ Only the presiding mediator downloads "
                          "the package."};
  if (auto refusal = not_ready(state)) return *refusal;
  const std::int64_t now = given.now_ms != 0 ? given.now_ms : record::now_ms();
  const auto& seal = state.seal()->body;
  const std::string org = seal.value("org", "");
  const auto* org_key = orgs.find(org);
  if (!org_key)
    return PackageRefusal{"no_seal_key", "调解组织“" + org +
                                             "”没有印章密钥，不能出具调解证明。/ The "
                                             "organisation has no seal key on this server."};
  if (crypto::to_base64(org_key->public_key) != seal.value("org_public_key", ""))
    return PackageRefusal{"no_seal_key",
                          "调解组织的印章密钥与加盖在协议上的不同。/ The organisation's seal key "
                          "is not the one that sealed the agreement."};

  record::MerkleTree tree;
  for (const auto& e : s.events) tree.append(record::leaf_hash(e.header));
  const std::string root_hex = crypto::to_hex(crypto::as_view(tree.root()));
  std::map<std::string, std::string> names;
  for (const auto& p : s.participants) names[p.id] = p.name;

  const auto* application = state.latest_application();
  const std::string application_bytes = record::to_canonical(application->application);
  if (crypto::sha256_hex(application_bytes) != application->sha256)
    return "the application recorded at seq " + std::to_string(application->seq) +
           " does not hash to the sha256 its event gives";
  json confirmations = json::array();
  for (const auto& [_, c] : state.application_confirmations(application->version))
    confirmations.push_back(c.seq);
  std::sort(confirmations.begin(), confirmations.end());

  // 调解证明: who mediated, when, the outcome, over the final checkpoint.
  json mediators = json::array();
  for (const auto& m : state.mediators())
    mediators.push_back({{"id", m}, {"name", names.count(m) ? names[m] : m}});
  const auto window = room::confirmation_window(*state.agreed_at(), now);
  const room::Day started = room::shanghai_day(s.events.empty() ? now : s.events[0].time_ms);
  const json certificate = {
      {"type", record::kCertificateType},
      {"room", s.room.id},
      {"org", org},
      {"org_key", org_key->fingerprint},
      {"mediators", mediators},
      {"started", room::to_string(started)},
      {"concluded", room::to_string(window.agreed)},
      {"outcome", "达成调解协议"},
      {"statement", "兹证明" + org + "于" + chinese_day(started) +
                        "受理本纠纷并主持调解，双方当事人于" + chinese_day(window.agreed) +
                        "自愿达成人民调解协议（第 " + std::to_string(*state.sealed_version()) +
                        " 版），协议经各方签名并加盖本组织印章。"},
      {"agreement_version", *state.sealed_version()},
      {"agreement_sha256", seal.value("draft_sha256", "")},
      {"record_size", std::int64_t(tree.size())},
      {"record_root", root_hex},
      {"time", now}};
  const std::string certificate_bytes = record::to_canonical(certificate);
  const auto certificate_seal = orgs.sign(org, certificate_bytes);
  if (!certificate_seal) return "the organisation's key cannot sign";

  json evidence = json::array(), caucus = json::array();
  for (const auto& [_, d] : state.documents()) {
    if (d.channel == room::Channel::main)
      evidence.push_back(
          {{"seq", d.seq}, {"sha256", d.sha256}, {"name", d.name}, {"size", d.size}});
    else
      caucus.push_back(
          {{"seq", d.seq}, {"channel", room::to_string(d.channel)}, {"sha256", d.sha256}});
  }
  auto by_seq = [](const json& x, const json& y) { return x["seq"] < y["seq"]; };
  std::sort(evidence.begin(), evidence.end(), by_seq);
  std::sort(caucus.begin(), caucus.end(), by_seq);

  const std::string certificate_sha = crypto::sha256_hex(certificate_bytes);
  const json descriptor = {
      {"package", kPackageFormat},
      {"room", s.room.id},
      {"record_size", std::int64_t(tree.size())},
      {"record_root", root_hex},
      {"application",
       {{"file", "application/application.json"},
        {"version", application->version},
        {"sha256", application->sha256},
        {"seq", application->seq},
        {"confirmations", confirmations}}},
      {"agreement",
       {{"file", "agreement/versions/" + std::to_string(*state.sealed_version()) + ".json"},
        {"version", *state.sealed_version()},
        {"sha256", seal.value("draft_sha256", "")},
        {"seal_seq", state.seal()->seq}}},
      {"certificate", {{"file", "application/certificate.json"}, {"sha256", certificate_sha}}},
      {"evidence", evidence},
      {"caucus_documents", caucus},
      {"deadline",
       {{"agreed", room::to_string(window.agreed)},
        {"last_day", room::to_string(window.last_day)},
        {"as_of", room::to_string(window.today)},
        {"days_left", window.days_left},
        {"passed", window.passed}}},
      {"dossier", "application/dossier.html"}};

  auto options = given;
  options.now_ms = now;
  auto& extra = options.extra_files;
  extra["application/package.json"] = record::to_canonical(descriptor);
  extra["application/application.json"] = application_bytes;
  extra["application/certificate.json"] = certificate_bytes;
  extra["application/certificate.seal"] = crypto::to_base64(*certificate_seal) + "\n";
  extra["application/dossier.html"] = render_dossier_html(
      {s, state, names, application->application, certificate, descriptor, application->sha256,
       certificate_sha, crypto::to_base64(*certificate_seal), root_hex,
       keys.current().fingerprint});
  extra["VERIFY.txt"] = kVerifyText;

  auto bundle = record::assemble_bundle(s, keys, false, options);
  if (auto* why = std::get_if<std::string>(&bundle)) return *why;
  auto& b = std::get<record::Bundle>(bundle);
  if (b.summary.root_hex != root_hex) return "the bundle's root is not the certificate's";
  return std::move(b);
}

PackageResult export_confirmation_package(store::Store& store, const std::string& room,
                                          const record::ServerKeys& keys,
                                          const record::OrgKeys& orgs,
                                          const std::filesystem::path& out,
                                          record::BundleOptions options,
                                          const std::string& requester) {
  if (options.now_ms == 0) options.now_ms = record::now_ms();
  json deadline;
  auto result = write_package(store, room, out, options.now_ms, [&](const auto& snapshot) {
    auto assembled = assemble_confirmation_package(snapshot, keys, orgs, options, requester);
    if (auto* bundle = std::get_if<record::Bundle>(&assembled))
      deadline = json::parse(std::get<std::string>(bundle->files.at("application/package.json")))
                     .at("deadline");
    return assembled;
  });
  if (result.ok) {
    result.deadline = deadline["last_day"];
    result.days_left = deadline["days_left"];
    result.passed = deadline["passed"];
  }
  return result;
}

PackageResult write_package(store::Store& store, const std::string& room,
                            const std::filesystem::path& out, std::int64_t now_ms,
                            const std::function<Assembled(const store::RoomSnapshot&)>& assemble) {
  PackageResult result;
  auto snapshot = store.snapshot(room);
  if (!snapshot) {
    result.error = "cannot read room " + room + ": " + snapshot.error().message();
    return result;
  }
  auto assembled = assemble(*snapshot);
  if (auto* refusal = std::get_if<PackageRefusal>(&assembled)) {
    result.refusal = *refusal;
    return result;
  }
  if (auto* why = std::get_if<std::string>(&assembled)) {
    result.error = *why;
    return result;
  }
  auto& bundle = std::get<record::Bundle>(assembled);
  if (auto why = record::write_zip(bundle.files, out, now_ms); !why.empty()) {
    result.error = why;
    return result;
  }
  result.ok = true;
  result.bundle = bundle.summary;
  return result;
}

}  // namespace mr::package
