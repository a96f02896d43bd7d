#include "cli/record_commands.hpp"

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/store_access.hpp"
#include "cli/time_report.hpp"
#include "crypto/encoding.hpp"
#include "crypto/timestamp_token.hpp"
#include "package/confirmation_package.hpp"
#include "package/notarisation_package.hpp"
#include "record/bundle_writer.hpp"
#include "record/event.hpp"
#include "record/org_keys.hpp"
#include "record/server_keys.hpp"
#include "store/blob_store.hpp"
#include "verify/bundle_verifier.hpp"
#include "verify/notarisation_verify.hpp"
#include "verify/package_verify.hpp"

namespace mr::cli {
namespace {

using json = nlohmann::json;

json key_json(const record::ServerKey& k) {
  return {{"name", k.name},
          {"key_id", k.key_id},
          {"public_key", crypto::to_base64(k.public_key)},
          {"fingerprint", k.fingerprint},
          {"valid_from_ms", k.valid_from_ms},
          {"valid_until_ms", k.valid_until_ms ? json(*k.valid_until_ms) : json(nullptr)}};
}

void add_keys(CLI::App& app) {
  static std::string data = "data", server_name = std::string(record::kDefaultServerName);
  static bool as_json = false, rotate = false;
  auto* keys = app.add_subcommand("keys", "list the server's checkpoint signing keys");
  keys->add_option("--data", data, "data directory")->capture_default_str();
  keys->add_option("--server-name", server_name, "name used for a key made now")
      ->capture_default_str();
  keys->add_flag("--rotate", rotate,
                 "make a new current key; the old one stays listed with its end time. Stop the "
                 "server first: a running server keeps signing with the key it started with");
  keys->add_flag("--json", as_json, "print JSON");
  keys->callback([] {
    auto k = record::ServerKeys::load_or_create(data, server_name, record::now_ms());
    if (rotate) k.rotate(record::now_ms());
    json out = json::array();
    for (const auto& key : k.list()) {
      out.push_back(key_json(key));
      if (!as_json)
        std::cout << key.name << "  id " << key.key_id << "  public key "
                  << crypto::to_base64(key.public_key) << "  fingerprint " << key.fingerprint
                  << (key.valid_until_ms ? "  (retired)" : "  (current)") << "\n";
    }
    if (as_json) std::cout << out.dump() << "\n";
  });
}

// `export --package confirmation|notarisation`: the package, or the refusal with its rule (exit 3).
void export_package(store::Store& store, const record::ServerKeys& keys,
                    store::FileBlobStore& blobs, const std::string& data, const std::string& room,
                    const std::string& out, const std::string& server_name, bool as_json,
                    const std::string& kind) {
  const record::BundleOptions options{server_name, 0,
                                      [&blobs](const std::string& sha) { return blobs.find(sha); }};
  package::PackageResult result;
  if (kind == "notarisation") {
    result = package::export_notarisation_package(store, room, keys, out, options);
  } else {
    record::OrgKeys orgs;
    try {
      orgs = record::OrgKeys::load(data);
    } catch (const std::exception& e) {
      std::cerr << "error: " << e.what() << "\n";
      throw CLI::RuntimeError(1);
    }
    result = package::export_confirmation_package(store, room, keys, orgs, out, options);
  }
  if (result.refusal) {
    if (as_json)
      std::cout << json{{"ok", false},
                        {"refused", result.refusal->code},
                        {"message", result.refusal->message}}
                       .dump()
                << "\n";
    else
      std::cerr << "refused 不能制作 (" << result.refusal->code << "): " << result.refusal->message
                << "\n";
    throw CLI::RuntimeError(3);
  }
  if (!result.ok) {
    std::cerr << "error: " << result.error << "\n";
    throw CLI::RuntimeError(1);
  }
  if (kind == "notarisation") {
    if (as_json)
      std::cout << json{{"ok", true},
                        {"file", out},
                        {"events", result.bundle.events},
                        {"root", result.bundle.root_hex}}
                       .dump()
                << "\n";
    else
      std::cout << "wrote 已生成 " << out << ": 赋强公证材料 / notarisation package, "
                << result.bundle.events << " events, root " << result.bundle.root_hex << "\n";
    return;
  }
  if (as_json)
    std::cout << json{{"ok", true},
                      {"file", out},
                      {"events", result.bundle.events},
                      {"root", result.bundle.root_hex},
                      {"deadline", result.deadline},
                      {"days_left", result.days_left},
                      {"passed", result.passed}}
                     .dump()
              << "\n";
  else
    std::cout << "wrote 已生成 " << out << ": 司法确认材料 / confirmation package, "
              << result.bundle.events << " events, root " << result.bundle.root_hex << "\n"
              << "  申请期限 deadline: " << result.deadline
              << (result.passed ? "  已过期限 / the 30-day window has passed"
                                : "  尚余 " + std::to_string(result.days_left) + " 日 / days left")
              << "\n";
}

void add_export(CLI::App& app) {
  static std::string data = "data", room, out,
                     server_name = std::string(record::kDefaultServerName);
  static std::string package;
  static bool include_private = false, as_json = false;
  auto* cmd = app.add_subcommand(
      "export",
      "write a room's record bundle, or with --package confirmation the package for a court, "
      "--package notarisation the package for a notary office (zip)");
  cmd->add_option("room", room, "room id")->required();
  cmd->add_option("--out", out, "output file, e.g. case.zip")->required();
  cmd->add_option("--data", data, "data directory")->capture_default_str();
  cmd->add_option("--server-name", server_name, "server name in checkpoint origins")
      ->capture_default_str();
  cmd->add_flag("--include-private", include_private,
                "also include caucus (背对背) and consult message bodies");
  cmd->add_option("--package", package,
                  "confirmation: the judicial-confirmation package (司法确认材料): application, "
                  "signed agreement, 调解笔录, evidence, the organisation's certificate, dossier; "
                  "notarisation: the notarisation package (赋强公证材料): the agreement, the "
                  "debtor's consent to enforcement, the parties' details, dossier")
      ->check(CLI::IsMember({"confirmation", "notarisation"}));
  cmd->add_flag("--json", as_json, "print the result as JSON");
  cmd->callback([] {
    // Read-only: an export never writes to the store, so it works on a copy or a full disk.
    auto store = open_store(data, store::OpenMode::read_only);
    if (!need(store->room(room))) {
      std::cerr << "error: no such room " << room << "\n";
      throw CLI::RuntimeError(1);
    }
    auto keys = record::ServerKeys::load_or_create(data, server_name, record::now_ms());
    store::FileBlobStore blobs(data);
    if (!package.empty())
      return export_package(*store, keys, blobs, data, room, out, server_name, as_json, package);
    auto result = record::export_bundle(
        *store, room, keys, include_private, out,
        {server_name, 0, [&blobs](const std::string& sha) { return blobs.find(sha); }});
    if (!result.ok) {
      std::cerr << "error: " << result.error << "\n";
      throw CLI::RuntimeError(1);
    }
    if (as_json)
      std::cout << json{{"file", out},
                        {"events", result.events},
                        {"bodies", result.bodies},
                        {"checkpoints", result.checkpoints},
                        {"timestamps", result.timestamps},
                        {"root", result.root_hex}}
                       .dump()
                << "\n";
    else
      std::cout << "wrote " << out << ": " << result.events << " events, " << result.bodies
                << " bodies, " << result.checkpoints << " checkpoints (" << result.timestamps
                << " with a TSA token), root " << result.root_hex << "\n";
  });
}

// The fingerprints a key listing names: keys.json or /api/keys ({"keys": [...]}), or the output of
// `keys --json` ([...]). Throws with the reason.
std::vector<std::string> fingerprints_in(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  auto listing = json::parse(in, nullptr, false);
  if (listing.is_object() && listing.contains("keys")) listing = listing["keys"];
  std::vector<std::string> out;
  if (listing.is_array())
    for (const auto& k : listing)
      if (k.is_object() && k.contains("fingerprint") && k["fingerprint"].is_string())
        out.push_back(k["fingerprint"]);
  if (out.empty()) throw std::runtime_error(path + " lists no key fingerprint");
  return out;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return {std::istreambuf_iterator<char>(in), {}};
}

// What a verdict without a pinned key or held checkpoint means, for bundles and packages alike.
constexpr const char* kOriginUnproven =
    "  本文件包自身完整一致，但没有任何来自文件包之外的依据证明它出自调解组织的服务器："
    "任何人都可以用自己的密钥伪造一个同样自洽的文件包。请向调解组织另行索取服务器密钥指纹"
    "（--server-key），或使用当事人从调解室页面下载的检查点（--checkpoint）。\n"
    "  The bundle is intact in itself, but nothing from outside it shows that it came from the "
    "mediation organisation's server: anyone can forge an equally consistent bundle with a key "
    "of their own. Obtain the server key's fingerprint from the organisation by another channel "
    "(--server-key), or check it against a checkpoint a participant downloaded from the room "
    "page (--checkpoint).\n";

// A package verdict's first lines: verified and by what pin, or only self-consistent.
// `package`: which kind, in Chinese and English.
void print_package_verdict_head(const verify::VerifyResult& r, const char* package) {
  if (r.origin_proven)
    std::cout << "VERIFIED 验证通过 — " << package << "\n"
              << "  origin 来源:               " << r.proven_by << "\n";
  else
    std::cout << "SELF-CONSISTENT ONLY, ORIGIN UNPROVEN 仅内部一致，来源未经证实 — " << package
              << "\n"
              << kOriginUnproven;
}

// Names one after another, each followed by a space, as the reports list them.
std::string spaced(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += name + " ";
  return out;
}

// The members of a package verdict in JSON that the record gives, whichever the package; each
// report adds what its package adds.
json package_verdict_json(const verify::VerifyResult& bundle, const char* package, bool ok,
                          const std::optional<verify::Fault>& fault) {
  const auto& s = bundle.summary;
  return json{{"ok", ok},
              {"package", package},
              {"origin_proven", bundle.origin_proven},
              {"proven_by", bundle.proven_by},
              {"room", s.room},
              {"events", s.events},
              {"signers", s.signers},
              {"seal", s.seal},
              {"final_root", s.final_root},
              {"server_key", s.server_key_fingerprint},
              {"fault", fault ? json(fault->message()) : json(nullptr)}};
}

// A package verdict's lines on the record as a whole: its events, final root and server key.
void print_package_record_lines(const verify::Summary& s) {
  std::cout << "  事件 events:               " << s.events << "，最终根哈希 final root "
            << s.final_root << "\n"
            << "  服务器密钥 server key:     " << s.server_key_fingerprint << "\n";
}

// A verdict's last lines: what no verification of a bundle or package can prove.
void print_cannot_prove(const std::vector<std::string>& cannot_prove) {
  std::cout << "This does not prove 本验证不能证明:\n";
  for (const auto& line : cannot_prove) std::cout << "  - " << line << "\n";
}

// Exit statuses of `verify` (README, RECORD.md §7).
constexpr int kVerifyFailed = 2;
constexpr int kOnlySelfConsistent = 3;

// A confirmation package's verdict: the record's summary, then what the package adds, in
// Chinese and English for a clerk; or the first fault.
void report_package(const verify::PackageVerifyResult& r, bool as_json) {
  const auto& p = r.package;
  const auto& s = r.bundle.summary;
  if (as_json) {
    auto verdict = package_verdict_json(r.bundle, "confirmation", r.ok, r.fault);
    verdict.update(json{{"court", p.court},
                        {"basis", p.basis},
                        {"organisation", p.organisation},
                        {"applicants", p.applicants},
                        {"confirmed_by", p.confirmed_by},
                        {"agreement_version", p.agreement_version},
                        {"application_version", p.application_version},
                        {"agreed", p.agreed},
                        {"deadline", p.last_day},
                        {"days_left", p.days_left},
                        {"passed", p.passed},
                        {"evidence", p.evidence},
                        {"caucus_documents", p.caucus_documents}});
    std::cout << verdict.dump() << "\n";
    return;
  }
  if (!r.ok) {
    std::cout << "FAILED 验证失败: " << r.fault->message() << "\n";
    return;
  }
  const auto applicants = spaced(p.applicants), confirmed = spaced(p.confirmed_by),
             signers = spaced(s.signers);
  print_package_verdict_head(r.bundle, "司法确认申请材料 / judicial-confirmation package");
  std::cout << "  案件 case:                 " << s.room << "  " << s.title << " (" << s.field
            << ")\n"
            << "  受理法院 court:            " << p.court << "（民诉法第205条 " << p.basis
            << " / Civil Procedure Law art. 205)\n"
            << "  申请人 applicants:         " << applicants << "\n"
            << "  申请书确认 confirmed by:   " << confirmed << "(申请书第 " << p.application_version
            << " 版 / application v" << p.application_version << ")\n"
            << "  调解协议 agreement:        第 " << p.agreement_version << " 版 / v"
            << p.agreement_version << "，签名 signed by: " << signers << "\n"
            << "  印章 seal:                 " << s.seal << "\n"
            << "  调解证明 certificate:      " << p.organisation << "，印章密钥 key "
            << p.certificate_key << "，覆盖最终检查点 over the final checkpoint\n"
            << "  证据材料 evidence:         " << p.evidence << " 份 files（背对背材料仅列哈希 "
            << p.caucus_documents << " 份 caucus documents by hash only）\n"
            << "  申请期限 deadline:         " << p.last_day << "（协议 " << p.agreed
            << " 生效 / took effect；截至 as of " << p.as_of
            << (p.passed ? "：已过期限 / passed"
                         : "：尚余 " + std::to_string(p.days_left) + " 日 / days left")
            << "）\n";
  print_package_record_lines(s);
  std::cout << checkpoint_times_text(s);
  print_cannot_prove(r.bundle.cannot_prove);
}

// A notarisation package's verdict: each obligation, its terms and who consented; or the fault.
void report_notarisation(const verify::NotarisationVerifyResult& r, bool as_json) {
  const auto& p = r.package;
  const auto& s = r.bundle.summary;
  if (as_json) {
    json obligations = json::array();
    for (const auto& o : p.obligations)
      obligations.push_back({{"item", o.item},
                             {"kind", o.kind},
                             {"amount", o.amount},
                             {"due", o.due},
                             {"debtor", o.debtor},
                             {"creditor", o.creditor},
                             {"consent_seq", o.consent_seq}});
    auto verdict = package_verdict_json(r.bundle, "notarisation", r.ok, r.fault);
    verdict.update(json{{"agreement_version", p.agreement_version},
                        {"organisation", p.organisation},
                        {"parties", p.parties},
                        {"obligations", obligations}});
    std::cout << verdict.dump() << "\n";
    return;
  }
  if (!r.ok) {
    std::cout << "FAILED 验证失败: " << r.fault->message() << "\n";
    return;
  }
  const auto signers = spaced(s.signers), parties = spaced(p.parties);
  print_package_verdict_head(r.bundle, "赋强公证申请材料 / notarisation package");
  std::cout << "  案件 case:                 " << s.room << "  " << s.title << " (" << s.field
            << ")\n"
            << "  当事人 parties:            " << parties << "\n"
            << "  调解协议 agreement:        第 " << p.agreement_version << " 版 / v"
            << p.agreement_version << "，签名 signed by: " << signers << "\n"
            << "  印章 seal:                 " << s.seal << "\n";
  for (const auto& o : p.obligations)
    std::cout << "  给付义务 obligation " << o.item << ":  " << o.amount << "，" << o.due
              << " 前 / due；债务人 debtor " << o.debtor << " → 债权人 creditor " << o.creditor
              << "；自愿接受强制执行承诺已由债务人签署 / consent to enforcement signed by the "
                 "debtor (event "
              << o.consent_seq << ")\n";
  print_package_record_lines(s);
  print_cannot_prove(r.bundle.cannot_prove);
}

void add_verify(CLI::App& app) {
  static std::string bundle, server_key, server_keys_file, org_key;
  static std::vector<std::string> checkpoints, tsa_cas;
  static bool as_json = false;
  auto* cmd = app.add_subcommand(
      "verify",
      "check a bundle offline. Exit 0: intact and its origin proven by a pinned key or checkpoint; "
      "3: intact in itself but nothing from outside pins its origin; 2: not intact; 1: could not "
      "check");
  cmd->add_option("bundle", bundle, "the bundle (zip)")->required();
  cmd->add_option("--server-key", server_key,
                  "expected SHA-256 fingerprint of the server key (from `mediation-room keys`)");
  cmd->add_option("--server-keys", server_keys_file,
                  "a key listing obtained from the server by another channel (GET /api/keys, or "
                  "`mediation-room keys --json`): the manifest must be signed by one of its keys");
  cmd->add_option("--checkpoint", checkpoints,
                  "a checkpoint held outside the server (the note a participant downloaded from "
                  "the room page); the bundle must extend it (repeatable)");
  cmd->add_option(
      "--org-key", org_key,
      "expected SHA-256 fingerprint of the organisation's seal key (`mediation-room org "
      "list`)");
  cmd->add_option("--tsa-ca", tsa_cas,
                  "PEM certificates of the time-stamping authorities to trust (repeatable, or a "
                  "bundle): each checkpoint's RFC 3161 token must chain to one of them");
  cmd->add_flag("--json", as_json, "print the result as JSON");
  cmd->callback([] {
    verify::Pins pins;
    try {
      if (!server_key.empty()) pins.server_keys.push_back(server_key);
      if (!server_keys_file.empty())
        for (auto& fp : fingerprints_in(server_keys_file)) pins.server_keys.push_back(fp);
      for (const auto& path : checkpoints) pins.checkpoints.push_back({path, read_text(path)});
      for (const auto& path : tsa_cas) {
        std::string why;
        auto trust = crypto::TimestampTrust::from_pem(read_text(path), &why);
        if (!trust) throw std::runtime_error("--tsa-ca " + path + ": " + why);
        pins.tsa_certificates.push_back(trust->pem);
      }
    } catch (const std::exception& e) {
      std::cerr << "error 错误: " << e.what() << "\n";
      throw CLI::RuntimeError(1);
    }
    if (!org_key.empty()) pins.org_key = org_key;
    if (verify::is_notarisation_package(bundle)) {
      auto r = verify::verify_notarisation_package(bundle, pins);
      report_notarisation(r, as_json);
      if (!r.ok) throw CLI::RuntimeError(kVerifyFailed);
      if (!r.bundle.origin_proven) throw CLI::RuntimeError(kOnlySelfConsistent);
      return;
    }
    if (verify::is_confirmation_package(bundle)) {
      auto r = verify::verify_package(bundle, pins);
      report_package(r, as_json);
      if (!r.ok) throw CLI::RuntimeError(kVerifyFailed);
      if (!r.bundle.origin_proven) throw CLI::RuntimeError(kOnlySelfConsistent);
      return;
    }
    auto result = verify::verify_bundle(bundle, pins);
    const auto& s = result.summary;
    const char* verdict = !result.ok             ? "failed"
                          : result.origin_proven ? "verified"
                                                 : "self_consistent";
    if (as_json) {
      json people = json::array();
      for (const auto& p : s.participants)
        people.push_back({{"id", p.id},
                          {"name", p.name},
                          {"role", p.role},
                          {"side", p.side ? json(*p.side) : json(nullptr)}});
      std::cout << json{{"ok", result.ok},
                        {"verdict", verdict},
                        {"origin_proven", result.origin_proven},
                        {"proven_by", result.proven_by},
                        {"room", s.room},
                        {"title", s.title},
                        {"events", s.events},
                        {"participants", people},
                        {"signers", s.signers},
                        {"seal", s.seal},
                        {"documents", s.documents},
                        {"final_root", s.final_root},
                        {"checkpoints", s.checkpoints},
                        {"checkpoint_times", checkpoint_times_json(s)},
                        {"server_key", s.server_key_fingerprint},
                        {"fault", result.fault ? json(result.fault->message()) : json(nullptr)},
                        {"cannot_prove", result.cannot_prove}}
                       .dump()
                << "\n";
    } else if (result.ok) {
      if (result.origin_proven)
        std::cout << "VERIFIED 验证通过\n"
                  << "  origin 来源: " << result.proven_by << "\n";
      else
        std::cout << "SELF-CONSISTENT ONLY, ORIGIN UNPROVEN 仅内部一致，来源未经证实\n"
                  << kOriginUnproven;
      std::cout << "  room 案件:      " << s.room << "  " << s.title << " (" << s.field << ")\n"
                << "  mediator 调解员: " << s.mediator << "\n"
                << "  events 事件:    " << s.events << " (" << s.bodies << " bodies"
                << (s.private_bodies ? ", private included" : "") << ")\n"
                << "  participants 参与人:";
      for (const auto& p : s.participants)
        std::cout << " " << p.name << "(" << p.role << (p.side ? " " + *p.side : "") << ")";
      std::cout << "\n  signers 签名人:  " << (s.signers.empty() ? "-" : "");
      for (const auto& name : s.signers) std::cout << name << " ";
      std::cout << "\n  seal 印章:       " << (s.seal.empty() ? "-" : s.seal)
                << "\n  documents 证据材料: " << s.documents
                << "\n  final root 最终根哈希: " << s.final_root << "\n"
                << "  checkpoints 检查点: " << s.checkpoints << "\n"
                << checkpoint_times_text(s)
                << "  server key 服务器密钥: " << s.server_key_fingerprint << "\n";
      print_cannot_prove(result.cannot_prove);
    } else {
      std::cout << "FAILED 验证失败: " << result.fault->message() << "\n";
    }
    if (!result.ok) throw CLI::RuntimeError(kVerifyFailed);
    if (!result.origin_proven) throw CLI::RuntimeError(kOnlySelfConsistent);
  });
}

}  // namespace

// The organisations' seal keys (电子印章), which seal concluded agreements.
void add_org(CLI::App& app) {
  auto* org = app.add_subcommand("org", "manage the mediation organisations' seal keys")
                  ->require_subcommand(1);
  static std::string add_data = "data", name;
  static bool add_json = false;
  auto* add = org->add_subcommand("add", "make an organisation's seal key (Ed25519, kept 0600)");
  add->add_option("--data", add_data, "data directory")->capture_default_str();
  add->add_option("--name", name,
                  "the organisation's name exactly as its mediators' accounts give it")
      ->required();
  add->add_flag("--json", add_json, "print JSON");
  add->callback([] {
    try {
      auto k = record::OrgKeys::add(add_data, name, record::now_ms());
      if (add_json)
        std::cout << json{{"org", k.org},
                          {"public_key", crypto::to_base64(k.public_key)},
                          {"fingerprint", k.fingerprint}}
                         .dump()
                  << "\n";
      else
        std::cout << "seal key made for " << k.org << "  fingerprint " << k.fingerprint << "\n";
    } catch (const std::exception& e) {
      std::cerr << "error: " << e.what() << "\n";
      throw CLI::RuntimeError(1);
    }
  });
  static std::string list_data = "data";
  static bool list_json = false;
  auto* list = org->add_subcommand("list", "list the organisations' public seal keys");
  list->add_option("--data", list_data, "data directory")->capture_default_str();
  list->add_flag("--json", list_json, "print JSON");
  list->callback([] {
    json out = json::array();
    const auto keys = record::OrgKeys::load(list_data);
    for (const auto& k : keys.list()) {
      out.push_back({{"org", k.org},
                     {"public_key", crypto::to_base64(k.public_key)},
                     {"fingerprint", k.fingerprint},
                     {"created_ms", k.created_ms}});
      if (!list_json)
        std::cout << k.org << "  public key " << crypto::to_base64(k.public_key) << "  fingerprint "
                  << k.fingerprint << "\n";
    }
    if (list_json) std::cout << out.dump() << "\n";
  });
}

void add_record_commands(CLI::App& app) {
  add_org(app);
  add_keys(app);
  add_export(app);
  add_verify(app);
}

}  // namespace mr::cli
