#include "record/org_keys.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"

namespace mr::record {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
constexpr const char* kListing = "orgs.json";

json read_listing(const fs::path& dir) {
  if (!fs::exists(dir / kListing)) return {{"orgs", json::array()}};
  std::ifstream in(dir / kListing);
  std::stringstream text;
  text << in.rdbuf();
  json listing = json::parse(text.str(), nullptr, false);
  if (listing.is_discarded() || !listing.contains("orgs") || !listing["orgs"].is_array())
    throw std::runtime_error((dir / kListing).string() + ": not an organisation key listing");
  return listing;
}

void write_listing(const fs::path& dir, const json& listing) {
  const auto tmp = dir / (std::string(kListing) + ".tmp");
  const std::string data = listing.dump(2) + "\n";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  bool ok =
      fd >= 0 && ::write(fd, data.data(), data.size()) == ssize_t(data.size()) && ::fsync(fd) == 0;
  if (fd >= 0) ok = ::close(fd) == 0 && ok;
  if (!ok || ::rename(tmp.c_str(), (dir / kListing).c_str()) != 0)
    throw std::runtime_error("cannot write " + (dir / kListing).string());
}

}  // namespace

OrgKeys OrgKeys::load(const fs::path& data_dir) {
  const fs::path dir = data_dir / "orgs";
  OrgKeys out;
  for (const auto& entry : read_listing(dir)["orgs"]) {
    try {
      std::string why;
      auto key = crypto::Ed25519Key::load_pem_file(dir / entry.at("file").get<std::string>(), &why);
      if (!key) throw std::runtime_error(why);
      OrgKey k{entry.at("org").get<std::string>(), key->public_key(),
               crypto::sha256_hex(key->public_key()), entry.at("created_ms").get<std::int64_t>()};
      if (crypto::to_base64(k.public_key) != entry.at("public_key").get<std::string>())
        throw std::runtime_error("the private key file does not match the listed public key");
      out.signers_.emplace(k.org, std::move(*key));
      out.keys_.push_back(std::move(k));
    } catch (const std::exception& e) {
      throw std::runtime_error((dir / kListing).string() + ": " + e.what());
    }
  }
  return out;
}

OrgKey OrgKeys::add(const fs::path& data_dir, const std::string& org, std::int64_t now_ms) {
  const fs::path dir = data_dir / "orgs";
  fs::create_directories(dir);
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace);
  json listing = read_listing(dir);
  for (const auto& entry : listing["orgs"])
    if (entry.value("org", "") == org)
      throw std::runtime_error("organisation '" + org + "' has a seal key already");
  const std::string file = "org-" + std::to_string(listing["orgs"].size() + 1) + ".pem";
  auto key = crypto::Ed25519Key::generate();
  std::string why;
  if (!key.save_pem_file(dir / file, &why)) throw std::runtime_error(why);
  OrgKey k{org, key.public_key(), crypto::sha256_hex(key.public_key()), now_ms};
  listing["orgs"].push_back({{"org", org},
                             {"file", file},
                             {"public_key", crypto::to_base64(k.public_key)},
                             {"fingerprint", k.fingerprint},
                             {"created_ms", now_ms}});
  write_listing(dir, listing);
  return k;
}

const OrgKey* OrgKeys::find(const std::string& org) const {
  for (const auto& k : keys_)
    if (k.org == org) return &k;
  return nullptr;
}

std::optional<std::string> OrgKeys::sign(const std::string& org, std::string_view message) const {
  auto it = signers_.find(org);
  if (it == signers_.end()) return std::nullopt;
  return it->second.sign(message);
}

}  // namespace mr::record
