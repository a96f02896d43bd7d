#pragma once
// The judicial-confirmation package (司法确认材料, RECORD.md §6.1): the room's public bundle plus,
// under application/, the joint application the parties confirmed, the organisation's
// certificate that it conducted the mediation (sealed over the final checkpoint), the package
// descriptor naming every document by its hash, and the printable dossier. One zip for the court.
//
// It is refused, with the rule, until the agreement is sealed, the application prepared and
// confirmed by every party the agreement names, and always for what a court does not confirm
// (民诉解释 art. 355). A layer above room/ (whose CaseState it rebuilds from the log) and record/
// (whose bundle it extends). Pure apart from export_confirmation_package's reads and the zip.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <variant>

#include "record/bundle_writer.hpp"
#include "record/org_keys.hpp"
#include "record/server_keys.hpp"
#include "room/case_state.hpp"
#include "store/store.hpp"

namespace mr::package {

inline constexpr std::string_view kPackageFormat = "mediation-room/confirmation-package/v1";

struct PackageRefusal {
  std::string code;     // not_concluded, personal_status, no_application, unconfirmed, no_seal_key
  std::string message;  // Chinese first, then English; what to do
};

struct PackageResult {
  bool ok = false;
  std::optional<PackageRefusal> refusal;  // the case is not ready, or not for a court
  std::string error;                      // anything else (store, blobs, disk)
  record::BundleResult bundle;
  std::string deadline;  // the window's last day, YYYY-MM-DD
  int days_left = 0;
  bool passed = false;
};

// What a package assembler makes of a room: the package, why it is refused, or an error.
using Assembled = std::variant<record::Bundle, PackageRefusal, std::string>;

// Reads `room` from the store, assembles its package with `assemble` and writes it to `out`
// (the zip's times: `now_ms`); the result's deadline fields are left to the caller.
PackageResult write_package(store::Store& store, const std::string& room,
                            const std::filesystem::path& out, std::int64_t now_ms,
                            const std::function<Assembled(const store::RoomSnapshot&)>& assemble);

// The case as its log says it is (room/case_state), rebuilt from a snapshot's events.
room::CaseState case_state_of(const store::RoomSnapshot& snapshot);

// `requester`: when not empty, the participant asking, who must be the presiding mediator.
Assembled assemble_confirmation_package(const store::RoomSnapshot& snapshot,
                                        const record::ServerKeys& keys, const record::OrgKeys& orgs,
                                        const record::BundleOptions& options,
                                        const std::string& requester = {});

PackageResult export_confirmation_package(store::Store& store, const std::string& room,
                                          const record::ServerKeys& keys,
                                          const record::OrgKeys& orgs,
                                          const std::filesystem::path& out,
                                          record::BundleOptions options,
                                          const std::string& requester = {});

}  // namespace mr::package
