#pragma once
// Checks that text is canonical JSON exactly as protocol/RECORD.md §1 defines it, byte by byte,
// without re-serialising it (the verifier's own reading of the rules, independent of the
// writer's). Pure, thread-safe.
#include <optional>
#include <string>
#include <string_view>

namespace mr::verify {

// nullopt when `text` is one canonical JSON value; otherwise why not, with the byte offset.
std::optional<std::string> canonical_fault(std::string_view text);

}  // namespace mr::verify
