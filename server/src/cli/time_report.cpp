#include "cli/time_report.hpp"

#include <cstdio>
#include <ctime>

namespace mr::cli {
namespace {

using Source = verify::CheckpointTime::Source;

std::string format(std::int64_t ms, std::int64_t offset_s, bool with_ms, const char* pattern) {
  const std::time_t seconds = std::time_t(ms / 1000 + offset_s);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char out[64];
  std::strftime(out, sizeof out, pattern, &tm);
  std::string text = out;
  if (with_ms) {
    char frac[8];
    std::snprintf(frac, sizeof frac, ".%03d", int(ms % 1000));
    text += frac;
  }
  return text;
}

const char* source_name(Source s) {
  switch (s) {
    case Source::tsa:
      return "tsa";
    case Source::unchecked:
      return "unchecked";
    case Source::server:
      break;
  }
  return "server";
}

}  // namespace

std::string utc_and_beijing(std::int64_t ms) {
  return format(ms, 0, true, "%Y-%m-%dT%H:%M:%S") + "Z (北京时间 " +
         format(ms, 8 * 3600, false, "%Y-%m-%d %H:%M:%S") + ")";
}

std::string checkpoint_times_text(const verify::Summary& s) {
  std::size_t proven = 0, unchecked = 0;
  for (const auto& t : s.checkpoint_times) {
    proven += t.source == Source::tsa;
    unchecked += t.source == Source::unchecked;
  }
  std::string out = "  time 时间: ";
  if (proven > 0)
    out += std::to_string(proven) + " of " + std::to_string(s.checkpoint_times.size()) +
           " checkpoints proven by a trusted time-stamping authority (RFC 3161) 个检查点的时间由"
           "可信时间戳证明; the others' times are the server's own 其余为服务器自述时间\n";
  else if (unchecked > 0)
    out +=
        "time-stamp tokens are present but unchecked (no --tsa-ca): the origin of the times "
        "is unproven 含时间戳但未核验（未提供 --tsa-ca），时间来源未经证实\n";
  else
    out += "the server's own (no trusted time-stamp) 均为服务器自述时间（无可信时间戳）\n";
  for (const auto& t : s.checkpoint_times) {
    out += "    checkpoint 检查点 " + std::to_string(t.size) + ": " + utc_and_beijing(t.time_ms);
    switch (t.source) {
      case Source::tsa:
        out += " — existed by then, proven by TSA 经可信时间戳证明此时已存在: " + t.tsa;
        if (t.accuracy_ms) out += " (±" + std::to_string(*t.accuracy_ms) + " ms)";
        break;
      case Source::unchecked:
        out += " — the token's claim, unchecked 时间戳所称，未核验: " + t.tsa;
        break;
      case Source::server:
        out += " — server's own time 服务器自述时间";
        break;
    }
    out += "\n";
  }
  return out;
}

nlohmann::json checkpoint_times_json(const verify::Summary& s) {
  auto out = nlohmann::json::array();
  for (const auto& t : s.checkpoint_times)
    out.push_back({{"size", t.size},
                   {"source", source_name(t.source)},
                   {"time_ms", t.time_ms},
                   {"tsa", t.tsa},
                   {"accuracy_ms", t.accuracy_ms ? nlohmann::json(*t.accuracy_ms) : nullptr}});
  return out;
}

}  // namespace mr::cli
