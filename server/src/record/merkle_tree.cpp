#include "record/merkle_tree.hpp"

#include <bit>

namespace mr::record {
namespace {

// The largest power of two strictly below n (n >= 2): RFC 6962's split point k.
std::uint64_t split(std::uint64_t n) { return std::bit_floor(n - 1); }

}  // namespace

Hash leaf_hash(std::string_view leaf_bytes) {
  static constexpr char kPrefix = '\x00';
  return crypto::sha256({std::string_view(&kPrefix, 1), leaf_bytes});
}

Hash node_hash(const Hash& left, const Hash& right) {
  static constexpr char kPrefix = '\x01';
  return crypto::sha256(
      {std::string_view(&kPrefix, 1), crypto::as_view(left), crypto::as_view(right)});
}

Hash empty_root() { return crypto::sha256(std::string_view()); }

void MerkleTree::append(const Hash& leaf) {
  if (levels_.empty()) levels_.emplace_back();
  levels_[0].push_back(leaf);
  // Each time a level gains its second node of a pair, that pair is a complete subtree one
  // level up: like carrying in a binary counter, amortised one node per append.
  for (std::size_t k = 0; levels_[k].size() % 2 == 0; ++k) {
    if (k + 1 == levels_.size()) levels_.emplace_back();
    const auto& level = levels_[k];
    levels_[k + 1].push_back(node_hash(level[level.size() - 2], level.back()));
  }
}

std::optional<Hash> MerkleTree::root(std::uint64_t size) const {
  if (size > this->size()) return std::nullopt;
  return root_of(size);
}

Hash MerkleTree::root_of(std::uint64_t size) const {
  if (size == 0) return empty_root();
  return range_hash(0, size);
}

Hash MerkleTree::range_hash(std::uint64_t begin, std::uint64_t end) const {
  const std::uint64_t n = end - begin;
  if (std::has_single_bit(n)) {
    // RFC 6962's recursion only asks for power-of-two ranges aligned to their size.
    const int k = std::countr_zero(n);
    return levels_[k][begin >> k];
  }
  const std::uint64_t k = split(n);
  return node_hash(levels_[std::countr_zero(k)][begin / k], range_hash(begin + k, end));
}

void MerkleTree::path(std::uint64_t index, std::uint64_t begin, std::uint64_t end,
                      std::vector<Hash>& out) const {
  const std::uint64_t n = end - begin;
  if (n == 1) return;
  const std::uint64_t k = split(n);
  if (index < begin + k) {
    path(index, begin, begin + k, out);
    out.push_back(range_hash(begin + k, end));
  } else {
    path(index, begin + k, end, out);
    out.push_back(range_hash(begin, begin + k));
  }
}

std::optional<std::vector<Hash>> MerkleTree::inclusion_proof(std::uint64_t index,
                                                             std::uint64_t size) const {
  if (index >= size || size > this->size()) return std::nullopt;
  std::vector<Hash> out;
  path(index, 0, size, out);
  return out;
}

void MerkleTree::subproof(std::uint64_t m, std::uint64_t begin, std::uint64_t end, bool whole,
                          std::vector<Hash>& out) const {
  const std::uint64_t n = end - begin;
  if (m == n) {
    if (!whole) out.push_back(range_hash(begin, end));
    return;
  }
  const std::uint64_t k = split(n);
  if (m <= k) {
    subproof(m, begin, begin + k, whole, out);
    out.push_back(range_hash(begin + k, end));
  } else {
    subproof(m - k, begin + k, end, false, out);
    out.push_back(range_hash(begin, begin + k));
  }
}

std::optional<std::vector<Hash>> MerkleTree::consistency_proof(std::uint64_t old_size,
                                                               std::uint64_t new_size) const {
  if (old_size == 0 || old_size > new_size || new_size > size()) return std::nullopt;
  std::vector<Hash> out;
  if (old_size < new_size) subproof(old_size, 0, new_size, true, out);
  return out;
}

bool verify_inclusion(const Hash& leaf, std::uint64_t index, std::uint64_t size,
                      const std::vector<Hash>& proof, const Hash& root) {
  if (index >= size) return false;
  std::uint64_t fn = index, sn = size - 1;
  Hash r = leaf;
  for (const Hash& p : proof) {
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      r = node_hash(p, r);
      while (fn != 0 && !(fn & 1)) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = node_hash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

bool verify_consistency(std::uint64_t old_size, std::uint64_t new_size, const Hash& old_root,
                        const Hash& new_root, const std::vector<Hash>& proof) {
  if (old_size == 0 || old_size > new_size) return false;
  if (old_size == new_size) return proof.empty() && old_root == new_root;
  if (proof.empty()) return false;
  // When old_size is a power of two its root is itself the first node of the path.
  std::vector<Hash> path;
  if (std::has_single_bit(old_size)) path.push_back(old_root);
  path.insert(path.end(), proof.begin(), proof.end());
  std::uint64_t fn = old_size - 1, sn = new_size - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0], sr = path[0];
  for (std::size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      fr = node_hash(c, fr);
      sr = node_hash(c, sr);
      while (fn != 0 && !(fn & 1)) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = node_hash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && fr == old_root && sr == new_root;
}

}  // namespace mr::record
