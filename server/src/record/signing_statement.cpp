#include "record/signing_statement.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "record/canonical_json.hpp"

namespace mr::record {

std::string signing_statement_bytes(const SigningStatement& s) {
  if (s.draft_version < 1 || s.record_size < 0 || s.draft_sha256.size() != 64 ||
      s.record_root.size() != 64)
    throw std::invalid_argument("signing statement: field out of range");
  // "type" separates this from any other thing a participant's key might be asked to sign.
  return to_canonical({{"type", kSigningStatementType},
                       {"room", s.room},
                       {"draft_version", s.draft_version},
                       {"draft_sha256", s.draft_sha256},
                       {"signer", s.signer},
                       {"role", s.role},
                       {"record_size", s.record_size},
                       {"record_root", s.record_root},
                       {"time", s.time_ms}});
}

std::string seal_statement_bytes(const SealStatement& s) {
  nlohmann::json signatures = nlohmann::json::array();
  for (const auto& sig : s.signatures)
    signatures.push_back(
        {{"seq", sig.seq}, {"signer", sig.signer}, {"key", sig.key}, {"signature", sig.signature}});
  return to_canonical({{"type", kSealStatementType},
                       {"room", s.room},
                       {"draft_version", s.draft_version},
                       {"draft_sha256", s.draft_sha256},
                       {"signatures", signatures},
                       {"record_size", s.record_size},
                       {"record_root", s.record_root},
                       {"org", s.org},
                       {"org_key", s.org_key},
                       {"time", s.time_ms}});
}

std::string application_statement_bytes(const ApplicationStatement& s) {
  if (s.application_version < 1 || s.record_size < 0 || s.application_sha256.size() != 64 ||
      s.record_root.size() != 64)
    throw std::invalid_argument("application statement: field out of range");
  return to_canonical({{"type", kApplicationStatementType},
                       {"room", s.room},
                       {"application_version", s.application_version},
                       {"application_sha256", s.application_sha256},
                       {"signer", s.signer},
                       {"role", "party"},
                       {"record_size", s.record_size},
                       {"record_root", s.record_root},
                       {"time", s.time_ms}});
}

std::string enforcement_consent_statement_bytes(const EnforcementConsentStatement& s) {
  if (s.draft_version < 1 || s.record_size < 0 || s.draft_sha256.size() != 64 ||
      s.record_root.size() != 64 || !s.payment.is_object())
    throw std::invalid_argument("enforcement consent statement: field out of range");
  return to_canonical({{"type", kEnforcementConsentType},
                       {"room", s.room},
                       {"draft_version", s.draft_version},
                       {"draft_sha256", s.draft_sha256},
                       {"item", s.item},
                       {"payment", s.payment},
                       {"consent", kEnforcementConsentWords},
                       {"signer", s.signer},
                       {"role", "party"},
                       {"record_size", s.record_size},
                       {"record_root", s.record_root},
                       {"time", s.time_ms}});
}

}  // namespace mr::record
