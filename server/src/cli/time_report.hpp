#pragma once
// How `verify` reports the time each checkpoint is proven by (RECORD.md §7 step 8a), in Chinese
// and English: the TSA's time where a token was checked, the server's own word otherwise.
#include <nlohmann/json.hpp>
#include <string>

#include "verify/bundle_verifier.hpp"

namespace mr::cli {

// Lines for the human report, each ending in "\n".
std::string checkpoint_times_text(const verify::Summary& summary);
nlohmann::json checkpoint_times_json(const verify::Summary& summary);

// "2026-12-01T19:40:00.123Z (北京时间 2026-12-02 03:40:00)".
std::string utc_and_beijing(std::int64_t ms);

}  // namespace mr::cli
