#include "crypto/password.hpp"

#include <sodium.h>

#include <stdexcept>

namespace mr::crypto {
namespace {
void ensure_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}
// Interactive limits (64 MiB, 2 passes): about 0.1 s here, so a login stays quick while an
// offline guess at a stolen hash stays expensive.
constexpr auto kOps = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr auto kMem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
}  // namespace

std::string hash_password(std::string_view password) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOps, kMem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("password hashing ran out of memory");
  return out;
}

bool verify_password(std::string_view stored_hash, std::string_view password) {
  ensure_sodium();
  std::string hash(stored_hash);
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

}  // namespace mr::crypto
