#pragma once
// What the confirmation and the notarisation package checks read of the bundle inside a package:
// its headers, bodies and prefix roots, the signing keys it registers, and a few JSON readers they
// share; and the one rule of the record both apply the same way, no private body. The bundle
// verifier has checked all of it already, so this reads without checking again.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "verify/bundle_verifier.hpp"

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
  // The body of event `seq` when that event is one of `kind` and its body is present.
  const nlohmann::json* event_body(std::int64_t seq, std::string_view kind) const;
  // The first event of `kind` after `seq`: a package names the latest one.
  std::optional<std::int64_t> later_event(std::int64_t seq, std::string_view kind) const;
  // Whether `object` names the whole record: its record_size and record_root.
  bool names_whole_record(const nlohmann::json& object) const;
  // Whether `root` is this log's root at `size`, a size from 1 to `seq`: what a signature made
  // at event `seq` may name.
  bool root_before(std::int64_t size, const std::string& root, std::int64_t seq) const;
  static std::string body_file(std::int64_t seq);
  // The first message or document of a private channel whose body is present: none may be in a
  // package (在线调解规则 art. 18).
  std::optional<std::int64_t> first_private_body() const;
};

// nullopt when the manifest or the headers are missing.
std::optional<PackageRecord> read_package_record(const std::map<std::string, std::string>& files);

// No package carries a private body (在线调解规则 art. 18); `package` names the kind of package
// ("confirmation", "notarisation") in the fault.
std::optional<Fault> private_body_fault(const PackageRecord& record, const std::string& package);

// The signing keys a record registers and revokes, for the signatures a package checks. It points
// into the record, which must outlive it.
class RecordKeys {
 public:
  explicit RecordKeys(const PackageRecord& record);

  enum class Standing { usable, not_registered_before, revoked_before };
  // Whether `signer` could sign at event `seq` with the key `fingerprint`: one registered as
  // theirs before `seq` and not revoked before it.
  Standing standing(const std::string& fingerprint, const std::string& signer,
                    std::int64_t seq) const;
  // Whether the registered key `fingerprint` verifies `signature` (base64) over `statement`.
  bool verifies(const std::string& fingerprint, std::string_view statement,
                const std::string& signature) const;

 private:
  struct Registration {
    std::string participant;
    std::int64_t seq = 0;
    const nlohmann::json* body = nullptr;  // the key.registered body, in the record
  };
  std::map<std::string, Registration> registered_;
  std::map<std::string, std::int64_t> revoked_;  // fingerprint -> first revocation
};

// A member of an object: its string, or "" when absent or not a string.
std::string json_text(const nlohmann::json& object, const char* key);
// A member of an object: its integer, or -1 when absent or not an integer.
std::int64_t json_integer(const nlohmann::json& object, const char* key);
std::string hex_sha256(std::string_view data);
// Text as the dossiers write it into HTML, to find a value in them.
std::string html_escaped(const std::string& text);

}  // namespace mr::verify
