#include "verify/prefix_roots.hpp"

#include "crypto/sha256.hpp"

namespace mr::verify {
namespace {

std::string hash(std::string_view prefix, std::string_view a, std::string_view b = {}) {
  return std::string(crypto::as_view(crypto::sha256({prefix, a, b})));
}

std::string node(const std::string& left, const std::string& right) {
  return hash(std::string_view("\x01", 1), left, right);
}

}  // namespace

void PrefixRoots::add_leaf(std::string_view header_bytes) {
  std::pair<int, std::string> top{0, hash(std::string_view("\x00", 1), header_bytes)};
  while (!stack_.empty() && stack_.back().first == top.first) {
    top = {top.first + 1, node(stack_.back().second, top.second)};
    stack_.pop_back();
  }
  stack_.push_back(std::move(top));
  ++size_;
}

std::string PrefixRoots::root() const {
  if (stack_.empty()) return hash({}, {});
  std::string acc = stack_.back().second;
  for (auto it = stack_.rbegin() + 1; it != stack_.rend(); ++it) acc = node(it->second, acc);
  return acc;
}

}  // namespace mr::verify
