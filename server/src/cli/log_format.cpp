#include "cli/log_format.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <ctime>
#include <nlohmann/json.hpp>

namespace mr::cli {
namespace {

// syslog(3) priorities, as sd-daemon(3) prefixes read by journald.
int priority(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::critical:
      return 2;
    case spdlog::level::err:
      return 3;
    case spdlog::level::warn:
      return 4;
    case spdlog::level::info:
      return 6;
    default:
      return 7;
  }
}

class PriorityFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    const auto text = std::to_string(priority(msg.level));
    dest.append(text.data(), text.data() + text.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<PriorityFlag>();
  }
};

class JsonFormatter : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const auto since_epoch = msg.time.time_since_epoch();
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds).count();
    std::time_t t = seconds.count();
    std::tm tm{};
    gmtime_r(&t, &tm);
    char time[40];
    const auto n = std::strftime(time, sizeof time, "%Y-%m-%dT%H:%M:%S", &tm);
    std::snprintf(time + n, sizeof time - n, ".%03dZ", int(millis));
    nlohmann::json line = {{"time", time},
                           {"level", spdlog::level::to_string_view(msg.level).data()},
                           {"message", std::string(msg.payload.data(), msg.payload.size())}};
    const auto text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    dest.append(text.data(), text.data() + text.size());
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonFormatter>();
  }
};

}  // namespace

std::optional<LogFormat> parse_log_format(std::string_view name) {
  if (name == "auto") return LogFormat::automatic;
  if (name == "text") return LogFormat::text;
  if (name == "journal") return LogFormat::journal;
  if (name == "json") return LogFormat::json;
  return std::nullopt;
}

void set_log_format(LogFormat format) {
  if (format == LogFormat::automatic)
    format = std::getenv("JOURNAL_STREAM") ? LogFormat::journal : LogFormat::text;
  switch (format) {
    case LogFormat::journal: {
      auto formatter = std::make_unique<spdlog::pattern_formatter>();
      formatter->add_flag<PriorityFlag>('*').set_pattern("<%*>%v");
      spdlog::set_formatter(std::move(formatter));
      break;
    }
    case LogFormat::json:
      spdlog::set_formatter(std::make_unique<JsonFormatter>());
      break;
    default:
      break;  // spdlog's own: "[2026-01-01 12:00:00.000] [info] message"
  }
}

}  // namespace mr::cli
