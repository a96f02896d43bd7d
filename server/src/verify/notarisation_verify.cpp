#include "verify/notarisation_verify.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "crypto/ecdsa_p256.hpp"
#include "crypto/encoding.hpp"
#include "verify/canonical_check.hpp"
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

class NotarisationCheck {
 public:
  explicit NotarisationCheck(std::map<std::string, std::string> files) : files_(std::move(files)) {}

  std::optional<Fault> run() {
    if (read_record() && read_descriptor() && check_no_caucus_body() && check_agreement() &&
        check_parties() && check_obligations() && check_dossier())
      return std::nullopt;
    return fault_;
  }
  NotarisationSummary summary;

 private:
  bool fail(std::string file, std::optional<std::int64_t> seq, std::string what,
            std::string expected = {}, std::string found = {}) {
    fault_ = Fault{std::move(file), seq, std::move(what), std::move(expected), std::move(found)};
    return false;
  }
  const std::string* file(const std::string& name) const {
    auto it = files_.find(name);
    return it == files_.end() ? nullptr : &it->second;
  }

  // The bundle verifier has checked these already; this only reads them.
  bool read_record() {
    auto record = read_package_record(files_);
    if (!record) return fail("manifest.json", std::nullopt, "missing");
    record_ = std::move(*record);
    return true;
  }

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
    const auto size = std::int64_t(record_.headers.size());
    if (json_integer(descriptor_, "record_size") != size ||
        json_text(descriptor_, "record_root") != record_.roots[size])
      return fail(kDescriptor, std::nullopt, "does not name the whole record (size and root)");
    return true;
  }

  bool check_no_caucus_body() {
    if (record_.private_bodies)
      return fail("manifest.json", std::nullopt,
                  "a notarisation package carries no private (caucus or consult) body, but the "
                  "manifest says it does");
    if (auto seq = record_.first_private_body())
      return fail(PackageRecord::body_file(*seq), *seq,
                  "a caucus body is in the package (在线调解规则 art. 18)");
    return true;
  }

  bool check_agreement() {
    const auto a = descriptor_.value("agreement", json::object());
    const auto seq = json_integer(a, "seal_seq");
    const json* seal = record_.body(seq);
    if (seq < 0 || std::size_t(seq) >= record_.headers.size() ||
        record_.headers[seq].kind != "agreement.sealed" || !seal)
      return fail(kDescriptor, std::nullopt, "names no agreement.sealed event as the seal");
    for (std::size_t i = std::size_t(seq) + 1; i < record_.headers.size(); ++i)
      if (record_.headers[i].kind == "agreement.sealed")
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
    std::map<std::string, std::pair<std::string, std::int64_t>> keys;  // fp -> (owner, seq)
    std::map<std::string, std::int64_t> revoked;
    std::set<std::string> consented;  // items consented for the sealed version, in the log
    for (std::size_t s = 0; s < record_.headers.size(); ++s) {
      const json* b = record_.body(std::int64_t(s));
      if (!b) continue;
      if (record_.headers[s].kind == "key.registered")
        keys[json_text(*b, "key")] = {json_text(*b, "participant"), std::int64_t(s)};
      if (record_.headers[s].kind == "key.revoked" && !revoked.count(json_text(*b, "key")))
        revoked[json_text(*b, "key")] = std::int64_t(s);
      if (record_.headers[s].kind == "enforcement.consented" &&
          json_integer(*b, "version") == version_ && json_text(*b, "draft_sha256") == draft_sha_)
        consented.insert(json_text(*b, "item"));
    }
    const auto obligations = descriptor_.value("obligations", json::array());
    if (obligations.empty())
      return fail(kDescriptor, std::nullopt, "lists no payment obligation with a consent");
    std::set<std::string> listed;
    for (const auto& o : obligations) {
      const auto seq = json_integer(o, "consent_seq");
      const json* b = record_.body(seq);
      if (seq < 0 || std::size_t(seq) >= record_.headers.size() ||
          record_.headers[seq].kind != "enforcement.consented" || !b)
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
      auto k = keys.find(json_text(*b, "key"));
      if (k == keys.end() || k->second.first != debtor || k->second.second >= seq)
        return fail(bf, seq, "consented with a key the debtor had not registered before");
      if (auto r = revoked.find(k->first); r != revoked.end() && r->second < seq)
        return fail(bf, seq, "consented with a key revoked before");
      const auto size = json_integer(*b, "record_size");
      auto root = record_.roots.find(size);
      if (size < 1 || size > seq || root == record_.roots.end() ||
          root->second != json_text(*b, "record_root"))
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
      const auto der = crypto::from_base64(record_.body(k->second.second)->value("public_key", ""));
      const auto raw = crypto::from_base64(json_text(*b, "signature"));
      auto key = der ? crypto::EcdsaP256PublicKey::from_spki_der(*der) : std::nullopt;
      if (statement.empty() || canonical_fault(statement) || !raw || !key ||
          !key->verify(statement, *raw))
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

  static std::string attribute(const std::string& html, std::size_t at, const std::string& name) {
    const auto open = html.rfind('<', at), close = html.find('>', at);
    if (open == std::string::npos || close == std::string::npos) return "";
    const auto tag = html.substr(open, close - open);
    const auto key = " " + name + "=\"";
    const auto p = tag.find(key);
    if (p == std::string::npos) return "";
    const auto end = tag.find('"', p + key.size());
    return end == std::string::npos ? "" : tag.substr(p + key.size(), end - p - key.size());
  }

  bool check_dossier() {
    const auto* html = file(kDossier);
    if (!html) return fail(kDossier, std::nullopt, "missing from the package");
    std::string lower = *html;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    if (lower.find("<script") != std::string::npos ||
        lower.find("javascript:") != std::string::npos)
      return fail(kDossier, std::nullopt, "the dossier holds a script");
    const auto descriptor_sha = hex_sha256(*file(kDescriptor));
    const std::map<std::string, std::string> expected = {
        {"parties", descriptor_sha}, {"agreement", draft_sha_}, {"consent", descriptor_sha}};
    for (const auto& [doc, sha] : expected) {
      const auto at = html->find("data-doc=\"" + doc + "\"");
      if (at == std::string::npos)
        return fail(kDossier, std::nullopt, "the " + doc + " is missing from the dossier");
      if (attribute(*html, at, "data-sha256") != sha)
        return fail(kDossier, std::nullopt,
                    "the " + doc + " in the dossier is not the one the record names", sha,
                    attribute(*html, at, "data-sha256"));
    }
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

  std::map<std::string, std::string> files_;
  std::optional<Fault> fault_;
  std::string draft_sha_;
  PackageRecord record_;
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
