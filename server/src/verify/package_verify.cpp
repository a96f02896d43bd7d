#include "verify/package_verify.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "crypto/ed25519.hpp"
#include "crypto/encoding.hpp"
#include "verify/canonical_check.hpp"
#include "verify/package_check.hpp"
#include "verify/package_dossier.hpp"
#include "verify/package_record.hpp"
#include "verify/zip_reader.hpp"

namespace mr::verify {
namespace {

using nlohmann::json;

constexpr std::string_view kFormat = "mediation-room/confirmation-package/v1";
constexpr const char* kDescriptor = "application/package.json";
constexpr const char* kApplication = "application/application.json";
constexpr const char* kCertificate = "application/certificate.json";
constexpr const char* kCertificateSeal = "application/certificate.seal";
constexpr const char* kDossier = "application/dossier.html";

std::optional<std::string> canonical(const json& value) {
  std::string bytes = value.dump(-1, ' ', false, json::error_handler_t::strict);
  if (canonical_fault(bytes)) return std::nullopt;
  return bytes;
}

// The Asia/Shanghai calendar day (UTC+8, no daylight saving) of an instant, and day arithmetic:
// the verifier's own, not the server's calendar.
using Days = std::chrono::sys_days;
Days shanghai(std::int64_t ms) {
  return std::chrono::floor<std::chrono::days>(std::chrono::sys_time<std::chrono::milliseconds>(
      std::chrono::milliseconds(ms + 8 * 3600000)));
}
std::string day_text(Days d) {
  const std::chrono::year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()));
  return buf;
}
std::optional<Days> parse_day(const std::string& s) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (s.size() != 10 || std::sscanf(s.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(m),
                                        std::chrono::day(d)};
  if (!ymd.ok() || day_text(Days(ymd)) != s) return std::nullopt;
  return Days(ymd);
}

class ConfirmationCheck : PackageCheck {
 public:
  ConfirmationCheck(std::map<std::string, std::string> files, std::optional<std::string> org_key)
      : PackageCheck(std::move(files)), expected_org_key_(std::move(org_key)) {}

  std::optional<Fault> run() {
    if (read_record() && read_descriptor() && check_no_caucus_body() && check_agreement() &&
        check_application() && check_confirmations() && check_certificate() && check_evidence() &&
        check_deadline() && check_dossier())
      return std::nullopt;
    return fault_;
  }
  PackageSummary summary;

 private:
  // A canonical JSON file of the package, parsed; nullopt (and the fault) when not.
  std::optional<json> json_file(const char* name) {
    const auto* t = file(name);
    if (!t) return fail(name, std::nullopt, "missing from the package"), std::nullopt;
    if (auto why = canonical_fault(*t))
      return fail(name, std::nullopt, "not canonical JSON: " + *why), std::nullopt;
    return json::parse(*t);
  }

  bool read_descriptor() {
    auto d = json_file(kDescriptor);
    if (!d) return false;
    descriptor_ = *d;
    if (json_text(descriptor_, "package") != kFormat)
      return fail(kDescriptor, std::nullopt, "not a version 1 confirmation package",
                  std::string(kFormat), json_text(descriptor_, "package"));
    if (json_text(descriptor_, "room") != record_.room)
      return fail(kDescriptor, std::nullopt, "names another room", record_.room,
                  json_text(descriptor_, "room"));
    const auto size = std::int64_t(record_.headers.size());
    if (!record_.names_whole_record(descriptor_))
      return fail(kDescriptor, std::nullopt, "does not name the whole record (size and root)",
                  std::to_string(size) + " " + record_.roots[size],
                  std::to_string(json_integer(descriptor_, "record_size")) + " " +
                      json_text(descriptor_, "record_root"));
    return true;
  }

  // 在线调解规则 art. 18: what was said and shown back to back never goes to the court.
  bool check_no_caucus_body() {
    if (auto fault = private_body_fault(record_, "confirmation")) return fail(std::move(*fault));
    return true;
  }

