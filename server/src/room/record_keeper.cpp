#include "room/record_keeper.hpp"

#include "crypto/encoding.hpp"
#include "record/checkpoint.hpp"

namespace mr::room {
namespace {
std::string hex(const record::Hash& h) { return crypto::to_hex(crypto::as_view(h)); }
}  // namespace

void RecordKeeper::append_leaf(const std::string& header) {
  tree_.append(record::leaf_hash(header));
}

std::optional<std::string> RecordKeeper::root_hex_at(std::int64_t size) const {
  if (size < 0) return std::nullopt;
  auto root = tree_.root(std::uint64_t(size));
  if (!root) return std::nullopt;
  return hex(*root);
}

void RecordKeeper::restore(const store::StoredCheckpoint& latest) {
  signed_size_ = stored_size_ = latest.size;
  latest_note_ = latest.note;
}

bool RecordKeeper::checkpoint_due(std::int64_t every) const {
  return size() - signed_size_ >= every;
}

store::StoredCheckpoint RecordKeeper::sign_checkpoint(std::int64_t now_ms) {
  auto root = tree_.root();
  auto note = signer_(room_, tree_.size(), root);
  signed_size_ = size();
  return {room_, size(), std::string(crypto::as_view(root)), std::move(note), now_ms};
}

void RecordKeeper::stored(const store::StoredCheckpoint& checkpoint) {
  if (checkpoint.size < stored_size_) return;
  stored_size_ = checkpoint.size;
  latest_note_ = checkpoint.note;
}

void RecordKeeper::not_stored() { signed_size_ = stored_size_; }

std::optional<RecordKeeper::Inclusion> RecordKeeper::inclusion(std::int64_t seq,
                                                               std::int64_t size) const {
  if (seq < 0 || size <= seq || size > this->size()) return std::nullopt;
  auto path = tree_.inclusion_proof(std::uint64_t(seq), std::uint64_t(size));
  if (!path) return std::nullopt;
  Inclusion out{hex(tree_.leaf(std::uint64_t(seq))), {}};
  for (const auto& h : *path) out.path.push_back(hex(h));
  return out;
}

std::optional<std::vector<std::string>> RecordKeeper::consistency(std::int64_t from,
                                                                  std::int64_t to) const {
  if (from < 1 || to < from || to > size()) return std::nullopt;
  auto path = tree_.consistency_proof(std::uint64_t(from), std::uint64_t(to));
  if (!path) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& h : *path) out.push_back(hex(h));
  return out;
}

RecordKeeper::Signer make_signer(std::shared_ptr<const record::ServerKeys> keys,
                                 const std::string& server_name) {
  return
      [keys, server_name](const std::string& room, std::uint64_t size, const record::Hash& root) {
        return keys->sign_checkpoint(record::room_origin(room, server_name), size, root);
      };
}

}  // namespace mr::room
