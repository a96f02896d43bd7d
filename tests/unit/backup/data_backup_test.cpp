// Backups of a data directory: what goes in, and what restore refuses (a directory in use, a file
// that is not the one the manifest names, a name that would leave the data directory).
#include "backup/data_backup.hpp"

#include <gtest/gtest.h>
#include <zip.h>

#include <fstream>

#include "crypto/random.hpp"
#include "record/zip_writer.hpp"
#include "store/store.hpp"
#include "verify/zip_reader.hpp"

namespace mr::backup {
namespace {

namespace fs = std::filesystem;

class DataBackup : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("mr-backup-" + crypto::random_hex(4));
    store::open_sqlite_store(dir_ / "data");
    fs::create_directories(dir_ / "data" / "blobs" / "ab");
    std::ofstream(dir_ / "data" / "blobs" / "ab" / "abcd") << "文件";
    fs::create_directories(dir_ / "data" / "keys");
    std::ofstream(dir_ / "data" / "keys" / "keys.json") << "[]";
    fs::create_directories(dir_ / "data" / "tls");
    std::ofstream(dir_ / "data" / "tls" / "dev-key.pem") << "not backed up";
  }
  void TearDown() override { fs::remove_all(dir_); }

  // The backup's files, to tamper with and zip again.
  std::map<std::string, std::string> files_of(const fs::path& archive) {
    auto contents = verify::read_zip(archive);
    EXPECT_EQ(contents.error, "");
    return contents.files;
  }
  fs::path rezip(const std::map<std::string, std::string>& files) {
    std::map<std::string, record::ZipEntry> entries(files.begin(), files.end());
    auto out = dir_ / "tampered.zip";
    EXPECT_EQ(record::write_zip(entries, out, 0), "");
    return out;
  }

  fs::path dir_;
};

TEST_F(DataBackup, HoldsTheStoreKeysAndDocumentsButNotTheDevelopmentCertificate) {
  auto made = make_backup(dir_ / "data", dir_ / "b.zip");
  ASSERT_EQ(made.error, "");
  auto files = files_of(dir_ / "b.zip");
  EXPECT_TRUE(files.contains("mediation.db"));
  EXPECT_TRUE(files.contains("BACKUP.json"));
  EXPECT_EQ(files["blobs/ab/abcd"], "文件");
  EXPECT_EQ(files["keys/keys.json"], "[]");
  EXPECT_FALSE(files.contains("tls/dev-key.pem"));
  EXPECT_EQ(made.files, 3u);

  auto restored = restore_backup(dir_ / "b.zip", dir_ / "restored");
  ASSERT_EQ(restored.error, "");
  std::ifstream blob(dir_ / "restored" / "blobs" / "ab" / "abcd");
  std::string text((std::istreambuf_iterator<char>(blob)), {});
  EXPECT_EQ(text, "文件");
  EXPECT_NO_THROW(store::open_sqlite_store(dir_ / "restored"));
}

TEST_F(DataBackup, RestoreRefusesADirectoryThatIsNotEmpty) {
  ASSERT_EQ(make_backup(dir_ / "data", dir_ / "b.zip").error, "");
  auto refused = restore_backup(dir_ / "b.zip", dir_ / "data");
  EXPECT_NE(refused.error.find("is not empty"), std::string::npos) << refused.error;
}

TEST_F(DataBackup, RestoreRefusesAFileThatIsNotTheOneTheManifestNames) {
  ASSERT_EQ(make_backup(dir_ / "data", dir_ / "b.zip").error, "");
  auto files = files_of(dir_ / "b.zip");
  files["blobs/ab/abcd"] = "别的";
  auto refused = restore_backup(rezip(files), dir_ / "restored");
  EXPECT_NE(refused.error.find("blobs/ab/abcd is not the file its manifest names"),
            std::string::npos)
      << refused.error;
}

TEST_F(DataBackup, RestoreRefusesNamesOutsideTheDataDirectory) {
  ASSERT_EQ(make_backup(dir_ / "data", dir_ / "b.zip").error, "");
  auto files = files_of(dir_ / "b.zip");
  files["blobs/../../escaped"] = "x";
  auto refused = restore_backup(rezip(files), dir_ / "restored");
  EXPECT_NE(refused.error.find("which its manifest does not name"), std::string::npos)
      << refused.error;
  EXPECT_FALSE(fs::exists(dir_ / "escaped"));
}

TEST_F(DataBackup, RestoreRefusesAnArchiveWithoutAManifest) {
  auto refused = restore_backup(rezip({{"mediation.db", "x"}}), dir_ / "restored");
  EXPECT_NE(refused.error.find("is not a mediation-room backup"), std::string::npos)
      << refused.error;
}

}  // namespace
}  // namespace mr::backup
