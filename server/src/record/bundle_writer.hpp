#pragma once
// A room's judicial-confirmation bundle, one zip (protocol/RECORD.md §6): a signed manifest,
// every event header, the bodies that may be shown, every checkpoint, the server's public keys,
// the record in Chinese and a short VERIFY text.
//
// assemble_bundle is pure (a snapshot in, the files out), so tests check it without a zip;
// export_bundle reads the snapshot from the store (one read transaction) and writes the zip. An
// export never writes to the store: when the stored checkpoints do not cover the whole log, it
// signs one for the bundle only (Ed25519 is deterministic, so the room signs the same note when
// it gets there). So it works on a read-only copy of the data directory too.
// Thread-safety: pure functions; export_bundle uses the store's own thread-safety.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <variant>

#include "record/checkpoint.hpp"
#include "record/server_keys.hpp"
#include "record/zip_writer.hpp"
#include "store/store.hpp"

namespace mr::record {

inline constexpr std::string_view kBundleFormat = "mediation-room/bundle/v1";

struct BundleOptions {
  // Names the log in a checkpoint signed now, when the room has none yet to take it from.
  std::string server_name = std::string(kDefaultServerName);
  std::int64_t now_ms = 0;  // 0: the clock
  // The file holding a document's bytes by its SHA-256 (the blob store); unset: none included.
  std::function<std::optional<std::filesystem::path>(const std::string& sha256)> document_file = {};
  // Files a package adds (RECORD.md §6.1), listed in the signed manifest like the others.
  std::map<std::string, std::string> extra_files = {};
};

struct BundleResult {
  bool ok = false;
  std::string error;  // why not, when !ok
  std::uint64_t events = 0;
  std::uint64_t bodies = 0;  // bodies included
  std::size_t checkpoints = 0;
  std::size_t timestamps = 0;  // checkpoints with an RFC 3161 token
  bool signed_final_checkpoint = false;  // the exporter had to sign one to cover the log
  std::string root_hex;                  // root of the whole log
};

struct Bundle {
  std::map<std::string, ZipEntry> files;  // path -> content, manifest and its signature included
  BundleResult summary;
};

// include_private: also the bodies of messages in caucus:A, caucus:B and consult. The bodies of
// other events and of messages in main are always included. Answers the error text if the
// snapshot is not a whole log.
std::variant<Bundle, std::string> assemble_bundle(const store::RoomSnapshot& snapshot,
                                                  const ServerKeys& keys, bool include_private,
                                                  const BundleOptions& options = {});

BundleResult export_bundle(store::Store& store, const std::string& room, const ServerKeys& keys,
                           bool include_private, const std::filesystem::path& out,
                           BundleOptions options = {});

}  // namespace mr::record
