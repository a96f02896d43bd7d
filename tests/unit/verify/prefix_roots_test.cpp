// The verifier's own Merkle roots (RECORD.md §3), computed apart from the writer's tree: known
// answers first, then agreement with record::MerkleTree at every size a checkpoint could name.
#include "verify/prefix_roots.hpp"

#include <gtest/gtest.h>

#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"
#include "record/merkle_tree.hpp"
#include "rfc6962_vectors.hpp"

namespace mr::verify {
namespace {

std::string hex(std::string_view raw) { return crypto::to_hex(raw); }

TEST(PrefixRoots, EmptyLogHasTheRootOfNoBytes) {
  PrefixRoots roots;
  EXPECT_EQ(roots.size(), 0u);
  EXPECT_EQ(hex(roots.root()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(PrefixRoots, MatchesTheCertificateTransparencyVectorsAtEverySize) {
  PrefixRoots roots;
  for (std::size_t n = 0; n < 8; ++n) {
    roots.add_leaf(*crypto::from_hex(testing_support::kCtLeafInputs[n]));
    EXPECT_EQ(roots.size(), n + 1);
    EXPECT_EQ(hex(roots.root()), testing_support::kCtRoots[n]) << "size " << n + 1;
  }
}

// Two independent implementations of the same tree agree: the verifier cannot accept a
// checkpoint the writer's tree would not have signed, nor reject one it would.
TEST(PrefixRoots, AgreesWithTheWritersTreeUpTo300Leaves) {
  PrefixRoots roots;
  record::MerkleTree tree;
  for (int i = 0; i < 300; ++i) {
    const std::string header = R"({"seq":)" + std::to_string(i) + "}";
    roots.add_leaf(header);
    tree.append(record::leaf_hash(header));
    ASSERT_EQ(roots.root(), std::string(crypto::as_view(tree.root()))) << "size " << i + 1;
  }
}

TEST(PrefixRoots, ChangesWithAnyLeafByte) {
  PrefixRoots a, b;
  for (const char* leaf : {"x", "y", "z"}) a.add_leaf(leaf);
  for (const char* leaf : {"x", "Y", "z"}) b.add_leaf(leaf);
  EXPECT_NE(a.root(), b.root());
}

}  // namespace
}  // namespace mr::verify
