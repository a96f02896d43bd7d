#pragma once
// The human-readable record of a room in Simplified Chinese (record.html in the bundle): case,
// participants and roles, the timeline, the final root hash and how to check it. Printable on
// A4. Every value from the log is HTML-escaped. Pure, thread-safe.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "store/records.hpp"

namespace mr::record {

struct RecordView {
  store::RoomRow room;
  std::string mediator_name, mediator_org;
  std::vector<store::Participant> participants;

  struct Entry {
    std::int64_t seq = 0, time_ms = 0;
    std::string actor, kind, channel, body_sha256;
    std::optional<nlohmann::json> body;  // nullopt when left out of the bundle
  };
  std::vector<Entry> events;

  std::uint64_t size = 0;
  std::string root_hex;
  std::string key_name, key_fingerprint;
  std::int64_t exported_ms = 0;
  bool include_private = false;
};

std::string html_escape(std::string_view text);
// "2024-05-01 09:30:00" in China Standard Time (UTC+8), the time the parties lived through.
std::string beijing_time(std::int64_t ms);
std::string render_record_html(const RecordView& view);

}  // namespace mr::record
