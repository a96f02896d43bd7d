// The record's canonical JSON, written by the server and read by the verifier: on every input
// that parses, the writer's bytes must pass the verifier's byte-by-byte check and parse back to
// the same value; and text the verifier calls canonical must be exactly what the writer writes.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "record/canonical_json.hpp"
#include "verify/canonical_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto value = nlohmann::json::parse(text, nullptr, false);
  if (value.is_discarded() || mr::record::canonical_violation(value)) {
    // Not canonical-able: the verifier must not call it canonical either.
    if (!mr::verify::canonical_fault(text) && !value.is_discarded()) std::abort();
    return 0;
  }
  const auto written = mr::record::to_canonical(value);
  if (mr::verify::canonical_fault(written)) std::abort();
  if (nlohmann::json::parse(written) != value) std::abort();
  if (!mr::verify::canonical_fault(text) && text != written) std::abort();
  if (mr::record::is_canonical(text) != (text == written)) std::abort();
  return 0;
}
