#pragma once
// Password hashing with Argon2id (libsodium crypto_pwhash_str, "moderate" limits).
#include <string>
#include <string_view>

namespace mr::crypto {

std::string hash_password(std::string_view password);
bool verify_password(std::string_view stored_hash, std::string_view password);

}  // namespace mr::crypto
