#include "backup/data_backup.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <zip.h>

#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "crypto/sha256.hpp"
#include "record/event.hpp"
#include "record/zip_writer.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/online_backup.hpp"

namespace mr::backup {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr const char* kManifest = "BACKUP.json";
constexpr const char* kFormat = "mediation-room backup 1";
constexpr const char* kDatabase = "mediation.db";
// What, besides the store, a restored server needs: the keys that signed the record and the
// organisations' sealing keys (so it can go on signing as itself), and the documents.
constexpr const char* kDirectories[] = {"keys", "orgs", "blobs"};

// A name from an archive that stays inside the data directory: relative, no "..", known root.
bool safe_name(const std::string& name) {
  if (name == kDatabase) return true;
  const fs::path p(name);
  if (p.is_absolute() || name.find('\\') != std::string::npos) return false;
  for (const auto& part : p)
    if (part == ".." || part == "." || part.empty()) return false;
  const auto root = p.begin()->string();
  for (const auto* d : kDirectories)
    if (root == d && std::distance(p.begin(), p.end()) > 1) return true;
  return false;
}

// Writes the archive entry `index` to `target` (0600), answering its SHA-256, or "" on failure.
std::string extract(zip_t* archive, zip_uint64_t index, const fs::path& target) {
  std::unique_ptr<zip_file_t, decltype(&zip_fclose)> in(zip_fopen_index(archive, index, 0),
                                                        zip_fclose);
  if (!in) return "";
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  fs::permissions(target.parent_path(), fs::perms::owner_all, ec);
  const int fd = ::open(target.c_str(), O_CREAT | O_EXCL | O_WRONLY, 0600);
  if (fd < 0) return "";
  std::string bytes;
  char buffer[64 * 1024];
  bool ok = true;
  for (;;) {
    const auto n = zip_fread(in.get(), buffer, sizeof buffer);
    if (n < 0) ok = false;
    if (n <= 0) break;
    if (::write(fd, buffer, size_t(n)) != n) ok = false;
  }
  if (::fsync(fd) != 0) ok = false;
  ::close(fd);
  if (!ok) return "";
  return crypto::sha256_file_hex(target).value_or("");
}

}  // namespace

BackupResult make_backup(const fs::path& data_dir, const fs::path& out) {
  BackupResult result;
  std::error_code ec;
  // The copy of the store sits beside the archive until it is in it.
  const auto copy = fs::path(out).concat(".db-" + std::to_string(::getpid()));
  fs::remove(copy, ec);
  result.error = store::sqlite::copy_database(data_dir, copy);
  struct Remove {
    fs::path file;
    ~Remove() {
      std::error_code ignored;
      fs::remove(file, ignored);
    }
  } remove_copy{copy};
  if (!result.error.empty()) return result;

  std::map<std::string, record::ZipEntry> entries;
  json files = json::object();
  auto add = [&](const std::string& name, const fs::path& file) {
    auto sha = crypto::sha256_file_hex(file);
    if (!sha) {
      result.error = "cannot read " + file.string();
      return false;
    }
    files[name] = {{"sha256", *sha}, {"size", fs::file_size(file)}};
    entries[name] = record::FileOnDisk{file};
    result.bytes += std::int64_t(fs::file_size(file));
    return true;
  };
  if (!add(kDatabase, copy)) return result;
  for (const auto* dir : kDirectories) {
    if (!fs::is_directory(data_dir / dir)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(data_dir / dir)) {
      if (!entry.is_regular_file()) continue;
      const auto name = fs::relative(entry.path(), data_dir).generic_string();
      if (!add(name, entry.path())) return result;
    }
  }
  const auto now = record::now_ms();
  entries[kManifest] = json{{"format", kFormat}, {"made_ms", now}, {"files", files}}.dump(1);
  result.files = files.size();
  result.error = record::write_zip(entries, out, now);
  if (result.error.empty())
    fs::permissions(out, fs::perms::owner_read | fs::perms::owner_write, ec);
  return result;
}

BackupResult restore_backup(const fs::path& archive_file, const fs::path& data_dir) {
  BackupResult result;
  // Never over anything: a restore that fails half-way leaves only what it wrote itself.
  if (std::error_code ec; fs::exists(data_dir) && !fs::is_empty(data_dir, ec)) {
    result.error = data_dir.string() + " is not empty; restore into a new directory";
    return result;
  }
  int code = 0;
  std::unique_ptr<zip_t, decltype(&zip_discard)> archive(
      zip_open(archive_file.c_str(), ZIP_RDONLY, &code), zip_discard);
  if (!archive) {
    result.error = "cannot open the backup " + archive_file.string();
    return result;
  }
  const auto manifest_index = zip_name_locate(archive.get(), kManifest, 0);
  json manifest;
  if (manifest_index >= 0) {
    zip_stat_t st;
    zip_stat_index(archive.get(), zip_uint64_t(manifest_index), 0, &st);
    std::string text(st.size, '\0');
    std::unique_ptr<zip_file_t, decltype(&zip_fclose)> in(
        zip_fopen_index(archive.get(), zip_uint64_t(manifest_index), 0), zip_fclose);
    if (in && zip_fread(in.get(), text.data(), st.size) == zip_int64_t(st.size))
      manifest = json::parse(text, nullptr, false);
  }
  if (!manifest.is_object() || manifest.value("format", "") != kFormat ||
      !manifest.contains("files")) {
    result.error = archive_file.string() + " is not a mediation-room backup (no " + kManifest + ")";
    return result;
  }
  const auto& files = manifest["files"];
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  fs::permissions(data_dir, fs::perms::owner_all, ec);
  std::size_t seen = 0;
  const auto count = zip_get_num_entries(archive.get(), 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    const std::string name = zip_get_name(archive.get(), zip_uint64_t(i), 0);
    if (name == kManifest) continue;
    if (!safe_name(name) || !files.contains(name)) {
      result.error = "the backup holds " + name + ", which its manifest does not name";
      return result;
    }
    const auto sha = extract(archive.get(), zip_uint64_t(i), data_dir / name);
    if (sha.empty() || sha != files[name].value("sha256", "")) {
      result.error = "the backup's " + name + " is not the file its manifest names";
      return result;
    }
    ++seen;
    result.bytes += std::int64_t(fs::file_size(data_dir / name));
  }
  if (seen != files.size()) {
    result.error = "the backup lacks files its manifest names";
    return result;
  }
  result.files = seen;
  result.error = store::sqlite::adopt_restored_database(data_dir);
  return result;
}

}  // namespace mr::backup
