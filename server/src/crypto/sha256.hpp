#pragma once
// SHA-256 over byte strings (OpenSSL EVP). Thread-safe: no shared state.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace mr::crypto {

using Digest = std::array<std::uint8_t, 32>;

Digest sha256(std::string_view data);
// SHA-256 of the concatenation of the parts, without joining them first.
Digest sha256(std::initializer_list<std::string_view> parts);
std::string sha256_hex(std::string_view data);

inline std::string_view as_view(const Digest& d) {
  return {reinterpret_cast<const char*>(d.data()), d.size()};
}

}  // namespace mr::crypto
