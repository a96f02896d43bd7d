#include "verify/package_record.hpp"

#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"
#include "verify/prefix_roots.hpp"

namespace mr::verify {

using nlohmann::json;

const json* PackageRecord::body(std::int64_t seq) const {
  auto it = bodies.find(seq);
  return it == bodies.end() ? nullptr : &it->second;
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
