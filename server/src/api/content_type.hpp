#pragma once
// What a shared document is, sniffed from its bytes (libmagic), never from its name; and whether
// a mediation room accepts it: PDF, photos (JPEG, PNG, WebP, HEIC/HEIF), office documents and
// plain text. Executables, scripts, HTML, SVG, archives and anything else are refused.
// Thread-safety: safe from any thread.
#include <filesystem>
#include <optional>
#include <string>

namespace mr::api {

struct SniffedType {
  std::string mime;  // what libmagic says, e.g. "application/pdf"
  bool accepted = false;
};

SniffedType sniff_file(const std::filesystem::path& file);
// The same for bytes in memory (tests).
SniffedType sniff_bytes(const std::string& bytes);

}  // namespace mr::api
