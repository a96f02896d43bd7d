#pragma once
// The offline verifier of a judicial-confirmation package (protocol/RECORD.md §6.1, §7.1). It
// runs the bundle verifier first (the record is whole and signed), then checks what the package
// adds: the application is the one the record holds and every party the agreement names
// confirmed it with their key; the organisation's certificate is sealed over the final
// checkpoint; every evidence file is one the record names and no caucus body is present; the
// deadline is the record's; the dossier shows exactly these documents. Written apart from the
// package writer, sharing only crypto primitives with it. Stops at the first fault.
// Thread-safe: no shared state.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "verify/bundle_verifier.hpp"

namespace mr::verify {

struct PackageSummary {
  std::string court, basis;  // the court applied to and the basis of 民诉法 art. 205, in Chinese
  std::string organisation;
  std::vector<std::string> applicants;    // names, as the application gives them
  std::vector<std::string> confirmed_by;  // participant ids
  int application_version = 0;
  int agreement_version = 0;
  std::string agreed, last_day, as_of;  // YYYY-MM-DD (Asia/Shanghai)
  int days_left = 0;
  bool passed = false;
  std::size_t evidence = 0, caucus_documents = 0;
  std::string certificate_key;  // the seal key's fingerprint on the certificate
};

struct PackageVerifyResult {
  bool ok = false;
  VerifyResult bundle;  // the record's own verification
  PackageSummary package;
  std::optional<Fault> fault;  // the first fault, the record's or the package's
};

// Whether the zip at `path` holds a package descriptor (application/package.json); false when it
// cannot be read (the bundle verifier then says why).
bool is_confirmation_package(const std::filesystem::path& path);

// `pins`: what ties the record to its server and organisation, as for verify_bundle.
PackageVerifyResult verify_package(const std::filesystem::path& path, const Pins& pins);

}  // namespace mr::verify
