#include "crypto/sha256.hpp"

#include <openssl/evp.h>

#include <stdexcept>

#include "crypto/encoding.hpp"

namespace mr::crypto {

Digest sha256(std::initializer_list<std::string_view> parts) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1) {
    EVP_MD_CTX_free(ctx);
    throw std::runtime_error("sha256: init failed");
  }
  for (auto part : parts) EVP_DigestUpdate(ctx, part.data(), part.size());
  Digest out{};
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, out.data(), &len);
  EVP_MD_CTX_free(ctx);
  return out;
}

Digest sha256(std::string_view data) { return sha256({data}); }

std::string sha256_hex(std::string_view data) { return to_hex(as_view(sha256(data))); }

}  // namespace mr::crypto
