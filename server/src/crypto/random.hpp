#pragma once
// Cryptographically secure random bytes (OpenSSL RAND_bytes). Thread-safe.
#include <cstddef>
#include <string>

namespace mr::crypto {

std::string random_bytes(std::size_t n);
// A fresh secret token: 32 random bytes as unpadded base64url (43 characters).
std::string random_token();
// n random bytes as lowercase hex; used for identifiers.
std::string random_hex(std::size_t n);

}  // namespace mr::crypto
