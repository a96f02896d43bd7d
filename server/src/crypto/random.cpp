#include "crypto/random.hpp"

#include <openssl/rand.h>

#include <stdexcept>

#include "crypto/encoding.hpp"

namespace mr::crypto {

std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), int(n)) != 1)
    throw std::runtime_error("RAND_bytes failed");
  return out;
}

std::string random_token() { return to_base64url(random_bytes(32)); }
std::string random_hex(std::size_t n) { return to_hex(random_bytes(n)); }

}  // namespace mr::crypto
