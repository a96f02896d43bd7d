#include "verify/notarisation_verify.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "crypto/ecdsa_p256.hpp"
#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"
#include "verify/canonical_check.hpp"
#include "verify/prefix_roots.hpp"
#include "verify/zip_reader.hpp"

namespace mr::verify {
namespace {

using nlohmann::json;

constexpr std::string_view kFormat = "mediation-room/notarisation-package/v1";
constexpr const char* kDescriptor = "notarisation/package.json";
constexpr const char* kDossier = "notarisation/dossier.html";
constexpr const char* kConsentWords =
    "债务人承诺：不履行或者不完全履行本项给付义务时，自愿接受依法强制执行。";

std::string hex_sha256(std::string_view data) {
  return crypto::to_hex(crypto::as_view(crypto::sha256(data)));
}
std::string text(const json& b, const char* key) {
  auto it = b.is_object() ? b.find(key) : b.end();
  return b.is_object() && it != b.end() && it->is_string() ? it->get<std::string>() : std::string();
}
std::int64_t integer(const json& b, const char* key) {
  auto it = b.is_object() ? b.find(key) : b.end();
  return b.is_object() && it != b.end() && it->is_number_integer() ? it->get<std::int64_t>() : -1;
}
bool is_day(const std::string& s) {
  return s.size() == 10 && s[4] == '-' && s[7] == '-' &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || c == '-'; });
}
std::string escaped(const std::string& s) {
  std::string out;
  for (char c : s) switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  return out;
}

