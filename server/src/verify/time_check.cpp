#include "verify/time_check.hpp"

namespace mr::verify {
namespace {

std::string token_file(std::uint64_t size) {
  return "checkpoints/" + std::to_string(size) + ".tst";
}

}  // namespace

TimeFindings check_checkpoint_times(const std::vector<CheckpointToCheck>& checkpoints,
                                    const std::optional<crypto::TimestampTrust>& trust) {
  TimeFindings out;
  auto fail = [&](std::uint64_t size, std::string what, std::string expected = {},
                  std::string found = {}) {
    out.fault = Fault{token_file(size), std::nullopt, std::move(what), std::move(expected),
                      std::move(found)};
    return out;
  };
  for (const auto& c : checkpoints) {
    CheckpointTime time{c.size, CheckpointTime::Source::server, c.last_event_ms, {}, {}};
    if (!c.token) {
      out.times.push_back(time);
      continue;
    }
    std::string why;
    auto info = crypto::read_timestamp_token(*c.token, &why);
    if (!info) return fail(c.size, "not an RFC 3161 time-stamp token: " + why);
    time.time_ms = info->time_ms;
    time.accuracy_ms = info->accuracy_ms;
    time.tsa = info->tsa;
    if (!trust) {
      // Its signature is unchecked, but whether it is over this note needs no trust.
      auto mismatch = crypto::check_timestamp_token(*c.token, *c.note, {});
      if (mismatch.fault == crypto::TokenFault::other_data)
        return fail(c.size, "the token does not stamp checkpoints/" + std::to_string(c.size) +
                                ".note: it is over other bytes (a token of another checkpoint?)");
      time.source = CheckpointTime::Source::unchecked;
      out.times.push_back(time);
      continue;
    }
    auto check = crypto::check_timestamp_token(*c.token, *c.note, *trust);
    switch (check.fault) {
      case crypto::TokenFault::none:
        break;
      case crypto::TokenFault::other_data:
        return fail(c.size, "the token does not stamp checkpoints/" + std::to_string(c.size) +
                                ".note: it is over other bytes (a token of another checkpoint?)");
      case crypto::TokenFault::untrusted_tsa:
        return fail(
            c.size, "the token is not from a configured TSA (unconfigured TSA): " + check.why,
            "a TSA certificate chaining to --tsa-ca", info->tsa.empty() ? "none" : info->tsa);
      case crypto::TokenFault::malformed:
        return fail(c.size, "not an RFC 3161 time-stamp token: " + check.why);
    }
    // The TSA saw the signed note at this time (give or take its accuracy): the key that signed
    // it must have been valid then. This catches a retired key signing an old tree size later,
    // which the times of the events (the server's own word) cannot.
    const std::int64_t slack = info->accuracy_ms.value_or(0);
    if (c.valid_until_ms && info->time_ms - slack > *c.valid_until_ms)
      return fail(c.size,
                  "checkpoints/" + std::to_string(c.size) + ".note was signed by key '" +
                      c.key_name + "' after it was retired: the TSA first saw it then",
                  "a time up to " + std::to_string(*c.valid_until_ms),
                  std::to_string(info->time_ms));
    if (info->time_ms + slack < c.valid_from_ms)
      return fail(c.size,
                  "the TSA saw checkpoints/" + std::to_string(c.size) + ".note before key '" +
                      c.key_name + "' that signs it was made",
                  "a time from " + std::to_string(c.valid_from_ms), std::to_string(info->time_ms));
    time.source = CheckpointTime::Source::tsa;
    out.times.push_back(time);
  }
  return out;
}

}  // namespace mr::verify
