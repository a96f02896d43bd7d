#include "record/event.hpp"

#include <chrono>

#include "crypto/encoding.hpp"
#include "crypto/random.hpp"
#include "crypto/sha256.hpp"
#include "record/canonical_json.hpp"

namespace mr::record {

Event make_event(std::string room, std::int64_t seq, std::int64_t time_ms, std::string actor,
                 std::string kind, std::string channel, const nlohmann::json& body) {
  Event e{std::move(room), seq, time_ms, std::move(actor), std::move(kind), std::move(channel),
          {}, to_canonical(body)};
  // The salt is hashed with the body so a left-out body cannot be confirmed by guessing it.
  const std::string salt = crypto::random_bytes(16);
  nlohmann::json header = {
      {"v", kEventVersion},
      {"room", e.room},
      {"seq", e.seq},
      {"time", e.time_ms},
      {"actor", e.actor},
      {"kind", e.kind},
      {"channel", e.channel},
      {"salt", crypto::to_hex(salt)},
      {"body_sha256", crypto::to_hex(crypto::as_view(crypto::sha256({salt, e.body})))},
  };
  e.header = to_canonical(header);
  return e;
}

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace mr::record
