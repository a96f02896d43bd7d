#pragma once
// The statement a co-signer signs for an agreement draft (protocol/RECORD.md §5). It names the
// record's size and root at that moment, so rewriting any history before the signature would
// need the signer's key as well as the server's. Pure functions, thread-safe.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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

inline constexpr const char* kSealStatementType = "mediation-room/agreement-seal/v1";

// What the organisation's seal signs (RECORD.md §5.1).
struct SealStatement {
  std::string room;
  std::int64_t draft_version = 0;
  std::string draft_sha256;
  struct Signature {
    std::int64_t seq = 0;
    std::string signer, key, signature;  // signature: base64 as recorded
  };
  std::vector<Signature> signatures;  // in seq order
  std::int64_t record_size = 0;
  std::string record_root;
  std::string org, org_key;
  std::int64_t time_ms = 0;
};

std::string seal_statement_bytes(const SealStatement& statement);

inline constexpr const char* kApplicationStatementType =
    "mediation-room/application-confirmation/v1";

// What a party signs to confirm the joint application for judicial confirmation and its
// undertakings (RECORD.md §5.2): the same shape as an agreement signature, over the
// application's version and hash instead of the draft's.
struct ApplicationStatement {
  std::string room;
  std::int64_t application_version = 0;
  std::string application_sha256;  // hex SHA-256 of the application's canonical bytes
  std::string signer;
  std::int64_t record_size = 0;
  std::string record_root;
  std::int64_t time_ms = 0;
};

std::string application_statement_bytes(const ApplicationStatement& statement);

inline constexpr const char* kEnforcementConsentType = "mediation-room/enforcement-consent/v1";

// The words of the debtor's consent (自愿接受强制执行承诺, 公证法 art. 37), part of what they sign.
inline constexpr const char* kEnforcementConsentWords =
    "债务人承诺：不履行或者不完全履行本项给付义务时，自愿接受依法强制执行。";

// What a debtor signs to consent to compulsory enforcement of one payment item of an agreement
// version (RECORD.md §5.4): the version and its hash, the item and its terms as the draft gives
// them, the words of consent, and the record's size and root as for an agreement signature.
struct EnforcementConsentStatement {
  std::string room;
  std::int64_t draft_version = 0;
  std::string draft_sha256;
  std::string item;        // the item's id, "i1", …
  nlohmann::json payment;  // the item's `payment` object, as in the draft
  std::string signer;      // the debtor's participant id
  std::int64_t record_size = 0;
  std::string record_root;
  std::int64_t time_ms = 0;
};

std::string enforcement_consent_statement_bytes(const EnforcementConsentStatement& statement);

inline constexpr const char* kCertificateType = "mediation-room/mediation-certificate/v1";

}  // namespace mr::record
