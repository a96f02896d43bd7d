#pragma once
// What the confirmation and the notarisation package checks read of the bundle inside a package:
// its headers, bodies and prefix roots, and a few JSON readers they share. The bundle verifier has
// checked all of it already, so this reads without checking again.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mr::verify {

struct PackageRecord {
  struct Header {
    std::string bytes, kind, channel, actor;
    std::int64_t time = 0;
  };
  std::string room;
  bool private_bodies = true;  // the manifest's word
  std::vector<Header> headers;
  std::map<std::int64_t, nlohmann::json> bodies;
  std::map<std::int64_t, std::string> roots;  // size -> hex root

  const nlohmann::json* body(std::int64_t seq) const;
  static std::string body_file(std::int64_t seq);
  // The first message or document of a private channel whose body is present: none may be in a
  // package (在线调解规则 art. 18).
  std::optional<std::int64_t> first_private_body() const;
};

// nullopt when the manifest or the headers are missing.
std::optional<PackageRecord> read_package_record(const std::map<std::string, std::string>& files);

// A member of an object: its string, or "" when absent or not a string.
std::string json_text(const nlohmann::json& object, const char* key);
// A member of an object: its integer, or -1 when absent or not an integer.
std::int64_t json_integer(const nlohmann::json& object, const char* key);
std::string hex_sha256(std::string_view data);
// Text as the dossiers write it into HTML, to find a value in them.
std::string html_escaped(const std::string& text);

}  // namespace mr::verify
