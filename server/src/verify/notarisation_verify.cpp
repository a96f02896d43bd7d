#include "verify/notarisation_verify.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "verify/canonical_check.hpp"
#include "verify/package_check.hpp"
#include "verify/package_dossier.hpp"
#include "verify/package_record.hpp"
#include "verify/zip_reader.hpp"

namespace mr::verify {
namespace {

using nlohmann::json;

constexpr std::string_view kFormat = "mediation-room/notarisation-package/v1";
constexpr const char* kDescriptor = "notarisation/package.json";
constexpr const char* kDossier = "notarisation/dossier.html";
constexpr const char* kConsentWords =
    "债务人承诺：不履行或者不完全履行本项给付义务时，自愿接受依法强制执行。";

bool is_day(const std::string& s) {
  return s.size() == 10 && s[4] == '-' && s[7] == '-' &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || c == '-'; });
}

class NotarisationCheck : PackageCheck {
 public:
  explicit NotarisationCheck(std::map<std::string, std::string> files)
      : PackageCheck(std::move(files)) {}

  std::optional<Fault> run() {
    if (read_record() && read_descriptor() && check_no_caucus_body() && check_agreement() &&
        check_parties() && check_obligations() && check_dossier())
      return std::nullopt;
    return fault_;
  }
  NotarisationSummary summary;

 private:
  bool read_descriptor() {
    const auto* t = file(kDescriptor);
    if (!t) return fail(kDescriptor, std::nullopt, "missing from the package");
    if (auto why = canonical_fault(*t))
      return fail(kDescriptor, std::nullopt, "not canonical JSON: " + *why);
    descriptor_ = json::parse(*t);
    if (json_text(descriptor_, "package") != kFormat)
      return fail(kDescriptor, std::nullopt, "not a version 1 notarisation package",
                  std::string(kFormat), json_text(descriptor_, "package"));
    if (json_text(descriptor_, "room") != record_.room)
      return fail(kDescriptor, std::nullopt, "names another room", record_.room,
                  json_text(descriptor_, "room"));
    if (!record_.names_whole_record(descriptor_))
      return fail(kDescriptor, std::nullopt, "does not name the whole record (size and root)");
    return true;
  }

  bool check_no_caucus_body() {
    if (auto fault = private_body_fault(record_, "notarisation")) return fail(std::move(*fault));
    return true;
  }

  bool check_agreement() {
    const auto a = descriptor_.value("agreement", json::object());
    const auto seq = json_integer(a, "seal_seq");
    const json* seal = record_.event_body(seq, "agreement.sealed");
    if (!seal)
      return fail(kDescriptor, std::nullopt, "names no agreement.sealed event as the seal");
    if (record_.later_event(seq, "agreement.sealed"))
      return fail(kDescriptor, std::nullopt, "does not name the latest seal");
    if (json_integer(a, "version") != json_integer(*seal, "version") ||
        json_text(a, "sha256") != json_text(*seal, "draft_sha256"))
      return fail(kDescriptor, seq, "the agreement it names is not the version sealed");
    const auto version_file =
        "agreement/versions/" + std::to_string(json_integer(a, "version")) + ".json";
    const auto* bytes = file(version_file);
    if (json_text(a, "file") != version_file || !bytes ||
        hex_sha256(*bytes) != json_text(a, "sha256"))
      return fail(version_file, seq,
                  "the sealed agreement's text is missing or not the one sealed");
    draft_ = json::parse(*bytes);
    items_ = draft_.value("items", json::array());
    version_ = json_integer(a, "version");
    draft_sha_ = json_text(a, "sha256");
    summary.agreement_version = int(version_);
    summary.organisation = json_text(*seal, "org");
    return true;
  }

  json party_of(const std::string& participant) const {
    for (const auto& p : draft_.value("parties", json::array()))
      if (json_text(p, "participant") == participant) return p;
    return nullptr;
  }

  bool check_parties() {
    if (descriptor_.value("parties", json()) != draft_.value("parties", json::array()))
      return fail(kDescriptor, std::nullopt, "the parties' details are not the agreement's");
    for (const auto& p : draft_.value("parties", json::array()))
      summary.parties.push_back(json_text(p, "name"));
    return true;
  }

