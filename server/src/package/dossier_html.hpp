#pragma once
// The printable dossier (卷宗) of a judicial-confirmation package: one HTML file, no script, that
// prints on A4 as a court clerk expects — a cover with the case and a table of contents, then
// each document on pages of its own (the application with the parties' confirmations, the signed
// agreement, the 调解笔录, the evidence list, the organisation's certificate, how to verify),
// page numbers, every signature and the seal with its fingerprint. Each document's section names
// the package file it shows and that file's SHA-256 (data-file, data-sha256), so a verifier can
// tell the dossier shows the documents the record names (RECORD.md §6.1). Pure, thread-safe.
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "room/case_state.hpp"
#include "store/records.hpp"

namespace mr::package {

struct DossierInput {
  const store::RoomSnapshot& snapshot;
  const room::CaseState& state;
  std::map<std::string, std::string> names;  // participant id -> name
  nlohmann::json application, certificate, descriptor;
  std::string application_sha256, certificate_sha256, certificate_seal;  // seal: base64
  std::string root_hex, server_key_fingerprint;
};

std::string render_dossier_html(const DossierInput& input);

// What the notarisation dossier shares with this one: how a member of a JSON object prints (a
// string as it is, absent or null as nothing, any other value as its JSON), as text and escaped
// for HTML; the print rules (A4, page numbers, nothing cut at a page edge); and the sealed
// agreement with every signature and the seal.
std::string text_of(const nlohmann::json& j, const char* key);
std::string html_of(const nlohmann::json& j, const char* key);
std::string dossier_style();
std::string sealed_agreement_html(const store::RoomSnapshot& snapshot, const room::CaseState& state,
                                  const std::map<std::string, std::string>& names);
// The last page of both: how to verify the package offline, with the fingerprints to pin;
// `format_section` is the package's section of protocol/RECORD.md ("§6.1").
std::string verify_section(const std::string& root_hex, const std::string& server_key,
                           const std::string& org_key, const char* format_section);

}  // namespace mr::package