struct Header {
  std::string kind, channel, actor;
};

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
  const json* body(std::int64_t seq) const {
    auto it = bodies_.find(seq);
    return it == bodies_.end() ? nullptr : &it->second;
  }
  static std::string body_file(std::int64_t seq) {
    return "events/bodies/" + std::to_string(seq) + ".json";
  }

  // The bundle verifier has checked these already; this only reads them.
  bool read_record() {
    const json m = json::parse(*file("manifest.json"));
    room_ = text(m, "room");
    private_bodies_ = m.value("private_bodies", true);
    const auto& headers = *file("events/headers.jsonl");
    PrefixRoots roots;
    roots_[0] = crypto::to_hex(roots.root());
    std::size_t start = 0;
    for (std::size_t eol; (eol = headers.find('\n', start)) != std::string::npos; start = eol + 1) {
      const auto line = headers.substr(start, eol - start);
      const json h = json::parse(line);
      headers_.push_back({text(h, "kind"), text(h, "channel"), text(h, "actor")});
      roots.add_leaf(line);
      roots_[std::int64_t(roots.size())] = crypto::to_hex(roots.root());
    }
    for (const auto& [name, bytes] : files_)
      if (name.starts_with("events/bodies/"))
        bodies_[std::stoll(name.substr(14, name.size() - 14 - 5))] = json::parse(bytes);
    return true;
  }

  bool read_descriptor() {
    const auto* t = file(kDescriptor);
    if (!t) return fail(kDescriptor, std::nullopt, "missing from the package");
    if (auto why = canonical_fault(*t))
      return fail(kDescriptor, std::nullopt, "not canonical JSON: " + *why);
    descriptor_ = json::parse(*t);
    if (text(descriptor_, "package") != kFormat)
      return fail(kDescriptor, std::nullopt, "not a version 1 notarisation package",
                  std::string(kFormat), text(descriptor_, "package"));
    if (text(descriptor_, "room") != room_)
      return fail(kDescriptor, std::nullopt, "names another room", room_,
                  text(descriptor_, "room"));
    const auto size = std::int64_t(headers_.size());
    if (integer(descriptor_, "record_size") != size ||
        text(descriptor_, "record_root") != roots_[size])
      return fail(kDescriptor, std::nullopt, "does not name the whole record (size and root)");
    return true;
  }

  bool check_no_caucus_body() {
    if (private_bodies_)
      return fail("manifest.json", std::nullopt,
                  "a notarisation package carries no private (caucus or consult) body, but the "
                  "manifest says it does");
    for (std::size_t seq = 0; seq < headers_.size(); ++seq) {
      const auto& h = headers_[seq];
      if (h.channel != "main" && (h.kind == "message" || h.kind == "document.shared") &&
          body(std::int64_t(seq)))
        return fail(body_file(std::int64_t(seq)), std::int64_t(seq),
                    "a caucus body is in the package (在线调解规则 art. 18)");
    }
    return true;
  }

  bool check_agreement() {
    const auto a = descriptor_.value("agreement", json::object());
    const auto seq = integer(a, "seal_seq");
    const json* seal = body(seq);
    if (seq < 0 || std::size_t(seq) >= headers_.size() ||
        headers_[seq].kind != "agreement.sealed" || !seal)
      return fail(kDescriptor, std::nullopt, "names no agreement.sealed event as the seal");
    for (std::size_t i = std::size_t(seq) + 1; i < headers_.size(); ++i)
      if (headers_[i].kind == "agreement.sealed")
        return fail(kDescriptor, std::nullopt, "does not name the latest seal");
    if (integer(a, "version") != integer(*seal, "version") ||
        text(a, "sha256") != text(*seal, "draft_sha256"))
      return fail(kDescriptor, seq, "the agreement it names is not the version sealed");
    const auto version_file =
        "agreement/versions/" + std::to_string(integer(a, "version")) + ".json";
    const auto* bytes = file(version_file);
    if (text(a, "file") != version_file || !bytes || hex_sha256(*bytes) != text(a, "sha256"))
      return fail(version_file, seq,
                  "the sealed agreement's text is missing or not the one sealed");
    draft_ = json::parse(*bytes);
    items_ = draft_.value("items", json::array());
    version_ = integer(a, "version");
    draft_sha_ = text(a, "sha256");
    summary.agreement_version = int(version_);
    summary.organisation = text(*seal, "org");
    return true;
  }

  json party_of(const std::string& participant) const {
    for (const auto& p : draft_.value("parties", json::array()))
      if (text(p, "participant") == participant) return p;
    return nullptr;
  }

  bool check_parties() {
    if (descriptor_.value("parties", json()) != draft_.value("parties", json::array()))
      return fail(kDescriptor, std::nullopt, "the parties' details are not the agreement's");
    for (const auto& p : draft_.value("parties", json::array()))
      summary.parties.push_back(text(p, "name"));
    return true;
  }

  // 公证法 art. 37: a debt with clear terms, and the debtor's own consent.
  bool check_obligations() {
    std::map<std::string, std::pair<std::string, std::int64_t>> keys;  // fp -> (owner, seq)
    std::map<std::string, std::int64_t> revoked;
    std::set<std::string> consented;  // items consented for the sealed version, in the log
    for (std::size_t s = 0; s < headers_.size(); ++s) {
      const json* b = body(std::int64_t(s));
      if (!b) continue;
      if (headers_[s].kind == "key.registered")
        keys[text(*b, "key")] = {text(*b, "participant"), std::int64_t(s)};
      if (headers_[s].kind == "key.revoked" && !revoked.count(text(*b, "key")))
        revoked[text(*b, "key")] = std::int64_t(s);
      if (headers_[s].kind == "enforcement.consented" && integer(*b, "version") == version_ &&
          text(*b, "draft_sha256") == draft_sha_)
        consented.insert(text(*b, "item"));
    }
    const auto obligations = descriptor_.value("obligations", json::array());
    if (obligations.empty())
      return fail(kDescriptor, std::nullopt, "lists no payment obligation with a consent");
    std::set<std::string> listed;
    for (const auto& o : obligations) {
      const auto seq = integer(o, "consent_seq");
      const json* b = body(seq);
      if (seq < 0 || std::size_t(seq) >= headers_.size() ||
          headers_[seq].kind != "enforcement.consented" || !b)
        return fail(kDescriptor, std::nullopt,
                    "lists an obligation whose consent is no enforcement.consented event");
      const auto bf = body_file(seq);
      const auto item_id = text(o, "item");
      if (!listed.insert(item_id).second)
        return fail(kDescriptor, seq, "lists item " + item_id + " twice");
      if (integer(*b, "version") != version_ || text(*b, "draft_sha256") != draft_sha_ ||
          text(*b, "item") != item_id)
        return fail(bf, seq,
                    "the consent names another agreement version or item than the package's");
      const json* item = nullptr;
      for (const auto& i : items_)
        if (text(i, "id") == item_id) item = &i;
      if (!item || !item->contains("payment"))
        return fail(kDescriptor, seq,
                    "item " + item_id + " is no payment obligation of the agreement");
      const auto& payment = (*item)["payment"];
      if (b->value("payment", json()) != payment || o.value("payment", json()) != payment ||
          text(o, "text") != text(*item, "text"))
        return fail(bf, seq, "the obligation's terms are not the agreement's item " + item_id);
      const auto kind = text(payment, "kind"), debtor = text(payment, "debtor"),
                 creditor = text(payment, "creditor");
      if ((kind != "money" && kind != "goods" && kind != "securities") ||
          text(payment, "amount").empty() || !is_day(text(payment, "due")) ||
          party_of(debtor).is_null() || party_of(creditor).is_null() || debtor == creditor)
        return fail(kDescriptor, seq,
                    "item " + item_id +
                        "'s terms are not complete (kind, amount, due day, "
                        "debtor and creditor: 公证法 art. 37)");
      if (text(*b, "signer") != debtor || headers_[seq].actor != debtor)
        return fail(bf, seq, "the consent is not the debtor's own", debtor, text(*b, "signer"));
      if (o.value("debtor", json()) != party_of(debtor) ||
          o.value("creditor", json()) != party_of(creditor))
        return fail(kDescriptor, seq, "the debtor's or creditor's details are not the agreement's");
      auto k = keys.find(text(*b, "key"));
      if (k == keys.end() || k->second.first != debtor || k->second.second >= seq)
        return fail(bf, seq, "consented with a key the debtor had not registered before");
      if (auto r = revoked.find(k->first); r != revoked.end() && r->second < seq)
        return fail(bf, seq, "consented with a key revoked before");
      const auto size = integer(*b, "record_size");
      auto root = roots_.find(size);
      if (size < 1 || size > seq || root == roots_.end() || root->second != text(*b, "record_root"))
        return fail(bf, seq,
                    "the record root the consent names is not this log's root at its size");
      std::string statement;
      try {
        statement = json{{"type", "mediation-room/enforcement-consent/v1"},
                         {"room", room_},
                         {"draft_version", version_},
                         {"draft_sha256", draft_sha_},
                         {"item", item_id},
                         {"payment", payment},
                         {"consent", kConsentWords},
                         {"signer", debtor},
                         {"role", "party"},
                         {"record_size", size},
                         {"record_root", text(*b, "record_root")},
                         {"time", integer(*b, "time")}}
                        .dump(-1, ' ', false, json::error_handler_t::strict);
      } catch (const std::exception&) {
      }
      const auto der = crypto::from_base64(body(k->second.second)->value("public_key", ""));
      const auto raw = crypto::from_base64(text(*b, "signature"));
      auto key = der ? crypto::EcdsaP256PublicKey::from_spki_der(*der) : std::nullopt;
      if (statement.empty() || canonical_fault(statement) || !raw || !key ||
          !key->verify(statement, *raw))
        return fail(bf, seq, "the enforcement consent does not verify over its statement");
      summary.obligations.push_back({item_id, kind, text(payment, "amount"), text(payment, "due"),
                                     text(party_of(debtor), "name"),
                                     text(party_of(creditor), "name"), seq});
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
      if (html->find("data-consent=\"" + std::to_string(integer(o, "consent_seq")) + "\"") ==
          std::string::npos)
        return fail(kDossier, integer(o, "consent_seq"),
                    "the consent for item " + text(o, "item") + " is missing from the dossier");
    for (const auto& p : draft_.value("parties", json::array()))
      for (const char* k : {"name", "id_number"})
        if (html->find(escaped(text(p, k))) == std::string::npos)
          return fail(kDossier, std::nullopt,
                      std::string("the dossier does not show a party's ") + k, text(p, k));
    return true;
  }

  std::map<std::string, std::string> files_;
  std::optional<Fault> fault_;
  std::string room_, draft_sha_;
  bool private_bodies_ = true;
  std::vector<Header> headers_;
  std::map<std::int64_t, json> bodies_;
  std::map<std::int64_t, std::string> roots_;
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