  // 公证法 art. 37: a debt with clear terms, and the debtor's own consent.
  bool check_obligations() {
    const RecordKeys keys(record_);
    std::set<std::string> consented;  // items consented for the sealed version, in the log
    for (std::size_t s = 0; s < record_.headers.size(); ++s) {
      const json* b = record_.event_body(std::int64_t(s), "enforcement.consented");
      if (b && json_integer(*b, "version") == version_ &&
          json_text(*b, "draft_sha256") == draft_sha_)
        consented.insert(json_text(*b, "item"));
    }
    const auto obligations = descriptor_.value("obligations", json::array());
    if (obligations.empty())
      return fail(kDescriptor, std::nullopt, "lists no payment obligation with a consent");
    std::set<std::string> listed;
    for (const auto& o : obligations) {
      const auto seq = json_integer(o, "consent_seq");
      const json* b = record_.event_body(seq, "enforcement.consented");
      if (!b)
        return fail(kDescriptor, std::nullopt,
                    "lists an obligation whose consent is no enforcement.consented event");
      const auto bf = PackageRecord::body_file(seq);
      const auto item_id = json_text(o, "item");
      if (!listed.insert(item_id).second)
        return fail(kDescriptor, seq, "lists item " + item_id + " twice");
      if (json_integer(*b, "version") != version_ || json_text(*b, "draft_sha256") != draft_sha_ ||
          json_text(*b, "item") != item_id)
        return fail(bf, seq,
                    "the consent names another agreement version or item than the package's");
      const json* item = nullptr;
      for (const auto& i : items_)
        if (json_text(i, "id") == item_id) item = &i;
      if (!item || !item->contains("payment"))
        return fail(kDescriptor, seq,
                    "item " + item_id + " is no payment obligation of the agreement");
      const auto& payment = (*item)["payment"];
      if (b->value("payment", json()) != payment || o.value("payment", json()) != payment ||
          json_text(o, "text") != json_text(*item, "text"))
        return fail(bf, seq, "the obligation's terms are not the agreement's item " + item_id);
      const auto kind = json_text(payment, "kind"), debtor = json_text(payment, "debtor"),
                 creditor = json_text(payment, "creditor");
      if ((kind != "money" && kind != "goods" && kind != "securities") ||
          json_text(payment, "amount").empty() || !is_day(json_text(payment, "due")) ||
          party_of(debtor).is_null() || party_of(creditor).is_null() || debtor == creditor)
        return fail(kDescriptor, seq,
                    "item " + item_id +
                        "'s terms are not complete (kind, amount, due day, "
                        "debtor and creditor: 公证法 art. 37)");
      if (json_text(*b, "signer") != debtor || record_.headers[seq].actor != debtor)
        return fail(bf, seq, "the consent is not the debtor's own", debtor,
                    json_text(*b, "signer"));
      if (o.value("debtor", json()) != party_of(debtor) ||
          o.value("creditor", json()) != party_of(creditor))
        return fail(kDescriptor, seq, "the debtor's or creditor's details are not the agreement's");
      switch (keys.standing(json_text(*b, "key"), debtor, seq)) {
        case RecordKeys::Standing::not_registered_before:
          return fail(bf, seq, "consented with a key the debtor had not registered before");
        case RecordKeys::Standing::revoked_before:
          return fail(bf, seq, "consented with a key revoked before");
        case RecordKeys::Standing::usable:
          break;
      }
      const auto size = json_integer(*b, "record_size");
      if (!record_.root_before(size, json_text(*b, "record_root"), seq))
        return fail(bf, seq,
                    "the record root the consent names is not this log's root at its size");
      std::string statement;
      try {
        statement = json{{"type", "mediation-room/enforcement-consent/v1"},
                         {"room", record_.room},
                         {"draft_version", version_},
                         {"draft_sha256", draft_sha_},
                         {"item", item_id},
                         {"payment", payment},
                         {"consent", kConsentWords},
                         {"signer", debtor},
                         {"role", "party"},
                         {"record_size", size},
                         {"record_root", json_text(*b, "record_root")},
                         {"time", json_integer(*b, "time")}}
                        .dump(-1, ' ', false, json::error_handler_t::strict);
      } catch (const std::exception&) {
      }
      if (statement.empty() || canonical_fault(statement) ||
          !keys.verifies(json_text(*b, "key"), statement, json_text(*b, "signature")))
        return fail(bf, seq, "the enforcement consent does not verify over its statement");
      summary.obligations.push_back({item_id, kind, json_text(payment, "amount"),
                                     json_text(payment, "due"), json_text(party_of(debtor), "name"),
                                     json_text(party_of(creditor), "name"), seq});
    }
    for (const auto& item : consented)
      if (!listed.count(item))
        return fail(kDescriptor, std::nullopt,
                    "does not list item " + item + ", whose debtor consented to enforcement");
    return true;
  }

  bool check_dossier() {
    const auto* html = file(kDossier);
    const auto descriptor_sha = hex_sha256(*file(kDescriptor));
    if (auto fault = dossier_fault(
            kDossier, html,
            {{"parties", descriptor_sha}, {"agreement", draft_sha_}, {"consent", descriptor_sha}}))
      return fail(std::move(*fault));
    for (const auto& o : descriptor_.value("obligations", json::array()))
      if (html->find("data-consent=\"" + std::to_string(json_integer(o, "consent_seq")) + "\"") ==
          std::string::npos)
        return fail(
            kDossier, json_integer(o, "consent_seq"),
            "the consent for item " + json_text(o, "item") + " is missing from the dossier");
    for (const auto& p : draft_.value("parties", json::array()))
      for (const char* k : {"name", "id_number"})
        if (html->find(html_escaped(json_text(p, k))) == std::string::npos)
          return fail(kDossier, std::nullopt,
                      std::string("the dossier does not show a party's ") + k, json_text(p, k));
    return true;
  }

  std::string draft_sha_;
  // items_: the sealed draft's items, kept so pointers into them stay valid.
  json descriptor_, draft_, items_;
  std::int64_t version_ = 0;
};

}  // namespace

bool is_notarisation_package(const std::filesystem::path& path) {
  auto zip = read_zip(path);
  return zip.error.empty() && zip.files.count(kDescriptor) > 0;
}

NotarisationVerifyResult verify_notarisation_package(const std::filesystem::path& path,
                                                     const Pins& pins) {
  NotarisationVerifyResult result;
  result.bundle = verify_bundle(path, pins);
  if (!result.bundle.ok) {
    result.fault = result.bundle.fault;
    return result;
  }
  NotarisationCheck check(read_zip(path).files);
  try {
    result.fault = check.run();
  } catch (const std::exception& e) {
    result.fault = Fault{"", std::nullopt, std::string("malformed package: ") + e.what(), "", ""};
  }
  result.package = check.summary;
  result.ok = !result.fault;
  return result;
}

}  // namespace mr::verify
