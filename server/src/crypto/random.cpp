#include "crypto/random.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cstring>
#include <stdexcept>

#include "crypto/encoding.hpp"

namespace mr::crypto {

namespace {
void fill(unsigned char* to, std::size_t n) {
  if (RAND_bytes(to, int(n)) != 1) throw std::runtime_error("RAND_bytes failed");
}
}  // namespace

std::string random_bytes(std::size_t n) {
  // Small draws (an event's salt, a token) come from a per-thread pool filled by RAND_bytes a
  // kilobyte at a time: every RAND_bytes call costs a lock and a getpid(2) of its own. Each byte
  // is handed out once and wiped from the pool (the server never forks, so no two processes
  // share a pool).
  constexpr std::size_t kPool = 1024;
  thread_local unsigned char pool[kPool];
  thread_local std::size_t used = kPool;
  std::string out(n, '\0');
  auto* to = reinterpret_cast<unsigned char*>(out.data());
  if (n > kPool / 4) {
    fill(to, n);
    return out;
  }
  if (kPool - used < n) {
    fill(pool, kPool);
    used = 0;
  }
  std::memcpy(to, pool + used, n);
  OPENSSL_cleanse(pool + used, n);
  used += n;
  return out;
}

std::string random_token() { return to_base64url(random_bytes(32)); }
std::string random_hex(std::size_t n) { return to_hex(random_bytes(n)); }

}  // namespace mr::crypto