  bool check_agreement() {
    const auto a = descriptor_.value("agreement", json::object());
    const auto seq = json_integer(a, "seal_seq");
    const json* seal = record_.event_body(seq, "agreement.sealed");
    if (!seal)
      return fail(kDescriptor, std::nullopt, "names no agreement.sealed event as the seal");
    if (auto later = record_.later_event(seq, "agreement.sealed"))
      return fail(kDescriptor, std::nullopt, "does not name the latest seal",
                  std::to_string(*later), std::to_string(seq));
    seal_ = *seal;
    seal_seq_ = seq;
    if (json_integer(a, "version") != json_integer(*seal, "version") ||
        json_text(a, "sha256") != json_text(*seal, "draft_sha256"))
      return fail(kDescriptor, seq, "the agreement it names is not the version sealed");
    const auto version_file =
        "agreement/versions/" + std::to_string(json_integer(a, "version")) + ".json";
    const auto* draft_bytes = file(version_file);
    if (!draft_bytes || hex_sha256(*draft_bytes) != json_text(a, "sha256"))
      return fail(version_file, seq,
                  "the sealed agreement's text is missing or not the one sealed");
    draft_ = json::parse(*draft_bytes);
    summary.agreement_version = int(json_integer(a, "version"));
    return true;
  }

  bool check_application() {
    const auto a = descriptor_.value("application", json::object());
    const auto seq = json_integer(a, "seq");
    const json* prepared = record_.event_body(seq, "application.prepared");
    if (!prepared) return fail(kDescriptor, std::nullopt, "names no application.prepared event");
    if (auto later = record_.later_event(seq, "application.prepared"))
      return fail(kDescriptor, std::nullopt, "does not name the latest application",
                  std::to_string(*later), std::to_string(seq));
    if (json_integer(a, "version") != json_integer(*prepared, "version") ||
        json_text(a, "sha256") != json_text(*prepared, "sha256"))
      return fail(kDescriptor, seq, "the application it names is not the one recorded");
    const auto* bytes = file(kApplication);
    if (!bytes) return fail(kApplication, seq, "missing from the package");
    if (hex_sha256(*bytes) != json_text(*prepared, "sha256") ||
        json::parse(*bytes, nullptr, false) != prepared->value("application", json()))
      return fail(kApplication, seq, "differs from the application its event records",
                  json_text(*prepared, "sha256"), hex_sha256(*bytes));
    application_ = json::parse(*bytes);
    application_sha_ = json_text(*prepared, "sha256");
    application_version_ = json_integer(*prepared, "version");
    // What the application says against what the record says.
    const auto agreement = application_.value("agreement", json::object());
    if (json_text(application_, "room") != record_.room ||
        json_integer(agreement, "version") != json_integer(seal_, "version") ||
        json_text(agreement, "sha256") != json_text(seal_, "draft_sha256") ||
        json_text(application_, "organisation") != json_text(seal_, "org"))
      return fail(kApplication, seq,
                  "names another room, agreement or organisation than the sealed agreement");
    const auto parties = draft_.value("parties", json::array());
    const auto applicants = application_.value("applicants", json::array());
    if (parties.size() != applicants.size())
      return fail(kApplication, seq, "does not name the agreement's parties");
    for (std::size_t i = 0; i < parties.size(); ++i)
      for (const char* k : {"name", "id_type", "id_number", "address", "contact", "side"})
        if (json_text(parties[i], k) != json_text(applicants[i], k))
          return fail(kApplication, seq,
                      std::string("an applicant's ") + k + " is not the agreement's",
                      json_text(parties[i], k), json_text(applicants[i], k));
    static const std::map<std::string, std::string> bases = {
        {"party_domicile", "当事人住所地"},
        {"property_location", "标的物所在地"},
        {"organisation_location", "调解组织所在地"}};
    const auto court = application_.value("court", json::object());
    auto basis = bases.find(json_text(court, "basis"));
    if (basis == bases.end() || basis->second != json_text(court, "basis_words") ||
        json_text(court, "name").empty())
      return fail(kApplication, seq, "the court is not chosen on a basis of 民诉法 art. 205");
    summary.court = json_text(court, "name");
    summary.basis = basis->second;
    summary.organisation = json_text(application_, "organisation");
    summary.application_version = int(application_version_);
    for (const auto& p : applicants) summary.applicants.push_back(json_text(p, "name"));
    return true;
  }

