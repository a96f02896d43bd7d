#pragma once
// Writes a zip file (libzip) through a temporary file, so a failed write leaves nothing that
// looks like a finished archive. Entries are in-memory bytes or files on disk (large
// documents are streamed, not loaded). Pure apart from the files it writes; thread-safe.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <variant>

namespace mr::record {

struct FileOnDisk {
  std::filesystem::path file;
};
using ZipEntry = std::variant<std::string, FileOnDisk>;

// Answers an error text, empty on success. `time_ms` stamps every entry (a reproducible zip).
std::string write_zip(const std::map<std::string, ZipEntry>& entries,
                      const std::filesystem::path& out, std::int64_t time_ms);

}  // namespace mr::record
