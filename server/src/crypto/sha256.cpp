#include "crypto/sha256.hpp"

#include <openssl/evp.h>

#include <fstream>
#include <memory>
#include <stdexcept>

#include "crypto/encoding.hpp"

namespace mr::crypto {

namespace {
// Fetched once: EVP_sha256() makes OpenSSL 3 look the algorithm up again on every init, which
// cost more than hashing a small event.
const EVP_MD* sha256_md() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (!md) throw std::runtime_error("sha256: not available");
  return md;
}
}  // namespace

Digest sha256(std::initializer_list<std::string_view> parts) {
  // One context per thread, reset for each digest instead of made and freed.
  thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                           EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex2(ctx.get(), sha256_md(), nullptr) != 1)
    throw std::runtime_error("sha256: init failed");
  for (auto part : parts) EVP_DigestUpdate(ctx.get(), part.data(), part.size());
  Digest out{};
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx.get(), out.data(), &len);
  return out;
}

Digest sha256(std::string_view data) { return sha256({data}); }

std::string sha256_hex(std::string_view data) { return to_hex(as_view(sha256(data))); }

Sha256Stream::Sha256Stream() : ctx_(EVP_MD_CTX_new()) {
  if (!ctx_ || EVP_DigestInit_ex2(ctx_, sha256_md(), nullptr) != 1)
    throw std::runtime_error("sha256: init failed");
}

Sha256Stream::~Sha256Stream() { EVP_MD_CTX_free(ctx_); }

Sha256Stream::Sha256Stream(Sha256Stream&& other) noexcept : ctx_(other.ctx_) {
  other.ctx_ = nullptr;
}

Sha256Stream& Sha256Stream::operator=(Sha256Stream&& other) noexcept {
  std::swap(ctx_, other.ctx_);
  return *this;
}

void Sha256Stream::update(std::string_view data) {
  EVP_DigestUpdate(ctx_, data.data(), data.size());
}

Digest Sha256Stream::finish() {
  Digest out{};
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx_, out.data(), &len);
  return out;
}

std::optional<std::string> sha256_file_hex(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  Sha256Stream hash;
  std::string chunk(64 * 1024, '\0');
  while (in) {
    in.read(chunk.data(), std::streamsize(chunk.size()));
    hash.update(std::string_view(chunk.data(), std::size_t(in.gcount())));
  }
  if (in.bad()) return std::nullopt;
  return to_hex(as_view(hash.finish()));
}

}  // namespace mr::crypto
