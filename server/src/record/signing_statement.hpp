#pragma once
// The statement a co-signer signs for an agreement draft (protocol/RECORD.md §5). It names the
// record's size and root at that moment, so rewriting any history before the signature would
// need the signer's key as well as the server's. Pure functions, thread-safe.
#include <cstdint>
#include <string>

namespace mr::record {

inline constexpr const char* kSigningStatementType = "mediation-room/agreement-signature/v1";

struct SigningStatement {
  std::string room;
  std::int64_t draft_version = 0;
  std::string draft_sha256;  // hex SHA-256 of the draft's canonical bytes
  std::string signer;        // participant id
  std::string role;          // "party" or "mediator"
  std::int64_t record_size = 0;
  std::string record_root;  // hex Merkle root of the first record_size events
  std::int64_t time_ms = 0;
};

// The canonical JSON bytes to sign. Throws std::invalid_argument if a field is out of range
// (a programmer error: callers pass values the room has already checked).
std::string signing_statement_bytes(const SigningStatement& statement);

}  // namespace mr::record
