#pragma once
// Step 8a of the verifier (RECORD.md §7): the time each checkpoint is proven to have existed by.
// A checkpoint with an RFC 3161 token (checkpoints/<size>.tst) beside it is proven by the TSA,
// when the token stamps exactly that note's bytes, chains to a TSA certificate given from
// outside (--tsa-ca) and falls inside the validity window of the key that signed the note;
// without one its time is the server's own word (the time of the last event it covers).
// Thread-safe: pure.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crypto/timestamp_token.hpp"
#include "verify/bundle_verifier.hpp"

namespace mr::verify {

// One checkpoint of the bundle, as step 8 found it.
struct CheckpointToCheck {
  std::uint64_t size = 0;
  const std::string* note = nullptr;   // the exact bytes of checkpoints/<size>.note
  const std::string* token = nullptr;  // checkpoints/<size>.tst, if present
  std::string key_name;                // the key that signed the note, and its window
  std::int64_t valid_from_ms = 0;
  std::optional<std::int64_t> valid_until_ms;
  std::int64_t last_event_ms = 0;  // the server's time of event size - 1
};

struct TimeFindings {
  std::vector<CheckpointTime> times;  // ascending size
  std::optional<Fault> fault;
};

// `trust`: the configured TSA certificates; nullopt: tokens are read and matched to their notes
// but their signatures are not checked (their time is unproven).
TimeFindings check_checkpoint_times(const std::vector<CheckpointToCheck>& checkpoints,
                                    const std::optional<crypto::TimestampTrust>& trust);

}  // namespace mr::verify
