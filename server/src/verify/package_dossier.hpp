#pragma once
// What the confirmation and the notarisation package checks share of reading a dossier (the HTML
// a court or a notary opens): it holds no script, and each document it shows carries the hash
// the record names. What each dossier must show besides is its own check's.
#include <map>
#include <optional>
#include <string>

#include "verify/bundle_verifier.hpp"

namespace mr::verify {

// The first fault of the dossier `name` (nullptr when the package lacks it): missing, holding a
// script, or missing a document of `documents` (data-doc name -> the data-sha256 expected).
std::optional<Fault> dossier_fault(const std::string& name, const std::string* html,
                                   const std::map<std::string, std::string>& documents);

}  // namespace mr::verify
