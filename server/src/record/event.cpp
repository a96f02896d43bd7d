#include "record/event.hpp"

#include <chrono>
#include <stdexcept>

#include "crypto/encoding.hpp"
#include "crypto/random.hpp"
#include "crypto/sha256.hpp"
#include "record/canonical_json.hpp"

namespace mr::record {

namespace {

// Appends `text` as a canonical JSON string. The header's strings are ids and names of kinds and
// channels, plain ASCII in practice; anything else takes the general canonical path.
void append_string(std::string& out, const std::string& text) {
  for (unsigned char c : text)
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
      out += to_canonical(text);
      return;
    }
  out.append(1, '"').append(text).append(1, '"');
}

}  // namespace

Event make_event(std::string room, std::int64_t seq, std::int64_t time_ms, std::string actor,
                 std::string kind, std::string channel, const nlohmann::json& body) {
  // The salt is hashed with the body so a left-out body cannot be confirmed by guessing it.
  return make_event(std::move(room), seq, time_ms, std::move(actor), std::move(kind),
                    std::move(channel), body, crypto::random_bytes(kSaltBytes));
}

Event make_event(std::string room, std::int64_t seq, std::int64_t time_ms, std::string actor,
                 std::string kind, std::string channel, const nlohmann::json& body,
                 std::string_view salt) {
  if (salt.size() != kSaltBytes) throw std::invalid_argument("an event salt is 16 bytes");
  Event e{std::move(room),    seq, time_ms,           std::move(actor), std::move(kind),
          std::move(channel), {},  to_canonical(body)};
  // Written directly, members in byte order (RECORD.md §2): this runs once per event.
  auto& h = e.header;
  h.reserve(200 + e.room.size() + e.actor.size());
  h.append(R"({"actor":)");
  append_string(h, e.actor);
  h.append(R"(,"body_sha256":")")
      .append(crypto::to_hex(crypto::as_view(crypto::sha256({salt, e.body}))))
      .append(R"(","channel":)");
  append_string(h, e.channel);
  h.append(R"(,"kind":)");
  append_string(h, e.kind);
  h.append(R"(,"room":)");
  append_string(h, e.room);
  h.append(R"(,"salt":")").append(crypto::to_hex(salt)).append(R"(","seq":)");
  h.append(std::to_string(e.seq)).append(R"(,"time":)").append(std::to_string(e.time_ms));
  h.append(R"(,"v":)").append(std::to_string(kEventVersion)).append("}");
  return e;
}

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace mr::record
