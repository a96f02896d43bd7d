#pragma once
// Hex and unpadded base64url (RFC 4648 §5), the two text forms of bytes on the wire; and the
// UTF-8 check shared by every writer and verifier of text.
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

// The length of the well-formed UTF-8 sequence at `text[at]` (1 for ASCII), or 0 if it is not
// one: overlong forms, surrogates and code points above U+10FFFF are not.
std::size_t utf8_sequence_length(std::string_view text, std::size_t at);
bool valid_utf8(std::string_view text);

}  // namespace mr::crypto
