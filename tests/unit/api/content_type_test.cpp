// Content sniffing on real files made here: what the room accepts (PDF, photos, office documents,
// text) and what it refuses (executables, scripts, HTML, SVG, archives), whatever their names.
#include "api/content_type.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "crypto/random.hpp"
#include "sample_files.hpp"

namespace mr::api {
namespace {

namespace fs = std::filesystem;
using namespace mr::testing_support;

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
