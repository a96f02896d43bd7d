#pragma once
// Small real files of the kinds a room is shown, made in the test: photos, a PDF, archives (and
// so office documents, which are zips in a known order).
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "crypto/random.hpp"

namespace mr::testing_support {

inline std::string file_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// A zip with the given entries, stored uncompressed, in order.
inline std::string zip_of(const std::vector<std::pair<std::string, std::string>>& entries) {
  namespace fs = std::filesystem;
  const auto path = fs::temp_directory_path() / ("mr-zip-" + crypto::random_hex(4) + ".zip");
  int error = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  for (const auto& [name, data] : entries) {
    auto* src = zip_source_buffer(z, data.data(), data.size(), 0);
    zip_int64_t i = zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8);
    zip_set_file_compression(z, zip_uint64_t(i), ZIP_CM_STORE, 0);
  }
  zip_close(z);
  auto bytes = file_bytes(path);
  fs::remove(path);
  return bytes;
}

inline const std::string kPng =
    std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde", 33);
inline const std::string kJpeg =
    std::string("\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 20) +
    std::string(64, '\0');
inline const std::string kWebp =
    std::string("RIFF\x24\0\0\0WEBPVP8 \x18\0\0\0", 20) + std::string(24, '\0');
inline const std::string kPdf =
    "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

}  // namespace mr::testing_support
