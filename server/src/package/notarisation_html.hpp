#pragma once
// The printable dossier of a notarisation package (赋强公证材料): one HTML file, no script, on
// A4 like the confirmation dossier — a cover with a table of contents, the parties' details, the
// sealed agreement with its signatures and seal, each payment obligation with the debtor's
// signed consent to enforcement, and how to verify. Each section names the file it shows and
// its SHA-256 (data-doc, data-sha256; each consent data-consent="<seq>"), so a verifier can tell
// the dossier shows what the record holds (RECORD.md §6.2). Pure, thread-safe.
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "room/case_state.hpp"
#include "store/records.hpp"

namespace mr::package {

struct NotarisationDossierInput {
  const store::RoomSnapshot& snapshot;
  const room::CaseState& state;
  std::map<std::string, std::string> names;  // participant id -> name
  nlohmann::json descriptor;                 // notarisation/package.json
  std::string root_hex, server_key_fingerprint;
};

std::string render_notarisation_html(const NotarisationDossierInput& input);

}  // namespace mr::package
