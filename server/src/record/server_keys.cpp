#include "record/server_keys.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"
#include "record/event.hpp"

namespace mr::record {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kListing = "keys.json";

std::string pem_file_name(std::size_t index) { return "key-" + std::to_string(index) + ".pem"; }

ServerKey describe(std::string name, const crypto::Ed25519Key& key, std::int64_t valid_from) {
  ServerKey k;
  k.name = std::move(name);
  k.public_key = key.public_key();
  k.key_id = key_id_hex(note_key_id(k.name, k.public_key));
  k.fingerprint = crypto::sha256_hex(k.public_key);
  k.valid_from_ms = valid_from;
  return k;
}

json public_entry(const ServerKey& k) {
  return {{"name", k.name},
          {"key_id", k.key_id},
          {"public_key", crypto::to_base64(k.public_key)},
          {"fingerprint", k.fingerprint},
          {"valid_from_ms", k.valid_from_ms},
          {"valid_until_ms", k.valid_until_ms ? json(*k.valid_until_ms) : json(nullptr)}};
}

void write_file_atomically(const fs::path& path, const std::string& data) {
  const fs::path tmp = path.string() + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot write " + tmp.string());
  bool ok = ::write(fd, data.data(), data.size()) == ssize_t(data.size()) && ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0)
    throw std::runtime_error("cannot write " + path.string());
}

std::int64_t or_now(std::int64_t now_ms) { return now_ms != 0 ? now_ms : record::now_ms(); }

}  // namespace

ServerKeys ServerKeys::load_or_create(const fs::path& data_dir, std::string_view server_name,
                                      std::int64_t now_ms) {
  const fs::path dir = data_dir / "keys";
  fs::create_directories(dir);
  // Tighten even an existing directory: only the server's user may list or read its keys.
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace);
  if (!fs::exists(dir / kListing)) {
    auto key = crypto::Ed25519Key::generate();
    std::string why;
    if (!key.save_pem_file(dir / pem_file_name(1), &why)) throw std::runtime_error(why);
    ServerKey first = describe(std::string(server_name) + "/key-1", key, or_now(now_ms));
    ServerKeys keys(dir, std::string(server_name), {std::move(first)}, std::move(key));
    keys.write_listing();
    return keys;
  }

  std::ifstream in(dir / kListing);
  std::stringstream text;
  text << in.rdbuf();
  json listing = json::parse(text.str(), nullptr, false);
  if (listing.is_discarded() || !listing.contains("keys") || !listing["keys"].is_array() ||
      listing["keys"].empty())
    throw std::runtime_error((dir / kListing).string() + ": not a key listing");
  std::vector<ServerKey> keys;
  std::optional<crypto::Ed25519Key> signer;
  for (std::size_t i = 0; i < listing["keys"].size(); ++i) {
    const json& entry = listing["keys"][i];
    const std::string where = (dir / kListing).string() + " key " + std::to_string(i + 1);
    try {
      std::string why;
      auto key = crypto::Ed25519Key::load_pem_file(dir / entry.at("file").get<std::string>(), &why);
      if (!key) throw std::runtime_error(why);
      ServerKey k = describe(entry.at("name").get<std::string>(), *key,
                             entry.at("valid_from_ms").get<std::int64_t>());
      if (crypto::to_base64(k.public_key) != entry.at("public_key").get<std::string>())
        throw std::runtime_error("the private key file does not match the listed public key");
      if (!entry.at("valid_until_ms").is_null())
        k.valid_until_ms = entry.at("valid_until_ms").get<std::int64_t>();
      const bool last = i + 1 == listing["keys"].size();
      if (last == k.valid_until_ms.has_value())
        throw std::runtime_error("only the last key may be open-ended (current)");
      keys.push_back(std::move(k));
      if (last) signer = std::move(key);
    } catch (const json::exception& e) {
      throw std::runtime_error(where + ": " + e.what());
    } catch (const std::runtime_error& e) {
      throw std::runtime_error(where + ": " + e.what());
    }
  }
  return ServerKeys(dir, std::string(server_name), std::move(keys), std::move(*signer));
}

const ServerKey* ServerKeys::find(std::string_view name) const {
  for (const auto& k : keys_)
    if (k.name == name) return &k;
  return nullptr;
}

void ServerKeys::rotate(std::int64_t now_ms) {
  now_ms = or_now(now_ms);
  const std::size_t index = keys_.size() + 1;
  auto key = crypto::Ed25519Key::generate();
  std::string why;
  if (!key.save_pem_file(dir_ / pem_file_name(index), &why)) throw std::runtime_error(why);
  if (!keys_.empty()) keys_.back().valid_until_ms = now_ms;
  keys_.push_back(describe(server_name_ + "/key-" + std::to_string(index), key, now_ms));
  signer_ = std::move(key);
  write_listing();
}

std::string ServerKeys::sign_checkpoint(std::string_view origin, std::uint64_t size,
                                        const Hash& root) const {
  return record::sign_checkpoint(origin, size, root, current().name, signer_);
}

void ServerKeys::write_listing() const {
  json listing = {{"keys", json::array()}};
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    json entry = public_entry(keys_[i]);
    entry["file"] = pem_file_name(i + 1);
    listing["keys"].push_back(std::move(entry));
  }
  write_file_atomically(dir_ / kListing, listing.dump(2) + "\n");
}

std::string ServerKeys::public_listing_json() const {
  json listing = {{"keys", json::array()}};
  for (const auto& k : keys_) listing["keys"].push_back(public_entry(k));
  return listing.dump(2) + "\n";
}

}  // namespace mr::record
