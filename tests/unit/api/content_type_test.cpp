// Content sniffing on real files made here: what the room accepts (PDF, photos, office documents,
// text) and what it refuses (executables, scripts, HTML, SVG, archives), whatever their names.
#include "api/content_type.hpp"

#include <gtest/gtest.h>
#include <zip.h>

#include <fstream>

#include "crypto/random.hpp"

namespace mr::api {
namespace {

namespace fs = std::filesystem;

std::string file_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// A zip with the given entries, in order (office documents are zips with a known layout).
std::string zip_of(const std::vector<std::pair<std::string, std::string>>& entries) {
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

const std::string kPng =
    std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde", 33);
const std::string kJpeg =
    std::string("\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 20) +
    std::string(64, '\0');
const std::string kWebp =
    std::string("RIFF\x24\0\0\0WEBPVP8 \x18\0\0\0", 20) + std::string(24, '\0');
const std::string kPdf =
    "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

TEST(ContentType, PhotosPdfTextAndOfficeDocumentsAreAccepted) {
  EXPECT_EQ(sniff_bytes(kPdf).mime, "application/pdf");
  for (const auto& [bytes, mime] : std::vector<std::pair<std::string, std::string>>{
           {kPdf, "application/pdf"},
           {kPng, "image/png"},
           {kJpeg, "image/jpeg"},
           {kWebp, "image/webp"},
           {"双方于2025年3月签订劳动合同，约定月工资八千元。\n", "text/plain"}}) {
    auto t = sniff_bytes(bytes);
    EXPECT_EQ(t.mime, mime);
    EXPECT_TRUE(t.accepted) << mime;
  }
  // A Word document is a zip in a known order: content types, relationships, then word/.
  const auto docx = zip_of({{"[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>"},
                            {"_rels/.rels", "<Relationships/>"},
                            {"word/document.xml", "<w:document/>"}});
  auto t = sniff_bytes(docx);
  EXPECT_EQ(t.mime, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  EXPECT_TRUE(t.accepted);
}

TEST(ContentType, ExecutablesScriptsHtmlSvgAndArchivesAreRefusedWhateverTheirName) {
  const std::vector<std::string> refused = {
      file_bytes("/bin/true"),  // an ELF executable
      "#!/bin/sh\nrm -rf ~\n",
      "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
      "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script>x</script></svg>",
      zip_of({{"evidence.pdf", kPdf}}),
      std::string("\x1f\x8b\x08\0\0\0\0\0\0\x03", 10),                // gzip
      std::string("MZ\x90\0\x03\0\0\0", 8) + std::string(120, '\0'),  // a Windows executable
  };
  for (const auto& bytes : refused) {
    auto t = sniff_bytes(bytes);
    EXPECT_FALSE(t.accepted) << t.mime;
  }
}

TEST(ContentType, AFileIsSniffedFromItsBytesNotItsName) {
  const auto path = fs::temp_directory_path() / ("mr-sniff-" + crypto::random_hex(4) + ".pdf");
  std::ofstream(path, std::ios::binary) << "<html><script>alert(1)</script></html>";
  auto t = sniff_file(path);
  EXPECT_EQ(t.mime, "text/html");
  EXPECT_FALSE(t.accepted);
  fs::remove(path);
}

}  // namespace
}  // namespace mr::api