  bool check_confirmations() {
    const RecordKeys keys(record_);
    std::set<std::string> confirmed;
    for (const auto& v :
         descriptor_.value("application", json::object()).value("confirmations", json::array())) {
      const auto seq = v.is_number_integer() ? v.get<std::int64_t>() : -1;
      const json* b = record_.event_body(seq, "application.confirmed");
      if (!b)
        return fail(kDescriptor, std::nullopt,
                    "lists a confirmation that is no application.confirmed event");
      const auto file = PackageRecord::body_file(seq);
      if (json_integer(*b, "version") != application_version_ ||
          json_text(*b, "application_sha256") != application_sha_)
        return fail(file, seq, "a confirmation names another application than the package's");
      if (json_text(*b, "signer") != record_.headers[seq].actor)
        return fail(file, seq, "a confirmation's signer is not the event's actor");
      switch (keys.standing(json_text(*b, "key"), json_text(*b, "signer"), seq)) {
        case RecordKeys::Standing::not_registered_before:
          return fail(file, seq, "confirmed with a key the signer had not registered before");
        case RecordKeys::Standing::revoked_before:
          return fail(file, seq, "confirmed with a key revoked before");
        case RecordKeys::Standing::usable:
          break;
      }
      const auto size = json_integer(*b, "record_size");
      if (!record_.root_before(size, json_text(*b, "record_root"), seq))
        return fail(file, seq,
                    "the record root a confirmation names is not this log's root at its size");
      if (json_text(*b, "signature").empty())
        return fail(file, seq, "the application confirmation carries no signature");
      const auto statement = canonical({{"type", "mediation-room/application-confirmation/v1"},
                                        {"room", record_.room},
                                        {"application_version", application_version_},
                                        {"application_sha256", application_sha_},
                                        {"signer", json_text(*b, "signer")},
                                        {"role", "party"},
                                        {"record_size", size},
                                        {"record_root", json_text(*b, "record_root")},
                                        {"time", json_integer(*b, "time")}});
      if (!statement ||
          !keys.verifies(json_text(*b, "key"), *statement, json_text(*b, "signature")))
        return fail(file, seq, "an application confirmation does not verify over its statement");
      confirmed.insert(json_text(*b, "signer"));
      std::string name;
      for (const auto& p : draft_.value("parties", json::array()))
        if (json_text(p, "participant") == json_text(*b, "signer")) name = json_text(p, "name");
      summary.confirmed_by.push_back(name.empty() ? json_text(*b, "signer")
                                                  : name + "(" + json_text(*b, "signer") + ")");
    }
    for (const auto& p : draft_.value("parties", json::array()))
      if (p.contains("participant") && p["participant"].is_string() &&
          !confirmed.count(p["participant"].get<std::string>()))
        return fail(kDescriptor, std::nullopt,
                    "party " + p["participant"].get<std::string>() + " (" + json_text(p, "name") +
                        ") has not confirmed the application");
    return true;
  }

