#pragma once
// A QR code of an invitation link, as a small SVG image, so a party can join from a phone by
// scanning it (libqrencode). Pure function, thread-safe.
#include <optional>
#include <string>
#include <string_view>

namespace mr::api {

// nullopt if the text cannot be encoded (too long for a QR code).
std::optional<std::string> qr_svg(std::string_view text);

}  // namespace mr::api
