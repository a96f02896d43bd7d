#pragma once
// A bundle's files in memory, to tamper with them in tests: unzip, change, re-sign, zip again.
#include <zip.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "crypto/ed25519.hpp"
#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"
#include "record/canonical_json.hpp"
#include "record/checkpoint.hpp"
#include "record/signed_note.hpp"

namespace mr::testing_support {

using BundleFiles = std::map<std::string, std::string>;

inline BundleFiles unzip(const std::filesystem::path& path) {
  BundleFiles out;
  int code = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &code);
  if (!z) return out;
  for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(z, zip_uint64_t(i), 0, &st);
    std::string data(st.size, '\0');
    zip_file_t* f = zip_fopen_index(z, zip_uint64_t(i), 0);
    zip_fread(f, data.data(), st.size);
    zip_fclose(f);
    out[st.name] = std::move(data);
  }
  zip_discard(z);
  return out;
}

inline void rezip(const BundleFiles& files, const std::filesystem::path& path) {
  std::filesystem::remove(path);
  int code = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  for (const auto& [name, data] : files)
    zip_file_add(z, name.c_str(), zip_source_buffer(z, data.data(), data.size(), 0),
                 ZIP_FL_ENC_UTF_8);
  zip_close(z);
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t eol; (eol = text.find('\n', start)) != std::string::npos; start = eol + 1)
    out.push_back(text.substr(start, eol - start));
  return out;
}

inline std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

// What an insider holding the server key could do: make the manifest agree with the changed
// files and sign it again (RECORD.md §6). Every deeper check must still catch the change.
inline void resign(BundleFiles& files, const std::string& room, const std::string& key_name,
                   const crypto::Ed25519Key& key) {
  auto manifest = nlohmann::json::parse(files["manifest.json"]);
  manifest["files"] = nlohmann::json::object();
  for (const auto& [name, data] : files)
    if (name != "manifest.json" && name != "manifest.sig")
      manifest["files"][name] = crypto::sha256_hex(data);
  files["manifest.json"] = manifest.dump();
  files["manifest.sig"] = record::sign_note("mediation-room/bundle/v1\n" + room + "\n" +
                                                crypto::sha256_hex(files["manifest.json"]) + "\n",
                                            key_name, key);
}

// Deeper still: give event `seq` another body, make its header name the new body's salted hash,
// and sign every checkpoint over the rewritten log and the manifest again. What is left to catch
// it is a check that needs a key the server does not hold (a co-signer's).
inline void rewrite_body(BundleFiles& files, const std::string& room, std::size_t seq,
                         const std::string& body, const std::string& key_name,
                         const crypto::Ed25519Key& key) {
  auto headers = lines_of(files["events/headers.jsonl"]);
  auto header = nlohmann::json::parse(headers.at(seq));
  const auto salt = crypto::from_hex(header["salt"].get<std::string>()).value();
  header["body_sha256"] = crypto::sha256_hex(salt + body);
  headers[seq] = record::to_canonical(header);
  files["events/headers.jsonl"] = join_lines(headers);
  files["events/bodies/" + std::to_string(seq) + ".json"] = body;
  record::MerkleTree tree;
  for (const auto& line : headers) tree.append(record::leaf_hash(line));
  for (auto& [name, note] : files)
    if (name.starts_with("checkpoints/")) {
      const auto old = record::parse_checkpoint(note).value().checkpoint;
      note = record::sign_checkpoint(old.origin, old.size, *tree.root(old.size), key_name, key);
    }
  resign(files, room, key_name, key);
}

}  // namespace mr::testing_support
