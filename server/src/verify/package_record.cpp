#include "verify/package_record.hpp"

#include "crypto/ecdsa_p256.hpp"
#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"
#include "verify/prefix_roots.hpp"

namespace mr::verify {

using nlohmann::json;

const json* PackageRecord::body(std::int64_t seq) const {
  auto it = bodies.find(seq);
  return it == bodies.end() ? nullptr : &it->second;
}

const json* PackageRecord::event_body(std::int64_t seq, std::string_view kind) const {
  const json* b = body(seq);
  if (seq < 0 || std::size_t(seq) >= headers.size() || headers[seq].kind != kind) return nullptr;
  return b;
}

std::optional<std::int64_t> PackageRecord::later_event(std::int64_t seq,
                                                       std::string_view kind) const {
  for (std::size_t i = std::size_t(seq) + 1; i < headers.size(); ++i)
    if (headers[i].kind == kind) return std::int64_t(i);
  return std::nullopt;
}

bool PackageRecord::names_whole_record(const json& object) const {
  const auto size = std::int64_t(headers.size());
  return json_integer(object, "record_size") == size &&
         json_text(object, "record_root") == roots.at(size);
}

bool PackageRecord::root_before(std::int64_t size, const std::string& root,
                                std::int64_t seq) const {
  auto it = roots.find(size);
  return size >= 1 && size <= seq && it != roots.end() && it->second == root;
}

std::string PackageRecord::body_file(std::int64_t seq) {
  return "events/bodies/" + std::to_string(seq) + ".json";
}

std::optional<std::int64_t> PackageRecord::first_private_body() const {
  for (std::size_t seq = 0; seq < headers.size(); ++seq) {
    const auto& h = headers[seq];
    if (h.channel != "main" && (h.kind == "message" || h.kind == "document.shared") &&
        body(std::int64_t(seq)))
      return std::int64_t(seq);
  }
  return std::nullopt;
}

std::optional<PackageRecord> read_package_record(const std::map<std::string, std::string>& files) {
  const auto manifest = files.find("manifest.json");
  const auto headers = files.find("events/headers.jsonl");
  if (manifest == files.end() || headers == files.end()) return std::nullopt;
  PackageRecord record;
  const json m = json::parse(manifest->second);
  record.room = json_text(m, "room");
  record.private_bodies = m.value("private_bodies", true);
  PrefixRoots roots;
  record.roots[0] = crypto::to_hex(roots.root());
  const auto& lines = headers->second;
  std::size_t start = 0;
  for (std::size_t eol; (eol = lines.find('\n', start)) != std::string::npos; start = eol + 1) {
    const auto line = lines.substr(start, eol - start);
    const json h = json::parse(line);
    record.headers.push_back({line, json_text(h, "kind"), json_text(h, "channel"),
                              json_text(h, "actor"), json_integer(h, "time")});
    roots.add_leaf(line);
    record.roots[std::int64_t(roots.size())] = crypto::to_hex(roots.root());
  }
  for (const auto& [name, bytes] : files)
    if (name.starts_with("events/bodies/"))
      record.bodies[std::stoll(name.substr(14, name.size() - 14 - 5))] = json::parse(bytes);
  return record;
}

std::optional<Fault> private_body_fault(const PackageRecord& record, const std::string& package) {
  if (record.private_bodies)
    return Fault{"manifest.json", std::nullopt,
                 "a " + package +
                     " package carries no private (caucus or consult) body, but the manifest "
                     "says it does",
                 "", ""};
  if (auto seq = record.first_private_body())
    return Fault{PackageRecord::body_file(*seq), *seq,
                 "a caucus body is in the package (在线调解规则 art. 18)", "", ""};
  return std::nullopt;
}

RecordKeys::RecordKeys(const PackageRecord& record) {
  for (std::size_t s = 0; s < record.headers.size(); ++s) {
    const json* b = record.body(std::int64_t(s));
    if (!b) continue;
    if (record.headers[s].kind == "key.registered")
      registered_[json_text(*b, "key")] = {json_text(*b, "participant"), std::int64_t(s), b};
    if (record.headers[s].kind == "key.revoked" && !revoked_.count(json_text(*b, "key")))
      revoked_[json_text(*b, "key")] = std::int64_t(s);
  }
}

RecordKeys::Standing RecordKeys::standing(const std::string& fingerprint, const std::string& signer,
                                          std::int64_t seq) const {
  auto k = registered_.find(fingerprint);
  if (k == registered_.end() || k->second.participant != signer || k->second.seq >= seq)
    return Standing::not_registered_before;
  if (auto r = revoked_.find(fingerprint); r != revoked_.end() && r->second < seq)
    return Standing::revoked_before;
  return Standing::usable;
}

bool RecordKeys::verifies(const std::string& fingerprint, std::string_view statement,
                          const std::string& signature) const {
  auto k = registered_.find(fingerprint);
  if (k == registered_.end()) return false;
  const auto der = crypto::from_base64(k->second.body->value("public_key", ""));
  const auto raw = crypto::from_base64(signature);
  auto key = der ? crypto::EcdsaP256PublicKey::from_spki_der(*der) : std::nullopt;
  return raw && key && key->verify(statement, *raw);
}

std::string json_text(const json& b, const char* key) {
  auto it = b.is_object() ? b.find(key) : b.end();
  return b.is_object() && it != b.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t json_integer(const json& b, const char* key) {
  auto it = b.is_object() ? b.find(key) : b.end();
  return b.is_object() && it != b.end() && it->is_number_integer() ? it->get<std::int64_t>() : -1;
}

std::string hex_sha256(std::string_view data) {
  return crypto::to_hex(crypto::as_view(crypto::sha256(data)));
}

std::string html_escaped(const std::string& text) {
  std::string out;
  for (char c : text) switch (c) {
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

}  // namespace mr::verify
