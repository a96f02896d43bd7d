#pragma once
// Hex and unpadded base64url (RFC 4648 §5), the two text forms of bytes on the wire.
#include <optional>
#include <string>
#include <string_view>

namespace mr::crypto {

std::string to_hex(std::string_view bytes);
std::optional<std::string> from_hex(std::string_view hex);
std::string to_base64url(std::string_view bytes);
std::optional<std::string> from_base64url(std::string_view text);
std::string to_base64(std::string_view bytes);  // standard alphabet, padded
std::optional<std::string> from_base64(std::string_view text);

}  // namespace mr::crypto
