#pragma once
// Writes a room's judicial-confirmation bundle, one zip (protocol/RECORD.md §6): a signed
// manifest, every event header, the bodies that may be shown, every checkpoint, the server's
// public keys, the record in Chinese and a short VERIFY text.
//
// Thread-safety: uses the connection it is given; run it where that connection may be used.
// It only reads, except that it stores one new checkpoint when the latest does not cover the
// whole log.
#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "record/checkpoint.hpp"
#include "record/server_keys.hpp"

namespace mr::record {

inline constexpr std::string_view kBundleFormat = "mediation-room/bundle/v1";

struct BundleOptions {
  // Names the log in a checkpoint signed now, when the room has none yet to take it from.
  std::string server_name = std::string(kDefaultServerName);
  std::int64_t now_ms = 0;  // 0: the clock
};

struct BundleResult {
  bool ok = false;
  std::string error;  // why not, when !ok
  std::uint64_t events = 0;
  std::uint64_t bodies = 0;  // bodies included
  std::size_t checkpoints = 0;
  bool signed_final_checkpoint = false;  // the exporter had to sign one to cover the log
  std::string root_hex;                  // root of the whole log
};

// include_private: also the bodies of messages in caucus:A, caucus:B and consult. The bodies of
// other events and of messages in main are always included.
BundleResult export_bundle(SQLite::Database& db, const std::string& room, const ServerKeys& keys,
                           bool include_private, const std::filesystem::path& out,
                           const BundleOptions& options = {});

}  // namespace mr::record
