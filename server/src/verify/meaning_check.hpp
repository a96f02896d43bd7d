#pragma once
// The verifier's checks of what the record means beyond its bytes (RECORD.md §7 steps 10-11):
// each document file is the one its event names, each draft version's hash and file, each signing
// key, each signature over its statement and its record root, and the organisation's seal.
// Written apart from the server like the rest of verify/: it builds the signed statements itself
// and shares only crypto primitives. Pure, thread-safe.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "verify/bundle_verifier.hpp"

namespace mr::verify {

struct LoggedEvent {
  std::string bytes;  // the header's canonical bytes (the Merkle leaf)
  std::string kind, channel, actor;
};

struct MeaningInputs {
  std::string room;
  const std::vector<LoggedEvent>& events;
  const std::map<std::uint64_t, nlohmann::json>& bodies;  // the included ones, by seq
  const std::map<std::string, std::string>& files;        // the bundle's files
  std::optional<std::string> expected_org_key;            // --org-key: a pinned seal key
};

struct MeaningFindings {
  std::optional<Fault> fault;
  std::vector<std::string> signers;   // who signed a sealed agreement: "participant (role)"
  std::optional<std::string> sealed;  // "org (fingerprint)" of the seal, if any
  std::size_t documents = 0;
};

MeaningFindings check_meaning(const MeaningInputs& in);

}  // namespace mr::verify
