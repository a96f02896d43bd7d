#pragma once
// The notarisation package (赋强公证材料, RECORD.md §6.2): the room's public bundle plus, under
// notarisation/, a descriptor naming the sealed agreement, each payment obligation the debtor
// consented to have enforced (公证法 art. 37) with the consent event and both parties' details,
// and a printable dossier for the notary office. One zip.
//
// Refused, with the rule, until the agreement is sealed and until at least one payment item of
// the sealed version carries its debtor's consent. A layer above room/ and record/, like the
// confirmation package. Pure apart from export_notarisation_package's reads and the zip.
#include <filesystem>
#include <string>
#include <variant>

#include "package/confirmation_package.hpp"

namespace mr::package {

inline constexpr std::string_view kNotarisationFormat = "mediation-room/notarisation-package/v1";

// `requester`: when not empty, the participant asking, who must be the presiding mediator.
Assembled assemble_notarisation_package(const store::RoomSnapshot& snapshot,
                                        const record::ServerKeys& keys,
                                        const record::BundleOptions& options,
                                        const std::string& requester = {});

// The result's deadline fields are left empty: a notarised debt has no 30-day window.
PackageResult export_notarisation_package(store::Store& store, const std::string& room,
                                          const record::ServerKeys& keys,
                                          const std::filesystem::path& out,
                                          record::BundleOptions options,
                                          const std::string& requester = {});

}  // namespace mr::package
