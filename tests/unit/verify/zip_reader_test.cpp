// The verifier's archive reader (RECORD.md §7 step 1): it reads a bundle's files and refuses an
// archive that could make two readers see different files, escape a directory, or exhaust memory.
#include "verify/zip_reader.hpp"

#include <gtest/gtest.h>

#include "bundle_files.hpp"
#include "raw_zip.hpp"
#include "session_fixture.hpp"

namespace mr::verify {
namespace {

using namespace mr::testing_support;

class ZipReader : public ::testing::Test {
 protected:
  void TearDown() override { std::filesystem::remove_all(dir_); }

  ZipContents read(const std::vector<RawEntry>& entries) {
    write_raw_zip(entries, path_);
    return read_zip(path_);
  }

  std::filesystem::path dir_ = testing_support::fresh_dir("zip-reader");
  std::filesystem::path path_ = dir_ / "bundle.zip";
};

TEST_F(ZipReader, ReadsEveryFileAndSkipsDirectoryEntries) {
  auto zip = read({{"manifest.json", "{}"}, {"events/", ""}, {"events/headers.jsonl", "x\n"}});
  EXPECT_EQ(zip.error, "");
  EXPECT_EQ(zip.files, (std::map<std::string, std::string>{{"events/headers.jsonl", "x\n"},
                                                           {"manifest.json", "{}"}}));
}

TEST_F(ZipReader, ReadsWhatLibzipWrites) {
  rezip({{"a.txt", "甲"}, {"dir/b.txt", std::string(100000, 'b')}}, path_);
  auto zip = read_zip(path_);
  EXPECT_EQ(zip.error, "");
  EXPECT_EQ(zip.files.at("dir/b.txt"), std::string(100000, 'b'));
  EXPECT_EQ(zip.files.at("a.txt"), "甲");
}

// Two entries of one name: another unzip tool could show the other one.
TEST_F(ZipReader, RefusesARepeatedName) {
  auto zip = read({{"manifest.json", "{}"}, {"record.html", "first"}, {"record.html", "second"}});
  // libzip, opened with ZIP_CHECKCONS, refuses it first; the reader's own check is a second line.
  EXPECT_TRUE(zip.error == "zip entry 'record.html' appears twice" ||
              zip.error.find("not a readable zip archive") == 0)
      << zip.error;
}

TEST_F(ZipReader, RefusesAbsoluteAndDotPaths) {
  for (const std::string name :
       {"/etc/passwd", "../outside", "events/../manifest.json", "./manifest.json",
        "events/./headers.jsonl", "events//headers.jsonl", "events\\headers.jsonl", ".."}) {
    SCOPED_TRACE(name);
    auto zip = read({{"manifest.json", "{}"}, {name, "x"}});
    EXPECT_EQ(zip.error, "zip entry '" + name + "' has an unsafe path");
  }
}

TEST_F(ZipReader, RefusesAnEntryClaimingMoreThan256MiB) {
  auto zip = read({{"manifest.json", "{}"}, {"events/headers.jsonl", "", (256u << 20) + 1}});
  EXPECT_EQ(zip.error, "zip entry 'events/headers.jsonl' is too large");
}

TEST_F(ZipReader, NamesAFileThatIsNotAZip) {
  std::ofstream(path_) << "PK but not really";
  EXPECT_EQ(read_zip(path_).error.rfind("not a readable zip archive: ", 0), 0u);
}

}  // namespace
}  // namespace mr::verify
