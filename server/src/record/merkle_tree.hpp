#pragma once
// One room's RFC 6962 Merkle tree over its event headers (protocol/RECORD.md §3): leaf =
// SHA-256(0x00 || header bytes), node = SHA-256(0x01 || left || right), leaf index = seq.
//
// The tree keeps every complete, aligned subtree it has seen (level k holds the roots of the
// subtrees of 2^k leaves), about two hashes per leaf. An append adds at most log2(n) nodes, and
// the root, an earlier root, or a proof for any size is assembled from O(log n) stored subtrees;
// nothing ever rehashes the whole tree.
//
// Thread-safety: none. A tree belongs to one room and is used only on that room's strand.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "crypto/sha256.hpp"

namespace mr::record {

using Hash = crypto::Digest;

Hash leaf_hash(std::string_view leaf_bytes);
Hash node_hash(const Hash& left, const Hash& right);
// The root of the empty tree: SHA-256 of no bytes (RFC 6962 §2.1).
Hash empty_root();

class MerkleTree {
 public:
  void append(const Hash& leaf);
  std::uint64_t size() const { return levels_.empty() ? 0 : levels_[0].size(); }
  Hash root() const { return root_of(size()); }
  // The hash of leaf `index`; requires index < size().
  const Hash& leaf(std::uint64_t index) const { return levels_[0][index]; }
  // The root the tree had when it held `size` leaves; nullopt if size > size().
  std::optional<Hash> root(std::uint64_t size) const;
  // RFC 6962 §2.1.1 PATH(index, D[0:size]); nullopt unless index < size <= size().
  std::optional<std::vector<Hash>> inclusion_proof(std::uint64_t index, std::uint64_t size) const;
  // RFC 6962 §2.1.2 PROOF(old_size, D[0:new_size]); nullopt unless
  // 0 < old_size <= new_size <= size(). Equal sizes give an empty proof.
  std::optional<std::vector<Hash>> consistency_proof(std::uint64_t old_size,
                                                     std::uint64_t new_size) const;

 private:
  Hash root_of(std::uint64_t size) const;
  // MTH(D[begin:end]); [begin, end) is always a range that RFC 6962's recursion produces.
  Hash range_hash(std::uint64_t begin, std::uint64_t end) const;
  void path(std::uint64_t index, std::uint64_t begin, std::uint64_t end,
            std::vector<Hash>& out) const;
  void subproof(std::uint64_t m, std::uint64_t begin, std::uint64_t end, bool whole,
                std::vector<Hash>& out) const;

  std::vector<std::vector<Hash>> levels_;
};

// Checks an inclusion proof (RFC 9162 §2.1.3.2). Pure.
bool verify_inclusion(const Hash& leaf, std::uint64_t index, std::uint64_t size,
                      const std::vector<Hash>& proof, const Hash& root);
// Checks a consistency proof between the trees of old_size and new_size leaves
// (RFC 9162 §2.1.4.2). Pure.
bool verify_consistency(std::uint64_t old_size, std::uint64_t new_size, const Hash& old_root,
                        const Hash& new_root, const std::vector<Hash>& proof);

}  // namespace mr::record
