#pragma once
// Reads every file of a zip archive into memory for the verifier, refusing archives that could
// hide something: duplicate names, absolute or ".." paths, or sizes beyond sane limits.
// The verifier's own reader: it shares nothing with the bundle writer. Thread-safe (no state).
#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace mr::verify {

struct ZipContents {
  std::map<std::string, std::string> files;  // name → bytes; directories are left out
  std::string error;                         // set when the archive could not be read
};

ZipContents read_zip(const std::filesystem::path& path);

}  // namespace mr::verify
