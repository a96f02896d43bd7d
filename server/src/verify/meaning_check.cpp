#include "verify/meaning_check.hpp"

#include <set>

#include "crypto/ecdsa_p256.hpp"
#include "crypto/ed25519.hpp"
#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"
#include "verify/canonical_check.hpp"
#include "verify/prefix_roots.hpp"

namespace mr::verify {
namespace {

using nlohmann::json;

std::string hex_sha256(std::string_view data) {
  return crypto::to_hex(crypto::as_view(crypto::sha256(data)));
}

// The canonical bytes of a value the verifier builds itself: nlohmann's compact form with its
// sorted keys, confirmed canonical by the checker (so a writer bug is not mirrored here).
std::optional<std::string> canonical(const json& value) {
  std::string bytes = value.dump(-1, ' ', false, json::error_handler_t::strict);
  if (canonical_fault(bytes)) return std::nullopt;
  return bytes;
}

std::string text(const json& b, const char* key) {
  auto it = b.find(key);
  return it != b.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t integer(const json& b, const char* key) {
  auto it = b.find(key);
  return it != b.end() && it->is_number_integer() ? it->get<std::int64_t>() : -1;
}

class Meaning {
 public:
  explicit Meaning(const MeaningInputs& in) : in_(in) {}

  MeaningFindings run() {
    collect_roots();
    for (const auto& [seq, body] : in_.bodies) {
      const auto& e = in_.events[seq];
      if (e.kind == "document.shared" && !document(seq, body)) break;
      if (e.kind == "draft.saved" && !draft(seq, body)) break;
      if (e.kind == "key.registered" && !key(seq, body)) break;
      if (e.kind == "key.revoked") revoked_[text(body, "key")] = seq;
      if (e.kind == "agreement.signed" && !signature(seq, body)) break;
      if (e.kind == "agreement.sealed" && !seal(seq, body)) break;
    }
    if (!out_.fault) stray_files();
    return out_;
  }

 private:
  bool fail(std::string file, std::optional<std::int64_t> seq, std::string what,
            std::string expected = {}, std::string found = {}) {
    out_.fault =
        Fault{std::move(file), seq, std::move(what), std::move(expected), std::move(found)};
    return false;
  }
  static std::string body_file(std::uint64_t seq) {
    return "events/bodies/" + std::to_string(seq) + ".json";
  }

  // The roots at every size a signature or the seal names, in one pass over the headers.
  void collect_roots() {
    std::set<std::int64_t> sizes;
    for (const auto& [seq, body] : in_.bodies)
      if (in_.events[seq].kind == "agreement.signed" || in_.events[seq].kind == "agreement.sealed")
        sizes.insert(integer(body, "record_size"));
    PrefixRoots roots;
    for (auto size : sizes) {
      if (size < 1 || std::uint64_t(size) > in_.events.size()) continue;
      while (roots.size() < std::uint64_t(size)) roots.add_leaf(in_.events[roots.size()].bytes);
      roots_[size] = crypto::to_hex(roots.root());
    }
  }

  bool document(std::uint64_t seq, const json& b) {
    const auto sha = text(b, "sha256");
    const auto path = "documents/" + sha;
    auto it = in_.files.find(path);
    if (it == in_.files.end())
      return fail(path, seq, "missing: the document a document.shared event names");
    if (hex_sha256(it->second) != sha)
      return fail(path, seq, "the document's bytes differ from the hash its event names", sha,
                  hex_sha256(it->second));
    documents_.insert(path);
    ++out_.documents;
    return true;
  }

  bool draft(std::uint64_t seq, const json& b) {
    const auto bytes = canonical(b.value("draft", json()));
    if (!bytes || hex_sha256(*bytes) != text(b, "sha256"))
      return fail(body_file(seq), seq, "the draft's hash is not the SHA-256 of its canonical JSON",
                  text(b, "sha256"), bytes ? hex_sha256(*bytes) : "not canonical");
    const auto version = integer(b, "version");
    const auto path = "agreement/versions/" + std::to_string(version) + ".json";
    auto it = in_.files.find(path);
    if (it == in_.files.end() || it->second != *bytes)
      return fail(path, seq,
                  it == in_.files.end() ? "missing: a draft version's file"
                                        : "differs from the draft its event records");
    versions_[version] = text(b, "sha256");
    version_files_.insert(path);
    return true;
  }

  bool key(std::uint64_t seq, const json& b) {
    const auto der = crypto::from_base64(text(b, "public_key"));
    if (!der || !crypto::EcdsaP256PublicKey::from_spki_der(*der))
      return fail(body_file(seq), seq, "a registered key is not an ECDSA P-256 public key");
    if (hex_sha256(*der) != text(b, "key"))
      return fail(body_file(seq), seq, "a key's fingerprint is not the SHA-256 of its public key",
                  hex_sha256(*der), text(b, "key"));
    keys_[text(b, "key")] = {text(b, "participant"), *der, seq};
    return true;
  }

  bool signature(std::uint64_t seq, const json& b) {
    const auto file = body_file(seq);
    const auto version = integer(b, "version");
    auto v = versions_.find(version);
    if (v == versions_.end() || v->second != text(b, "draft_sha256"))
      return fail(file, seq,
                  "a signature names a draft version the record does not hold before it");
    if (text(b, "signer") != in_.events[seq].actor)
      return fail(file, seq, "a signature's signer is not the event's actor", in_.events[seq].actor,
                  text(b, "signer"));
    auto k = keys_.find(text(b, "key"));
    if (k == keys_.end() || k->second.participant != text(b, "signer"))
      return fail(file, seq, "signed with a key the signer had not registered before");
    if (auto r = revoked_.find(k->first); r != revoked_.end() && r->second < seq)
      return fail(file, seq, "signed with a key revoked before", "",
                  "revoked at seq " + std::to_string(r->second));
    const auto size = integer(b, "record_size");
    auto root = roots_.find(size);
    if (size < 1 || std::uint64_t(size) > seq || root == roots_.end() ||
        root->second != text(b, "record_root"))
      return fail(file, seq, "the record root a signature names is not this log's root at its size",
                  root == roots_.end() ? "a size up to " + std::to_string(seq) : root->second,
                  text(b, "record_root"));
    const auto statement = canonical({{"type", "mediation-room/agreement-signature/v1"},
                                      {"room", in_.room},
                                      {"draft_version", version},
                                      {"draft_sha256", text(b, "draft_sha256")},
                                      {"signer", text(b, "signer")},
                                      {"role", text(b, "role")},
                                      {"record_size", size},
                                      {"record_root", text(b, "record_root")},
                                      {"time", integer(b, "time")}});
    const auto raw = crypto::from_base64(text(b, "signature"));
    auto key = crypto::EcdsaP256PublicKey::from_spki_der(k->second.der);
    if (!statement || !raw || !key || !key->verify(*statement, *raw))
      return fail(file, seq, "a signature does not verify over its signing statement");
    signatures_[seq] = b;
    return true;
  }

  bool seal(std::uint64_t seq, const json& b) {
    const auto file = body_file(seq);
    const auto version = integer(b, "version");
    json sealed = json::array();
    for (const auto& s : b.value("signatures", json::array())) {
      auto sig =
          s.is_number_integer() ? signatures_.find(s.get<std::uint64_t>()) : signatures_.end();
      if (sig == signatures_.end() || integer(sig->second, "version") != version)
        return fail(file, seq, "the seal lists a seq that is no signature of the version sealed");
      sealed.push_back({{"seq", sig->first},
                        {"signer", text(sig->second, "signer")},
                        {"key", text(sig->second, "key")},
                        {"signature", text(sig->second, "signature")}});
      out_.signers.push_back(text(sig->second, "signer") + " (" + text(sig->second, "role") + ")");
    }
    const auto org_public = crypto::from_base64(text(b, "org_public_key"));
    if (!org_public || hex_sha256(*org_public) != text(b, "org_key"))
      return fail(file, seq, "the seal's key fingerprint is not the SHA-256 of its public key");
    if (in_.expected_org_key && *in_.expected_org_key != text(b, "org_key"))
      return fail(file, seq,
                  "sealed by an organisation key other than the one given with --org-key",
                  *in_.expected_org_key, text(b, "org_key"));
    auto root = roots_.find(integer(b, "record_size"));
    if (root == roots_.end() || root->second != text(b, "record_root"))
      return fail(file, seq, "the seal's record root is not this log's root at its size");
    const auto statement = canonical({{"type", "mediation-room/agreement-seal/v1"},
                                      {"room", in_.room},
                                      {"draft_version", version},
                                      {"draft_sha256", text(b, "draft_sha256")},
                                      {"signatures", sealed},
                                      {"record_size", integer(b, "record_size")},
                                      {"record_root", text(b, "record_root")},
                                      {"org", text(b, "org")},
                                      {"org_key", text(b, "org_key")},
                                      {"time", integer(b, "time")}});
    const auto seal = crypto::from_base64(text(b, "seal"));
    if (!statement || !seal || !crypto::ed25519_verify(*org_public, *statement, *seal))
      return fail(file, seq, "the organisation's seal does not verify over the seal statement");
    out_.sealed = text(b, "org") + " (" + text(b, "org_key") + ")";
    return true;
  }

  // A document or version file no event names is not part of this record.
  void stray_files() {
    for (const auto& [name, _] : in_.files) {
      if ((name.starts_with("documents/") && !documents_.count(name)) ||
          (name.starts_with("agreement/versions/") && !version_files_.count(name))) {
        fail(name, std::nullopt, "a file no event of the record names");
        return;
      }
    }
  }

  struct Key {
    std::string participant, der;
    std::uint64_t seq = 0;
  };
  const MeaningInputs& in_;
  MeaningFindings out_;
  std::map<std::int64_t, std::string> roots_;     // size -> hex root
  std::map<std::int64_t, std::string> versions_;  // version -> draft sha256
  std::map<std::string, Key> keys_;
  std::map<std::string, std::uint64_t> revoked_;  // key -> seq of its revocation
  std::map<std::uint64_t, json> signatures_;      // seq -> agreement.signed body
  std::set<std::string> documents_, version_files_;
};

}  // namespace

MeaningFindings check_meaning(const MeaningInputs& in) { return Meaning(in).run(); }

}  // namespace mr::verify
