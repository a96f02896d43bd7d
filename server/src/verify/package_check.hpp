#pragma once
// What the confirmation and the notarisation package checks stand on: the package's files, the
// record inside it, and the first fault, at which a check stops. Not thread-safe: one check, one
// thread.
#include <map>
#include <optional>
#include <string>

#include "verify/bundle_verifier.hpp"
#include "verify/package_record.hpp"

namespace mr::verify {

class PackageCheck {
 protected:
  explicit PackageCheck(std::map<std::string, std::string> files) : files_(std::move(files)) {}

  // Keeps the fault and answers false, so that a step can `return fail(...)`.
  bool fail(Fault fault) {
    fault_ = std::move(fault);
    return false;
  }
  bool fail(std::string file, std::optional<std::int64_t> seq, std::string what,
            std::string expected = {}, std::string found = {}) {
    return fail(
        Fault{std::move(file), seq, std::move(what), std::move(expected), std::move(found)});
  }
  const std::string* file(const std::string& name) const {
    auto it = files_.find(name);
    return it == files_.end() ? nullptr : &it->second;
  }
  // The bundle verifier has checked the record already; this only reads it.
  bool read_record() {
    auto record = read_package_record(files_);
    if (!record) return fail("manifest.json", std::nullopt, "missing");
    record_ = std::move(*record);
    return true;
  }

  std::map<std::string, std::string> files_;
  std::optional<Fault> fault_;
  PackageRecord record_;
};

}  // namespace mr::verify
