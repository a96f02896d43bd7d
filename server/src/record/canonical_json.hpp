#pragma once
// The record's canonical JSON (protocol/RECORD.md §1): objects with ASCII keys in byte order,
// strings, integers within ±2^53, booleans and null; no floats. Its text is exactly what
// JavaScript's JSON.stringify writes for the same value with sorted keys, so browsers can
// reproduce it. Pure functions, thread-safe.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace mr::record {

// Returns the reason `value` cannot be canonical, or nullopt if it can.
std::optional<std::string> canonical_violation(const nlohmann::json& value);

// Canonical bytes of `value`. Throws std::invalid_argument if it is not canonical-able.
std::string to_canonical(const nlohmann::json& value);

// True when `text` parses and is already in canonical form, byte for byte.
bool is_canonical(std::string_view text);

}  // namespace mr::record
