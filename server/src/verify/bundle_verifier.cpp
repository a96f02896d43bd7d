#include "verify/bundle_verifier.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "crypto/ed25519.hpp"
#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"
#include "verify/canonical_check.hpp"
#include "verify/event_rules.hpp"
#include "verify/meaning_check.hpp"
#include "verify/note_reader.hpp"
#include "verify/prefix_roots.hpp"
#include "verify/time_check.hpp"
#include "verify/zip_reader.hpp"

namespace mr::verify {
namespace {

using nlohmann::json;

constexpr std::string_view kFormat = "mediation-room/bundle/v1";
constexpr const char* kManifest = "manifest.json";
constexpr const char* kManifestSig = "manifest.sig";
constexpr const char* kKeys = "keys/keys.json";
constexpr const char* kHeaders = "events/headers.jsonl";
constexpr std::string_view kBodyDir = "events/bodies/";
constexpr std::string_view kCheckpointDir = "checkpoints/";
// Places later record kinds fill (RECORD.md §6); their files are hash-checked like any other.
constexpr std::string_view kReservedDirs[] = {"transcript/", "application/", "notarisation/"};

std::string sha256_hex(std::string_view data) {
  return crypto::to_hex(crypto::as_view(crypto::sha256(data)));
}

bool is_lower_hex(const json& v, std::size_t length) {
  if (!v.is_string()) return false;
  const auto& s = v.get_ref<const std::string&>();
  return s.size() == length && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

bool is_int(const json& v) { return v.is_number_integer() || v.is_number_unsigned(); }

bool has_exactly(const json& object, std::set<std::string> keys) {
  if (!object.is_object() || object.size() != keys.size()) return false;
  for (const auto& [key, _] : object.items())
    if (!keys.count(key)) return false;
  return true;
}

// A decimal number naming a file, as the writer names them: no sign, no leading zeros.
std::optional<std::uint64_t> decimal_name(std::string_view name, std::string_view suffix) {
  if (!name.ends_with(suffix)) return std::nullopt;
  name.remove_suffix(suffix.size());
  if (name.empty() || name.size() > 18 || (name.size() > 1 && name[0] == '0') ||
      name.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  std::uint64_t v = 0;
  for (char c : name) v = v * 10 + std::uint64_t(c - '0');
  return v;
}

bool allowed_path(const std::string& path) {
  if (path == kKeys || path == kHeaders || path == "record.html" || path == "VERIFY.txt")
    return true;
  if (path.starts_with(kBodyDir))
    return decimal_name(std::string_view(path).substr(kBodyDir.size()), ".json").has_value();
  if (path.starts_with(kCheckpointDir)) {
    const auto name = std::string_view(path).substr(kCheckpointDir.size());
    return decimal_name(name, ".note").has_value() || decimal_name(name, ".tst").has_value();
  }
  if (path.starts_with("documents/"))
    return path.size() == 10 + 64 &&
           path.find_first_not_of("0123456789abcdef", 10) == std::string::npos;
  if (path.starts_with("agreement/versions/"))
    return decimal_name(std::string_view(path).substr(19), ".json").has_value();
  for (auto dir : kReservedDirs)
    if (path.starts_with(dir) && path.size() > dir.size()) return true;
  return false;
}

struct Key {
  std::string name, key_id, public_key, fingerprint;
  std::int64_t valid_from_ms = 0;
  std::optional<std::int64_t> valid_until_ms;
};

struct Header {
  json fields;
  std::string bytes;
  std::int64_t time = 0;
  std::string kind, channel;
};

class BundleCheck {
 public:
  BundleCheck(const std::filesystem::path& path, const Pins& pins)
      : path_(path), pins_(pins), expected_org_key_(pins.org_key) {}

  VerifyResult run() {
    VerifyResult result;
    result.ok = read_archive() && read_manifest() && read_keys() && check_manifest_signature() &&
                check_file_hashes() && check_headers() && check_bodies() && check_checkpoints() &&
                check_trusted_time() && check_counts() && check_kinds() && check_record_meaning() &&
                check_outside_checkpoints();
    result.fault = fault_;
    result.origin_proven = result.ok && !proven_by_.empty();
    result.proven_by = proven_by_;
    summarise();
    result.summary = summary_;
    result.cannot_prove = {
        "that what was logged was true, or that a person was who they said, before it was logged;",
        "that the server did not keep a second, forked history: only a checkpoint held outside "
        "the server (by a participant's browser, or a later signer) pins the history down;",
        "anything about bodies left out of this bundle beyond their hashes."};
    return result;
  }

 private:
  bool fail(std::string file, std::optional<std::int64_t> seq, std::string what,
            std::string expected = {}, std::string found = {}) {
    fault_ = Fault{std::move(file), seq, std::move(what), std::move(expected), std::move(found)};
    return false;
  }

  bool read_archive() {
    auto zip = read_zip(path_);
    if (!zip.error.empty()) return fail(path_.filename().string(), std::nullopt, zip.error);
    files_ = std::move(zip.files);
    return true;
  }

  const std::string* file(const std::string& name) const {
    auto it = files_.find(name);
    return it == files_.end() ? nullptr : &it->second;
  }

  bool read_manifest() {
    const std::string* text = file(kManifest);
    if (!text) return fail(kManifest, std::nullopt, "missing");
    if (auto why = canonical_fault(*text))
      return fail(kManifest, std::nullopt, "not canonical JSON: " + *why);
    manifest_ = json::parse(*text);
    if (!has_exactly(manifest_,
                     {"bundle", "events", "exported_ms", "files", "private_bodies", "room"}) ||
        manifest_["bundle"] != kFormat || !manifest_["room"].is_string() ||
        !is_int(manifest_["events"]) || !is_int(manifest_["exported_ms"]) ||
        !manifest_["private_bodies"].is_boolean() || !manifest_["files"].is_object())
      return fail(kManifest, std::nullopt, "not a version 1 bundle manifest",
                  "members bundle, events, exported_ms, files, private_bodies, room",
                  manifest_.dump().substr(0, 200));
    for (const auto& [name, hash] : manifest_["files"].items())
      if (!is_lower_hex(hash, 64))
        return fail(kManifest, std::nullopt, "the hash listed for " + name + " is not hex SHA-256");
    room_ = manifest_["room"].get<std::string>();
    summary_.room = room_;
    summary_.private_bodies = manifest_["private_bodies"].get<bool>();
    return true;
  }

  bool read_keys() {
    const std::string* text = file(kKeys);
    if (!text) return fail(kKeys, std::nullopt, "missing");
    json listing = json::parse(*text, nullptr, false);
    if (listing.is_discarded() || !has_exactly(listing, {"keys"}) || !listing["keys"].is_array())
      return fail(kKeys, std::nullopt, "not a key listing {\"keys\": [...]}");
    for (const json& entry : listing["keys"]) {
      if (!has_exactly(entry, {"name", "key_id", "public_key", "fingerprint", "valid_from_ms",
                               "valid_until_ms"}) ||
          !entry["name"].is_string() || !entry["public_key"].is_string() ||
          !is_int(entry["valid_from_ms"]) ||
          !(entry["valid_until_ms"].is_null() || is_int(entry["valid_until_ms"])))
        return fail(kKeys, std::nullopt, "malformed key entry", "", entry.dump());
      Key key;
      key.name = entry["name"].get<std::string>();
      auto pub = crypto::from_base64(entry["public_key"].get<std::string>());
      if (!pub || pub->size() != 32)
        return fail(kKeys, std::nullopt, "key '" + key.name + "' is not a 32-byte Ed25519 key");
      key.public_key = *pub;
      key.fingerprint = sha256_hex(key.public_key);
      key.key_id = ed25519_note_key_id(key.name, key.public_key);
      if (entry["fingerprint"] != key.fingerprint)
        return fail(kKeys, std::nullopt, "fingerprint of key '" + key.name + "' is wrong",
                    key.fingerprint, entry["fingerprint"].dump());
      if (entry["key_id"] != crypto::to_hex(key.key_id))
        return fail(kKeys, std::nullopt, "key id of key '" + key.name + "' is wrong",
                    crypto::to_hex(key.key_id), entry["key_id"].dump());
      key.valid_from_ms = entry["valid_from_ms"].get<std::int64_t>();
      if (!entry["valid_until_ms"].is_null())
        key.valid_until_ms = entry["valid_until_ms"].get<std::int64_t>();
      if (!keys_.emplace(key.name, key).second)
        return fail(kKeys, std::nullopt, "key '" + key.name + "' is listed twice");
    }
    if (keys_.empty()) return fail(kKeys, std::nullopt, "lists no key");
    // One key signs at a time (RECORD.md §6): two open windows would let either deny the other.
    std::string current;
    for (const auto& [name, key] : keys_) {
      if (key.valid_until_ms) continue;
      if (!current.empty())
        return fail(kKeys, std::nullopt, "more than one key is marked current",
                    "one key with valid_until_ms null", "'" + current + "' and '" + name + "'");
      current = name;
    }
    return true;
  }

  // Returns the listed key that made a valid signature in `note`, or a reason in `why`. As C2SP
  // signed-note says, lines by unknown keys are ignored, but a line by a listed key that does not
  // verify makes the whole note invalid, whatever other lines verify.
  const Key* signer_of(const Note& note, std::string& why) const {
    why = "carries no signature";
    const Key* signer = nullptr;
    for (const auto& line : note.signatures) {
      auto it = keys_.find(line.key_name);
      if (it == keys_.end() || it->second.key_id != line.key_id) {
        if (!signer)
          why = "signed by key '" + line.key_name + "' (id " + crypto::to_hex(line.key_id) +
                "), which keys/keys.json does not list";
        continue;
      }
      if (!crypto::ed25519_verify(it->second.public_key, note.body, line.signature)) {
        why = "the signature by key '" + line.key_name + "' does not verify";
        return nullptr;
      }
      if (!signer) signer = &it->second;
    }
    return signer;
  }

  bool check_manifest_signature() {
    const std::string* text = file(kManifestSig);
    if (!text) return fail(kManifestSig, std::nullopt, "missing");
    std::string why;
    auto note = read_note(*text, why);
    if (!note) return fail(kManifestSig, std::nullopt, "not a signed note: " + why);
    const std::string manifest_hash = sha256_hex(*file(kManifest));
    const std::string expected_body =
        std::string(kFormat) + "\n" + room_ + "\n" + manifest_hash + "\n";
    if (note->body != expected_body) {
      const std::string signed_hash =
          note->body.size() > 65 ? note->body.substr(note->body.size() - 65, 64) : note->body;
      return fail(kManifestSig, std::nullopt,
                  "does not sign this manifest.json (manifest.json was changed)", manifest_hash,
                  signed_hash);
    }
    const Key* key = signer_of(*note, why);
    if (!key) return fail(kManifestSig, std::nullopt, why);
    if (key->valid_until_ms)
      return fail(kManifestSig, std::nullopt,
                  "signed by key '" + key->name + "', which was already retired", "the current key",
                  "a key valid until " + std::to_string(*key->valid_until_ms));
    summary_.server_key_fingerprint = key->fingerprint;
    manifest_key_ = key;
    if (!pins_.server_keys.empty()) {
      std::string wanted;
      for (std::string want : pins_.server_keys) {
        std::transform(want.begin(), want.end(), want.begin(), ::tolower);
        if (want == key->fingerprint) {
          proven_by_ = "the server key given from outside the bundle (" + want + ")";
          return true;
        }
        wanted += (wanted.empty() ? "" : " or ") + want;
      }
      return fail(kManifestSig, std::nullopt,
                  "signed by a server key other than the one given with --server-key", wanted,
                  key->fingerprint);
    }
    return true;
  }

  bool check_file_hashes() {
    const json& listed = manifest_["files"];
    for (const auto& [name, hash] : listed.items()) {
      if (name == kManifest || name == kManifestSig || !allowed_path(name))
        return fail(name, std::nullopt, "listed in manifest.json but not a file a bundle holds");
      const std::string* data = file(name);
      if (!data) return fail(name, std::nullopt, "listed in manifest.json but missing");
      const std::string actual = sha256_hex(*data);
      if (actual != hash)
        return fail(name, std::nullopt, "SHA-256 differs from manifest.json (file was changed)",
                    hash.get<std::string>(), actual);
    }
    for (const auto& [name, _] : files_)
      if (name != kManifest && name != kManifestSig && !listed.contains(name))
        return fail(name, std::nullopt, "present but not listed in manifest.json (file was added)");
    return true;
  }

  bool check_headers() {
    const std::string* text = file(kHeaders);
    if (!text) return fail(kHeaders, std::nullopt, "missing");
    if (!text->empty() && text->back() != '\n')
      return fail(kHeaders, std::nullopt, "does not end in a newline");
    static const std::set<std::string> kChannels = {"main", "caucus:A", "caucus:B", "consult"};
    std::string_view rest = *text;
    for (std::int64_t line = 0; !rest.empty(); ++line) {
      const std::size_t eol = rest.find('\n');
      Header h;
      h.bytes = std::string(rest.substr(0, eol));
      rest.remove_prefix(eol + 1);
      const std::string where = "line " + std::to_string(line + 1);
      if (auto why = canonical_fault(h.bytes))
        return fail(kHeaders, line, where + " is not canonical JSON: " + *why);
      h.fields = json::parse(h.bytes);
      const json& f = h.fields;
      if (!has_exactly(
              f, {"v", "room", "seq", "time", "actor", "kind", "channel", "salt", "body_sha256"}))
        return fail(kHeaders, line, where + " does not have exactly the header fields",
                    "actor, body_sha256, channel, kind, room, salt, seq, time, v",
                    h.bytes.substr(0, 200));
      if (f["v"] != 1 || !f["room"].is_string() || !is_int(f["seq"]) || !is_int(f["time"]) ||
          !f["actor"].is_string() || f["actor"].get<std::string>().empty() ||
          !f["kind"].is_string() || f["kind"].get<std::string>().empty() ||
          !f["channel"].is_string() || !is_lower_hex(f["salt"], 32) ||
          !is_lower_hex(f["body_sha256"], 64))
        return fail(kHeaders, line, where + " has a field of the wrong type or form", "",
                    h.bytes.substr(0, 200));
      if (f["room"] != room_)
        return fail(kHeaders, line, where + " belongs to another room", room_,
                    f["room"].get<std::string>());
      if (f["seq"] != line)
        return fail(kHeaders, line,
                    where +
                        " is out of sequence (an event is missing, duplicated, inserted or "
                        "moved)",
                    "seq " + std::to_string(line), "seq " + f["seq"].dump());
      h.time = f["time"].get<std::int64_t>();
      if (!headers_.empty() && h.time < headers_.back().time)
        return fail(kHeaders, line, where + " is earlier than the event before it",
                    "time >= " + std::to_string(headers_.back().time),
                    "time " + std::to_string(h.time));
      h.kind = f["kind"].get<std::string>();
      h.channel = f["channel"].get<std::string>();
      if (!kChannels.count(h.channel))
        return fail(kHeaders, line, where + " names an unknown channel",
                    "main, caucus:A, caucus:B or consult", h.channel);
      headers_.push_back(std::move(h));
    }
    summary_.events = headers_.size();
    return true;
  }

  // What is said and shown back to back goes in only with private content (RECORD.md §6).
  bool body_required(const Header& h) const {
    return h.channel == "main" || (h.kind != "message" && h.kind != "document.shared") ||
           summary_.private_bodies;
  }

  bool check_record_meaning() {
    std::vector<LoggedEvent> events;
    for (const auto& h : headers_)
      events.push_back({h.bytes, h.kind, h.channel, h.fields["actor"].get<std::string>()});
    auto found = check_meaning({room_, events, bodies_, files_, expected_org_key_});
    summary_.signers = found.signers;
    summary_.seal = found.sealed.value_or("");
    summary_.documents = found.documents;
    if (found.fault) {
      fault_ = found.fault;
      return false;
    }
    return true;
  }

  bool check_bodies() {
    for (const auto& [name, data] : files_) {
      if (!name.starts_with(kBodyDir)) continue;
      const auto seq = decimal_name(std::string_view(name).substr(kBodyDir.size()), ".json");
      if (!seq || *seq >= headers_.size())
        return fail(name, seq ? std::optional<std::int64_t>(*seq) : std::nullopt,
                    "a body for an event the log does not have",
                    "seq < " + std::to_string(headers_.size()), name);
      const Header& h = headers_[*seq];
      if (!body_required(h))
        return fail(name, *seq,
                    "a private body is included although manifest.json says private bodies are "
                    "left out");
      if (auto why = canonical_fault(data))
        return fail(name, *seq, "body is not canonical JSON: " + *why);
      if (data.empty() || data.front() != '{') return fail(name, *seq, "body is not a JSON object");
      const std::string salt = *crypto::from_hex(h.fields["salt"].get<std::string>());
      const std::string actual = crypto::to_hex(crypto::as_view(crypto::sha256({salt, data})));
      if (actual != h.fields["body_sha256"])
        return fail(name, *seq,
                    "SHA-256(salt || body) differs from the header's body_sha256 (body was "
                    "changed)",
                    h.fields["body_sha256"].get<std::string>(), actual);
      ++summary_.bodies;
      bodies_[*seq] = json::parse(data);
    }
    for (std::size_t seq = 0; seq < headers_.size(); ++seq)
      if (body_required(headers_[seq]) && !bodies_.count(seq))
        return fail(std::string(kBodyDir) + std::to_string(seq) + ".json", std::int64_t(seq),
                    "missing: the body of a " + headers_[seq].kind + " event in " +
                        headers_[seq].channel + " must be included");
    return true;
  }

  bool check_checkpoints() {
    std::map<std::uint64_t, std::string> notes;
    for (const auto& [name, _] : files_)
      if (name.starts_with(kCheckpointDir))
        if (auto size = decimal_name(std::string_view(name).substr(kCheckpointDir.size()), ".note"))
          notes.emplace(*size, name);
    if (notes.empty()) return fail("checkpoints/", std::nullopt, "no checkpoint signs the log");

    PrefixRoots roots;
    std::uint64_t verified = 0;
    std::string origin;
    for (const auto& [size, name] : notes) {
      std::string why;
      auto note = read_note(*file(name), why);
      if (!note) return fail(name, std::nullopt, "not a signed note: " + why);
      auto body = read_checkpoint_body(note->body, why);
      if (!body) return fail(name, std::nullopt, "not a checkpoint: " + why);
      if (body->size != size)
        return fail(name, std::nullopt, "the size inside differs from the file name",
                    std::to_string(size), std::to_string(body->size));
      if (!body->origin.ends_with("/room/" + room_) || (!origin.empty() && body->origin != origin))
        return fail(name, std::nullopt, "origin does not name this room's log",
                    origin.empty() ? "<server>/room/" + room_ : origin, body->origin);
      origin = body->origin;
      const Key* key = signer_of(*note, why);
      if (!key) return fail(name, std::nullopt, why);
      // The log's name and its key's name are the same server's (RECORD.md §4).
      const std::string server = origin.substr(0, origin.size() - room_.size() - 6);
      if (!key->name.starts_with(server + "/"))
        return fail(name, std::nullopt,
                    "the origin's server name does not match the name of the key that signed it",
                    server + "/key-<n>", key->name);
      if (size > headers_.size())
        return fail(name, std::nullopt,
                    "covers more events than events/headers.jsonl holds (events were removed)",
                    std::to_string(headers_.size()) + " events", std::to_string(size) + " events");
      if (size > 0 && key->valid_until_ms && headers_[size - 1].time > *key->valid_until_ms)
        return fail(name, std::int64_t(size - 1),
                    "signed by key '" + key->name + "' after it was retired",
                    "events up to " + std::to_string(*key->valid_until_ms),
                    "an event at " + std::to_string(headers_[size - 1].time));
      while (roots.size() < size) roots.add_leaf(headers_[roots.size()].bytes);
      const std::string root = roots.root();
      if (root != body->root)
        return fail(name, std::nullopt,
                    "root differs from the Merkle root of the headers of seq 0.." +
                        std::to_string(size - 1) + ": a header among seq " +
                        std::to_string(verified) + ".." + std::to_string(size - 1) + " was changed",
                    crypto::to_hex(body->root), crypto::to_hex(root));
      verified = size;
      summary_.final_root = crypto::to_hex(root);
      stamped_.push_back({size, file(name),
                          file(std::string(kCheckpointDir) + std::to_string(size) + ".tst"),
                          key->name, key->valid_from_ms, key->valid_until_ms,
                          size > 0 ? headers_[size - 1].time : 0});
    }
    summary_.checkpoints = notes.size();
    origin_ = origin;
    if (verified != headers_.size())
      return fail(notes.rbegin()->second, std::int64_t(verified),
                  "the last checkpoint does not cover the whole log: events from seq " +
                      std::to_string(verified) + " on are signed by no checkpoint",
                  std::to_string(headers_.size()) + " events",
                  std::to_string(verified) + " events");
    return true;
  }

  // Step 8a: each checkpoint's time, proven by its token or the server's own word.
  bool check_trusted_time() {
    for (const auto& [name, _] : files_)
      if (name.starts_with(kCheckpointDir) && name.ends_with(".tst") &&
          !file(name.substr(0, name.size() - 4) + ".note"))
        return fail(name, std::nullopt, "a time-stamp token for a checkpoint the bundle lacks");
    std::optional<crypto::TimestampTrust> trust;
    if (!pins_.tsa_certificates.empty()) {
      std::string pem;
      for (const auto& cert : pins_.tsa_certificates) pem += cert + "\n";
      trust = crypto::TimestampTrust{pem};
    }
    auto found = check_checkpoint_times(stamped_, trust);
    summary_.checkpoint_times = std::move(found.times);
    if (found.fault) {
      fault_ = found.fault;
      return false;
    }
    return true;
  }

  // Meaning before bytes' content: the log begins with the room's creation, and every event is
  // of a kind the protocol records, in a channel that kind is logged in, with the body it has.
  bool check_kinds() {
    if (!headers_.empty() && headers_[0].kind != "room.created")
      return fail(kHeaders, 0, "the first event is not the room's creation", "room.created",
                  headers_[0].kind);
    for (std::size_t seq = 0; seq < headers_.size(); ++seq) {
      const auto& h = headers_[seq];
      auto body = bodies_.find(seq);
      if (seq > 0 && h.kind == "room.created")
        return fail(kHeaders, std::int64_t(seq), "a second room.created event");
      if (auto why =
              event_fault(h.kind, h.channel, body == bodies_.end() ? nullptr : &body->second))
        return fail(body == bodies_.end() ? kHeaders
                                          : std::string(kBodyDir) + std::to_string(seq) + ".json",
                    std::int64_t(seq), *why);
    }
    return true;
  }

  // Each checkpoint held outside the server: signed by a listed key (the same strict reading),
  // of this log, and the bundle's history extends it. One signed by the key that signed the
  // manifest pins the bundle's origin down.
  bool check_outside_checkpoints() {
    for (const auto& held : pins_.checkpoints) {
      std::string why;
      auto note = read_note(held.note, why);
      if (!note) return fail(held.name, std::nullopt, "not a signed note: " + why);
      auto body = read_checkpoint_body(note->body, why);
      if (!body) return fail(held.name, std::nullopt, "not a checkpoint: " + why);
      if (body->origin != origin_)
        return fail(held.name, std::nullopt, "a checkpoint of another log", origin_, body->origin);
      const Key* key = signer_of(*note, why);
      if (!key) return fail(held.name, std::nullopt, why);
      if (body->size > headers_.size())
        return fail(held.name, std::nullopt,
                    "the bundle holds fewer events than this checkpoint held outside the server "
                    "(events were removed after it was shown)",
                    std::to_string(body->size) + " events",
                    std::to_string(headers_.size()) + " events");
      PrefixRoots roots;
      while (roots.size() < body->size) roots.add_leaf(headers_[roots.size()].bytes);
      if (roots.root() != body->root)
        return fail(held.name, std::nullopt,
                    "the bundle's history differs from this checkpoint held outside the server "
                    "(rewritten or forked)",
                    crypto::to_hex(body->root), crypto::to_hex(roots.root()));
      if (key == manifest_key_ && proven_by_.empty())
        proven_by_ = "a checkpoint held outside the server (" + held.name + ")";
    }
    return true;
  }

  bool check_counts() {
    if (manifest_["events"] != headers_.size())
      return fail(kManifest, std::nullopt, "event count differs from events/headers.jsonl",
                  std::to_string(headers_.size()), manifest_["events"].dump());
    return true;
  }

  void summarise() {
    auto created = bodies_.find(0);
    if (created != bodies_.end() && !headers_.empty() && headers_[0].kind == "room.created") {
      const json& b = created->second;
      if (b.contains("title") && b["title"].is_string()) summary_.title = b["title"];
      if (b.contains("field") && b["field"].is_string()) summary_.field = b["field"];
      if (b.contains("mediator") && b["mediator"].is_object()) {
        const json& m = b["mediator"];
        summary_.mediator = m.value("name", "") + " (" + m.value("org", "") + ")";
      }
    }
    std::set<std::string> seen;
    for (const auto& [seq, body] : bodies_) {
      if (headers_[seq].kind != "participant.joined" || !body.contains("participant")) continue;
      const json& p = body["participant"];
      if (!p.is_object() || !p.contains("id") || !p["id"].is_string()) continue;
      if (!seen.insert(p["id"].get<std::string>()).second) continue;
      PersonSummary person{p["id"], p.value("name", ""), p.value("role", ""), std::nullopt};
      if (p.contains("side") && p["side"].is_string()) person.side = p["side"];
      summary_.participants.push_back(std::move(person));
    }
  }

  std::filesystem::path path_;
  const Pins& pins_;
  std::optional<std::string> expected_org_key_;
  const Key* manifest_key_ = nullptr;
  std::string origin_;     // the checkpoints' origin
  std::string proven_by_;  // what pinned the origin, if anything
  std::map<std::string, std::string> files_;
  json manifest_;
  std::string room_;
  std::map<std::string, Key> keys_;
  std::vector<Header> headers_;
  std::vector<CheckpointToCheck> stamped_;  // every checkpoint that passed step 8
  std::map<std::uint64_t, json> bodies_;
  Summary summary_;
  std::optional<Fault> fault_;
};

}  // namespace

std::string Fault::message() const {
  std::string out = file.empty() ? "bundle" : file;
  if (seq) out += " (seq " + std::to_string(*seq) + ")";
  out += ": " + what;
  if (!expected.empty() || !found.empty()) out += "; expected " + expected + ", found " + found;
  return out;
}

VerifyResult verify_bundle(const std::filesystem::path& bundle,
                           const std::optional<std::string>& expected_fingerprint,
                           const std::optional<std::string>& expected_org_key) {
  Pins pins;
  if (expected_fingerprint) pins.server_keys.push_back(*expected_fingerprint);
  pins.org_key = expected_org_key;
  return verify_bundle(bundle, pins);
}

VerifyResult verify_bundle(const std::filesystem::path& bundle, const Pins& pins) {
  return BundleCheck(bundle, pins).run();
}

}  // namespace mr::verify
