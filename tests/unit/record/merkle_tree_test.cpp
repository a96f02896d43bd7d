#include "record/merkle_tree.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <span>

#include "crypto/encoding.hpp"
#include "rfc6962_vectors.hpp"

namespace mr::record {
namespace {

std::string hex(const Hash& h) { return crypto::to_hex(crypto::as_view(h)); }

using testing_support::kCtRoots;

std::vector<Hash> ct_leaves() {
  std::vector<Hash> out;
  for (const char* in : testing_support::kCtLeafInputs)
    out.push_back(leaf_hash(*crypto::from_hex(in)));
  return out;
}

// --- A deliberately naive reference: RFC 6962 §2.1 written out as recursion over the leaves.
using Leaves = std::span<const Hash>;

std::size_t ref_split(std::size_t n) {
  std::size_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

Hash ref_mth(Leaves d) {
  if (d.empty()) return crypto::sha256(std::string_view());
  if (d.size() == 1) return d[0];
  const std::size_t k = ref_split(d.size());
  return node_hash(ref_mth(d.first(k)), ref_mth(d.subspan(k)));
}

std::vector<Hash> ref_path(std::size_t m, Leaves d) {
  if (d.size() == 1) return {};
  const std::size_t k = ref_split(d.size());
  std::vector<Hash> out;
  if (m < k) {
    out = ref_path(m, d.first(k));
    out.push_back(ref_mth(d.subspan(k)));
  } else {
    out = ref_path(m - k, d.subspan(k));
    out.push_back(ref_mth(d.first(k)));
  }
  return out;
}

std::vector<Hash> ref_subproof(std::size_t m, Leaves d, bool b) {
  if (m == d.size()) return b ? std::vector<Hash>{} : std::vector<Hash>{ref_mth(d)};
  const std::size_t k = ref_split(d.size());
  std::vector<Hash> out;
  if (m <= k) {
    out = ref_subproof(m, d.first(k), b);
    out.push_back(ref_mth(d.subspan(k)));
  } else {
    out = ref_subproof(m - k, d.subspan(k), false);
    out.push_back(ref_mth(d.first(k)));
  }
  return out;
}

// Rebuilds the root from an inclusion path by walking the same recursion top-down, taking path
// entries from the back.
std::optional<Hash> ref_rebuild(std::size_t m, std::size_t n, const Hash& leaf,
                                const std::vector<Hash>& path, std::size_t& end) {
  if (n == 1) return leaf;
  if (end == 0) return std::nullopt;
  const Hash sibling = path[--end];
  const std::size_t k = ref_split(n);
  if (m < k) {
    auto left = ref_rebuild(m, k, leaf, path, end);
    return left ? std::optional(node_hash(*left, sibling)) : std::nullopt;
  }
  auto right = ref_rebuild(m - k, n - k, leaf, path, end);
  return right ? std::optional(node_hash(sibling, *right)) : std::nullopt;
}

bool ref_verify_inclusion(const Hash& leaf, std::size_t m, std::size_t n,
                          const std::vector<Hash>& path, const Hash& root) {
  if (m >= n) return false;
  std::size_t end = path.size();
  auto r = ref_rebuild(m, n, leaf, path, end);
  return r && end == 0 && *r == root;
}

// Rebuilds (old root, new root) from a consistency proof.
std::optional<std::pair<Hash, Hash>> ref_rebuild_consistency(std::size_t m, std::size_t n, bool b,
                                                             const Hash& old_root,
                                                             const std::vector<Hash>& proof,
                                                             std::size_t& end) {
  if (m == n) {
    if (b) return std::pair{old_root, old_root};
    if (end == 0) return std::nullopt;
    const Hash h = proof[--end];
    return std::pair{h, h};
  }
  if (end == 0) return std::nullopt;
  const Hash sibling = proof[--end];
  const std::size_t k = ref_split(n);
  if (m <= k) {
    auto inner = ref_rebuild_consistency(m, k, b, old_root, proof, end);
    if (!inner) return std::nullopt;
    return std::pair{inner->first, node_hash(inner->second, sibling)};
  }
  auto inner = ref_rebuild_consistency(m - k, n - k, false, old_root, proof, end);
  if (!inner) return std::nullopt;
  return std::pair{node_hash(sibling, inner->first), node_hash(sibling, inner->second)};
}

bool ref_verify_consistency(std::size_t m, std::size_t n, const Hash& old_root,
                            const Hash& new_root, const std::vector<Hash>& proof) {
  if (m == 0 || m > n) return false;
  std::size_t end = proof.size();
  auto r = ref_rebuild_consistency(m, n, true, old_root, proof, end);
  return r && end == 0 && r->first == old_root && r->second == new_root;
}

std::vector<Hash> numbered_leaves(std::size_t n) {
  std::vector<Hash> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(leaf_hash("leaf " + std::to_string(i)));
  return out;
}

MerkleTree tree_of(const std::vector<Hash>& leaves) {
  MerkleTree t;
  for (const auto& l : leaves) t.append(l);
  return t;
}

TEST(MerkleTree, HashesWithDomainSeparation) {
  EXPECT_EQ(hex(empty_root()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hex(leaf_hash("")), kCtRoots[0]);  // SHA-256(0x00)
  EXPECT_EQ(node_hash(leaf_hash("a"), leaf_hash("b")),
            crypto::sha256({std::string_view("\x01", 1), crypto::as_view(leaf_hash("a")),
                            crypto::as_view(leaf_hash("b"))}));
}

TEST(MerkleTree, MatchesCertificateTransparencyRoots) {
  const auto leaves = ct_leaves();
  MerkleTree tree;
  EXPECT_EQ(tree.root(), empty_root());
  for (std::size_t n = 1; n <= 8; ++n) {
    tree.append(leaves[n - 1]);
    EXPECT_EQ(tree.size(), n);
    EXPECT_EQ(hex(tree.root()), kCtRoots[n - 1]) << "size " << n;
  }
  for (std::size_t n = 1; n <= 8; ++n) EXPECT_EQ(hex(*tree.root(n)), kCtRoots[n - 1]);
  EXPECT_EQ(tree.root(0), empty_root());
  EXPECT_FALSE(tree.root(9));
}

TEST(MerkleTree, MatchesCertificateTransparencyProofs) {
  const auto tree = tree_of(ct_leaves());
  auto hexes = [](const std::vector<Hash>& v) {
    std::vector<std::string> out;
    for (const auto& h : v) out.push_back(hex(h));
    return out;
  };
  EXPECT_EQ(hexes(*tree.inclusion_proof(0, 8)),
            (std::vector<std::string>{
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}));
  EXPECT_EQ(hexes(*tree.inclusion_proof(5, 8)),
            (std::vector<std::string>{
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}));
  EXPECT_EQ(hexes(*tree.consistency_proof(1, 8)),
            (std::vector<std::string>{
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}));
  EXPECT_EQ(hexes(*tree.consistency_proof(6, 8)),
            (std::vector<std::string>{
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}));
  EXPECT_EQ(hexes(*tree.consistency_proof(2, 5)),
            (std::vector<std::string>{
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}));
  EXPECT_TRUE(tree.consistency_proof(1, 1)->empty());
}

TEST(MerkleTree, RootsOfEverySizeMatchTheReference) {
  const auto leaves = numbered_leaves(130);
  MerkleTree tree;
  for (std::size_t n = 1; n <= leaves.size(); ++n) {
    tree.append(leaves[n - 1]);
    ASSERT_EQ(tree.root(), ref_mth(Leaves(leaves).first(n))) << "size " << n;
  }
  for (std::size_t n = 0; n <= leaves.size(); ++n)
    ASSERT_EQ(*tree.root(n), ref_mth(Leaves(leaves).first(n))) << "earlier size " << n;
}

TEST(MerkleTree, InclusionProofsForEverySizeAndIndexUpTo100) {
  const auto leaves = numbered_leaves(100);
  const auto tree = tree_of(leaves);
  for (std::size_t n = 1; n <= 100; ++n) {
    const Hash root = ref_mth(Leaves(leaves).first(n));
    for (std::size_t m = 0; m < n; ++m) {
      SCOPED_TRACE(testing::Message() << "index " << m << " size " << n);
      const auto proof = tree.inclusion_proof(m, n);
      ASSERT_TRUE(proof);
      ASSERT_EQ(*proof, ref_path(m, Leaves(leaves).first(n)));
      ASSERT_TRUE(ref_verify_inclusion(leaves[m], m, n, *proof, root));
      ASSERT_TRUE(verify_inclusion(leaves[m], m, n, *proof, root));

      // Every tampering must fail in both verifiers. (A wrong tree size is not among them: the
      // root does not commit to the size, which is why a checkpoint signs the two together.)
      std::vector<std::vector<Hash>> bad;
      for (std::size_t i = 0; i < proof->size(); ++i) {
        auto p = *proof;
        p[i][i % 32] ^= 0x01;
        bad.push_back(p);
      }
      if (!proof->empty()) bad.push_back({proof->begin(), proof->end() - 1});
      auto longer = *proof;
      longer.push_back(root);
      bad.push_back(longer);
      for (const auto& p : bad) {
        EXPECT_FALSE(ref_verify_inclusion(leaves[m], m, n, p, root));
        EXPECT_FALSE(verify_inclusion(leaves[m], m, n, p, root));
      }
      EXPECT_FALSE(verify_inclusion(leaf_hash("other"), m, n, *proof, root));
      EXPECT_FALSE(verify_inclusion(leaves[m], m, n, *proof, leaf_hash("root")));
      if (m + 1 < n) {
        EXPECT_FALSE(verify_inclusion(leaves[m], m + 1, n, *proof, root));
      }
      EXPECT_FALSE(verify_inclusion(leaves[m], n, n, *proof, root));
    }
  }
  EXPECT_FALSE(tree.inclusion_proof(5, 5));
  EXPECT_FALSE(tree.inclusion_proof(0, 101));
}

TEST(MerkleTree, ConsistencyProofsForEveryPairOfSizesUpTo100) {
  const auto leaves = numbered_leaves(100);
  const auto tree = tree_of(leaves);
  for (std::size_t n = 1; n <= 100; ++n) {
    const Hash new_root = ref_mth(Leaves(leaves).first(n));
    for (std::size_t m = 1; m <= n; ++m) {
      SCOPED_TRACE(testing::Message() << "from " << m << " to " << n);
      const Hash old_root = ref_mth(Leaves(leaves).first(m));
      const auto proof = tree.consistency_proof(m, n);
      ASSERT_TRUE(proof);
      ASSERT_EQ(*proof, ref_subproof(m, Leaves(leaves).first(n), true));
      ASSERT_TRUE(ref_verify_consistency(m, n, old_root, new_root, *proof));
      ASSERT_TRUE(verify_consistency(m, n, old_root, new_root, *proof));

      std::vector<std::vector<Hash>> bad;
      for (std::size_t i = 0; i < proof->size(); ++i) {
        auto p = *proof;
        p[i][(i + 7) % 32] ^= 0x80;
        bad.push_back(p);
      }
      if (!proof->empty()) bad.push_back({proof->begin(), proof->end() - 1});
      auto longer = *proof;
      longer.push_back(new_root);
      bad.push_back(longer);
      for (const auto& p : bad) {
        EXPECT_FALSE(ref_verify_consistency(m, n, old_root, new_root, p));
        EXPECT_FALSE(verify_consistency(m, n, old_root, new_root, p));
      }
      if (m < n) {
        EXPECT_FALSE(verify_consistency(m, n, new_root, old_root, *proof));
        EXPECT_FALSE(verify_consistency(m, n, leaf_hash("x"), new_root, *proof));
        EXPECT_FALSE(verify_consistency(m, n, old_root, leaf_hash("x"), *proof));
        if (m > 1) {
          EXPECT_FALSE(verify_consistency(m - 1, n, old_root, new_root, *proof));
        }
      }
    }
  }
  EXPECT_FALSE(tree.consistency_proof(0, 5));
  EXPECT_FALSE(tree.consistency_proof(6, 5));
  EXPECT_FALSE(tree.consistency_proof(5, 101));
}

}  // namespace
}  // namespace mr::record