  // 调解证明: the organisation's own key, over the final checkpoint.
  bool check_certificate() {
    auto c = json_file(kCertificate);
    if (!c) return false;
    certificate_ = *c;
    const auto c_ref = descriptor_.value("certificate", json::object());
    if (json_text(c_ref, "sha256") != hex_sha256(*file(kCertificate)))
      return fail(kCertificate, std::nullopt, "is not the certificate the package names",
                  json_text(c_ref, "sha256"), hex_sha256(*file(kCertificate)));
    const auto size = std::int64_t(record_.headers.size());
    if (json_text(certificate_, "type") != "mediation-room/mediation-certificate/v1" ||
        json_text(certificate_, "room") != record_.room)
      return fail(kCertificate, std::nullopt, "is not a mediation certificate of this room");
    if (!record_.names_whole_record(certificate_))
      return fail(kCertificate, std::nullopt, "is not sealed over the final checkpoint",
                  std::to_string(size) + " " + record_.roots[size],
                  std::to_string(json_integer(certificate_, "record_size")) + " " +
                      json_text(certificate_, "record_root"));
    if (json_text(certificate_, "org") != json_text(seal_, "org") ||
        json_text(certificate_, "org_key") != json_text(seal_, "org_key") ||
        json_integer(certificate_, "agreement_version") != json_integer(seal_, "version") ||
        json_text(certificate_, "agreement_sha256") != json_text(seal_, "draft_sha256"))
      return fail(kCertificate, std::nullopt,
                  "names another organisation, key or agreement than the agreement's seal");
    if (expected_org_key_ && *expected_org_key_ != json_text(certificate_, "org_key"))
      return fail(kCertificate, std::nullopt,
                  "sealed by an organisation key other than the one given with --org-key",
                  *expected_org_key_, json_text(certificate_, "org_key"));
    const auto* seal_text = file(kCertificateSeal);
    if (!seal_text) return fail(kCertificateSeal, std::nullopt, "missing from the package");
    std::string b64 = *seal_text;
    while (!b64.empty() && (b64.back() == '\n' || b64.back() == '\r')) b64.pop_back();
    const auto signature = crypto::from_base64(b64);
    const auto org_public = crypto::from_base64(json_text(seal_, "org_public_key"));
    if (!signature || !org_public ||
        !crypto::ed25519_verify(*org_public, *file(kCertificate), *signature))
      return fail(kCertificateSeal, std::nullopt,
                  "the certificate's seal does not verify with the organisation's key");
    summary.certificate_key = json_text(certificate_, "org_key");
    return true;
  }

  // Evidence: exactly the documents shared in main; caucus ones listed by hash only.
  bool check_evidence() {
    std::map<std::int64_t, std::string> in_main, in_caucus;
    for (std::size_t s = 0; s < record_.headers.size(); ++s) {
      if (record_.headers[s].kind != "document.shared") continue;
      if (record_.headers[s].channel == "main") {
        const json* b = record_.body(std::int64_t(s));
        in_main[std::int64_t(s)] = b ? json_text(*b, "sha256") : "";
      } else {
        in_caucus[std::int64_t(s)] = "";
      }
    }
    std::map<std::int64_t, std::string> listed;
    for (const auto& d : descriptor_.value("evidence", json::array())) {
      const auto sha = json_text(d, "sha256");
      listed[json_integer(d, "seq")] = sha;
      const auto name = "documents/" + sha;
      const auto* bytes = file(name);
      if (!bytes) return fail(name, json_integer(d, "seq"), "an evidence document is missing");
      if (hex_sha256(*bytes) != sha)
        return fail(name, json_integer(d, "seq"),
                    "an evidence file is not the one the record names", sha, hex_sha256(*bytes));
    }
    if (listed != in_main)
      return fail(kDescriptor, std::nullopt,
                  "the evidence list is not the documents shared in the joint room");
    std::set<std::string> evidence_hashes;
    for (const auto& [_, sha] : in_main) evidence_hashes.insert(sha);
    std::set<std::int64_t> caucus_listed;
    for (const auto& d : descriptor_.value("caucus_documents", json::array())) {
      const auto seq = json_integer(d, "seq");
      if (!in_caucus.count(seq))
        return fail(kDescriptor, seq, "lists as a caucus document what is none");
      caucus_listed.insert(seq);
      if (!evidence_hashes.count(json_text(d, "sha256")) &&
          file("documents/" + json_text(d, "sha256")))
        return fail("documents/" + json_text(d, "sha256"), seq,
                    "a caucus document's bytes are in the package (在线调解规则 art. 18)");
    }
    if (caucus_listed.size() != in_caucus.size())
      return fail(kDescriptor, std::nullopt, "does not list every caucus document by hash");
    summary.evidence = in_main.size();
    summary.caucus_documents = in_caucus.size();
    return true;
  }

