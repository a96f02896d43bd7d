#include "record/canonical_json.hpp"

#include <stdexcept>

namespace mr::record {
namespace {
constexpr std::int64_t kMaxSafe = (std::int64_t(1) << 53);
}

std::optional<std::string> canonical_violation(const nlohmann::json& value) {
  using T = nlohmann::json::value_t;
  switch (value.type()) {
    case T::null:
    case T::boolean:
    case T::string:
      return std::nullopt;
    case T::number_integer: {
      auto v = value.get<std::int64_t>();
      if (v > kMaxSafe || v < -kMaxSafe) return "integer outside ±2^53";
      return std::nullopt;
    }
    case T::number_unsigned:
      if (value.get<std::uint64_t>() > std::uint64_t(kMaxSafe)) return "integer outside ±2^53";
      return std::nullopt;
    case T::number_float:
      return "floating-point number";
    case T::binary:
    case T::discarded:
      return "not a JSON value";
    case T::array:
      for (const auto& item : value)
        if (auto why = canonical_violation(item)) return why;
      return std::nullopt;
    case T::object:
      for (const auto& [key, item] : value.items()) {
        for (unsigned char c : key)
          if (c < 0x20 || c > 0x7e) return "non-ASCII or control character in key";
        if (auto why = canonical_violation(item)) return why;
      }
      return std::nullopt;
  }
  return "unknown value";
}

std::string to_canonical(const nlohmann::json& value) {
  if (auto why = canonical_violation(value)) throw std::invalid_argument("not canonical: " + *why);
  // nlohmann keeps object keys in std::map order (byte order) and escapes exactly like
  // JSON.stringify: \" \\ \b \f \n \r \t, other controls as \u00xx, everything else raw UTF-8.
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
}

bool is_canonical(std::string_view text) {
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded() || canonical_violation(parsed)) return false;
  return parsed.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict) == text;
}

}  // namespace mr::record
