#pragma once
// SHA-256 over byte strings (OpenSSL EVP). Thread-safe: no shared state.
#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

typedef struct evp_md_ctx_st EVP_MD_CTX;

namespace mr::crypto {

using Digest = std::array<std::uint8_t, 32>;

Digest sha256(std::string_view data);
// SHA-256 of the concatenation of the parts, without joining them first.
Digest sha256(std::initializer_list<std::string_view> parts);
std::string sha256_hex(std::string_view data);

// SHA-256 of data that arrives in pieces (an upload, a file). Not thread-safe; movable.
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(Sha256Stream&& other) noexcept;
  Sha256Stream& operator=(Sha256Stream&& other) noexcept;
  void update(std::string_view data);
  Digest finish();  // once

 private:
  EVP_MD_CTX* ctx_;
};

// SHA-256 of a file's bytes, read in chunks; nullopt if it cannot be read.
std::optional<std::string> sha256_file_hex(const std::filesystem::path& file);

inline std::string_view as_view(const Digest& d) {
  return {reinterpret_cast<const char*>(d.data()), d.size()};
}

}  // namespace mr::crypto
