#pragma once
// Merkle roots of growing prefixes of a log, computed in one pass (RECORD.md §3). The verifier's
// own method, unlike the writer's: a stack of complete subtree roots, folded right to left
// whenever a root is wanted. Not thread-safe; one per verification.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mr::verify {

class PrefixRoots {
 public:
  void add_leaf(std::string_view header_bytes);
  std::uint64_t size() const { return size_; }
  // Root of everything added so far (32 raw bytes); SHA-256("") when empty.
  std::string root() const;

 private:
  std::vector<std::pair<int, std::string>> stack_;  // (height, hash), heights decreasing
  std::uint64_t size_ = 0;
};

}  // namespace mr::verify
