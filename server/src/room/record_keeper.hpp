#pragma once
// A room's side of the tamper-evident record: the Merkle tree over its event headers and the
// signed checkpoints (RECORD.md §3-4). Thread-safety: none; lives on the room's executor.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "record/merkle_tree.hpp"
#include "record/server_keys.hpp"
#include "store/records.hpp"

namespace mr::room {

class RecordKeeper {
 public:
  // Signs a checkpoint (origin, size, root) and returns the note text. Must be thread-safe:
  // every room calls it from its own executor.
  using Signer = std::function<std::string(const std::string& room, std::uint64_t size,
                                           const record::Hash& root)>;

  RecordKeeper(std::string room, Signer signer)
      : room_(std::move(room)), signer_(std::move(signer)) {}

  void append_leaf(const std::string& header);
  std::int64_t size() const { return std::int64_t(tree_.size()); }
  record::Hash root() const { return tree_.root(); }
  // The hex root of the first `size` events; nullopt beyond the log.
  std::optional<std::string> root_hex_at(std::int64_t size) const;

  // The latest checkpoint the store holds (after a restart).
  void restore(const store::StoredCheckpoint& latest);
  // True when at least `every` events are not covered by a signed checkpoint.
  bool checkpoint_due(std::int64_t every) const;
  // Signs a checkpoint of the whole log as it is now; it counts as the latest once stored.
  store::StoredCheckpoint sign_checkpoint(std::int64_t now_ms);
  void stored(const store::StoredCheckpoint& checkpoint);
  // The store refused a signed checkpoint: it is due again.
  void not_stored();
  const std::optional<std::string>& latest_note() const { return latest_note_; }

  struct Inclusion {
    std::string leaf;               // hex
    std::vector<std::string> path;  // hex, leaf to root
  };
  std::optional<Inclusion> inclusion(std::int64_t seq, std::int64_t size) const;
  std::optional<std::vector<std::string>> consistency(std::int64_t from, std::int64_t to) const;

 private:
  std::string room_;
  Signer signer_;
  record::MerkleTree tree_;
  std::int64_t signed_size_ = 0;  // size of the newest checkpoint signed
  std::int64_t stored_size_ = 0;  // size of the newest checkpoint the store holds
  std::optional<std::string> latest_note_;
};

// Signs each room's checkpoints with the server's current Ed25519 key.
RecordKeeper::Signer make_signer(std::shared_ptr<const record::ServerKeys> keys,
                                 const std::string& server_name);

}  // namespace mr::room