  // 人民调解法 art. 33: 30 days from the day the agreement took effect (the seal).
  bool check_deadline() {
    const auto d = descriptor_.value("deadline", json::object());
    const Days agreed = shanghai(record_.headers[seal_seq_].time);
    const Days last = agreed + std::chrono::days(30);
    const auto as_of = parse_day(json_text(d, "as_of"));
    if (json_text(d, "agreed") != day_text(agreed) || json_text(d, "last_day") != day_text(last) ||
        !as_of || json_text(application_, "deadline") != day_text(last))
      return fail(kDescriptor, std::nullopt,
                  "the deadline is not 30 Shanghai calendar days from the seal",
                  day_text(agreed) + " → " + day_text(last),
                  json_text(d, "agreed") + " → " + json_text(d, "last_day"));
    const int left = int((last - *as_of).count());
    if (d.value("passed", !(left < 0)) != (left < 0) ||
        json_integer(d, "days_left") != (left < 0 ? 0 : left))
      return fail(kDescriptor, std::nullopt, "the days left are miscounted",
                  std::to_string(left < 0 ? 0 : left),
                  std::to_string(json_integer(d, "days_left")));
    summary.agreed = day_text(agreed);
    summary.last_day = day_text(last);
    summary.as_of = json_text(d, "as_of");
    summary.days_left = left < 0 ? 0 : left;
    summary.passed = left < 0;
    return true;
  }

  // Each document the dossier shows is the one the record names, by its hash; no script.
  bool check_dossier() {
    const auto* html = file(kDossier);
    if (auto fault =
            dossier_fault(kDossier, html,
                          {{"application", application_sha_},
                           {"agreement", json_text(seal_, "draft_sha256")},
                           {"transcript", record_.roots[std::int64_t(record_.headers.size())]},
                           {"evidence", hex_sha256(*file(kDescriptor))},
                           {"certificate", hex_sha256(*file(kCertificate))}}))
      return fail(std::move(*fault));
    for (const auto& d : descriptor_.value("evidence", json::array()))
      if (html->find("data-evidence=\"" + json_text(d, "sha256") + "\"") == std::string::npos)
        return fail(kDossier, std::nullopt,
                    "evidence document " + json_text(d, "name") + " (" + json_text(d, "sha256") +
                        ") is missing from the dossier");
    const auto court = json_text(application_.value("court", json::object()), "name");
    if (html->find(html_escaped(court)) == std::string::npos)
      return fail(kDossier, std::nullopt, "the dossier does not show the court applied to", court);
    for (const auto& p : application_.value("applicants", json::array()))
      for (const char* k : {"name", "id_number"})
        if (html->find(html_escaped(json_text(p, k))) == std::string::npos)
          return fail(kDossier, std::nullopt,
                      std::string("the dossier does not show an applicant's ") + k,
                      json_text(p, k));
    return true;
  }

  std::optional<std::string> expected_org_key_;
  json descriptor_, seal_, draft_, application_, certificate_;
  std::int64_t seal_seq_ = 0, application_version_ = 0;
  std::string application_sha_;
};

}  // namespace

bool is_confirmation_package(const std::filesystem::path& path) {
  auto zip = read_zip(path);
  return zip.error.empty() && zip.files.count(kDescriptor) > 0;
}

PackageVerifyResult verify_package(const std::filesystem::path& path, const Pins& pins) {
  PackageVerifyResult result;
  result.bundle = verify_bundle(path, pins);
  if (!result.bundle.ok) {
    result.fault = result.bundle.fault;
    return result;
  }
  auto zip = read_zip(path);
  ConfirmationCheck check(std::move(zip.files), pins.org_key);
  try {
    result.fault = check.run();
  } catch (const std::exception& e) {
    // A malformed value the checks above did not expect: a fault, never a crash.
    result.fault = Fault{"", std::nullopt, std::string("malformed package: ") + e.what(), "", ""};
  }
  result.package = check.summary;
  result.ok = !result.fault;
  return result;
}

}  // namespace mr::verify
