#pragma once
// The offline verifier of a notarisation package (赋强公证材料, protocol/RECORD.md §6.2, §7.2). It
// runs the bundle verifier first (the record is whole and signed), then checks what the package
// adds: the agreement is the sealed one; each payment obligation's terms are the agreement's and
// complete (公证法 art. 37); its debtor — and only its debtor — signed the consent with a key
// they had registered; the parties' details are the agreement's; no caucus body is present; the
// dossier shows exactly these documents. Written apart from the package writer, sharing only
// crypto primitives with it. Stops at the first fault. Thread-safe: no shared state.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "verify/bundle_verifier.hpp"

namespace mr::verify {

struct NotarisationSummary {
  int agreement_version = 0;
  std::string organisation;
  struct Obligation {
    std::string item, kind, amount, due, debtor, creditor;  // debtor, creditor: names
    std::int64_t consent_seq = 0;
  };
  std::vector<Obligation> obligations;
  std::vector<std::string> parties;  // names
};

struct NotarisationVerifyResult {
  bool ok = false;
  VerifyResult bundle;
  NotarisationSummary package;
  std::optional<Fault> fault;
};

// Whether the zip at `path` holds a notarisation descriptor (notarisation/package.json).
bool is_notarisation_package(const std::filesystem::path& path);

NotarisationVerifyResult verify_notarisation_package(const std::filesystem::path& path,
                                                     const Pins& pins);

}  // namespace mr::verify
