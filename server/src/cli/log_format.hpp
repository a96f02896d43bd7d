#pragma once
// How the server's log lines look. `text`: a timestamp, the level and the message, for a
// terminal. `journal`: the message with its syslog priority as a "<N>" prefix and no timestamp,
// which journald reads (it stamps lines itself and keeps the priority, so `journalctl -p warning`
// works). `json`: one JSON object per line ({"time","level","message"}) for a log shipper.
// `auto`: journal when standard error is connected to the journal (JOURNAL_STREAM), else text.
#include <optional>
#include <string_view>

namespace mr::cli {

enum class LogFormat { automatic, text, journal, json };
std::optional<LogFormat> parse_log_format(std::string_view name);

// Applies to the default logger; call before the first line is logged.
void set_log_format(LogFormat format);

}  // namespace mr::cli
