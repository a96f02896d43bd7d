#pragma once
// The offline verifier of an export bundle (protocol/RECORD.md §7). It is written apart from the
// exporter and shares only the hash and signature primitives with it (crypto/sha256, ed25519,
// encoding), so a bug in the writer is not silently mirrored here. Stops at the first fault and
// names it. Thread-safe: no shared state.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mr::verify {

struct Fault {
  std::string file;                 // the bundle file at fault ("" for the archive itself)
  std::optional<std::int64_t> seq;  // the event concerned, if one is
  std::string what;                 // what is wrong, in a sentence
  std::string expected, found;      // may be empty when there is nothing to compare

  std::string message() const;  // "file (seq N): what; expected …, found …"
};

struct PersonSummary {
  std::string id, name, role;
  std::optional<std::string> side;
};

// When a checkpoint is proven to have existed by (RECORD.md §4.1, §7 step 8a).
struct CheckpointTime {
  std::uint64_t size = 0;
  // tsa: a token checked against --tsa-ca; unchecked: a token, but no --tsa-ca to check it with;
  // server: no token, the time of the last event it covers (the server's own word).
  enum class Source { server, tsa, unchecked } source = Source::server;
  std::int64_t time_ms = 0;
  std::optional<std::int64_t> accuracy_ms;
  std::string tsa;  // the token signer's subject
};

struct Summary {
  std::string room, title, field;
  std::string mediator;  // presiding mediator and organisation, from room.created
  std::uint64_t events = 0;
  std::uint64_t bodies = 0;  // bodies included
  bool private_bodies = false;
  std::vector<PersonSummary> participants;  // from participant.joined events
  std::vector<std::string> signers;         // who signed the sealed agreement: "participant (role)"
  std::string seal;                         // "organisation (key fingerprint)" of the seal, if any
  std::size_t documents = 0;                // documents whose bytes are in the bundle
  std::string final_root;                   // hex
  std::size_t checkpoints = 0;
  std::string server_key_fingerprint;  // of the key that signed the manifest
  std::vector<CheckpointTime> checkpoint_times;  // ascending size
};

// What the verifier is told from outside the bundle, which a forger who made the whole bundle
// cannot have made: without any of these a bundle can only be shown self-consistent.
struct Pins {
  // Hex SHA-256 fingerprints of the server's key, obtained from the operator by another channel
  // (--server-key, or the listing of --server-keys FILE); the manifest must be signed by one.
  std::vector<std::string> server_keys;
  std::optional<std::string> org_key;  // --org-key: the organisation's seal key
  struct Checkpoint {
    std::string name;  // where it came from (a file name), for the report
    std::string note;  // the signed note, as a participant downloaded it from the room page
  };
  // Checkpoints held outside the server (--checkpoint): the bundle must extend each one.
  std::vector<Checkpoint> checkpoints;
  // The TSA certificates (PEM) a checkpoint's time-stamp token must chain to (--tsa-ca). Empty:
  // tokens are matched to their checkpoints but their time is unproven.
  std::vector<std::string> tsa_certificates;
};

struct VerifyResult {
  bool ok = false;
  // ok and pinned: the bundle was signed by a key given from outside (or extends a checkpoint
  // held outside signed by its key). ok without it: only self-consistent, origin unproven.
  bool origin_proven = false;
  std::string proven_by;  // what pinned it, for the report
  Summary summary;
  std::optional<Fault> fault;  // the first thing found wrong
  // What a valid bundle does not prove, stated plainly for the report.
  std::vector<std::string> cannot_prove;
};

// `expected_fingerprint`: hex SHA-256 of the server's raw Ed25519 public key, obtained from the
// server operator by another channel; when given, the manifest must be signed by that key.
// `expected_org_key`: likewise for the organisation's seal key (`mediation-room org list`).
VerifyResult verify_bundle(const std::filesystem::path& bundle,
                           const std::optional<std::string>& expected_fingerprint = std::nullopt,
                           const std::optional<std::string>& expected_org_key = std::nullopt);
VerifyResult verify_bundle(const std::filesystem::path& bundle, const Pins& pins);

}  // namespace mr::verify
