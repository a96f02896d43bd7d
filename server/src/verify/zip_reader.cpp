#include "verify/zip_reader.hpp"

#include <zip.h>

#include <memory>

namespace mr::verify {
namespace {

constexpr zip_uint64_t kMaxFile = 256ull << 20;
constexpr zip_uint64_t kMaxTotal = 1ull << 30;

bool safe_name(const std::string& name) {
  if (name.empty() || name.front() == '/' || name.find('\\') != std::string::npos) return false;
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t end = std::min(name.find('/', start), name.size());
    const std::string part = name.substr(start, end - start);
    if (part == ".." || part == "." || (part.empty() && end != name.size())) return false;
    start = end + 1;
  }
  return true;
}

}  // namespace

ZipContents read_zip(const std::filesystem::path& path) {
  ZipContents out;
  int code = 0;
  std::unique_ptr<zip_t, decltype(&zip_discard)> archive(
      zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code), zip_discard);
  if (!archive) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    out.error = std::string("not a readable zip archive: ") + zip_error_strerror(&error);
    zip_error_fini(&error);
    return out;
  }
  zip_uint64_t total = 0;
  const zip_int64_t count = zip_get_num_entries(archive.get(), 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t st;
    if (zip_stat_index(archive.get(), zip_uint64_t(i), 0, &st) != 0 ||
        !(st.valid & ZIP_STAT_NAME) || !(st.valid & ZIP_STAT_SIZE)) {
      out.error = "zip entry " + std::to_string(i) + " cannot be read";
      return out;
    }
    const std::string name = st.name;
    if (!name.empty() && name.back() == '/') continue;  // a directory entry carries no data
    if (!safe_name(name)) {
      out.error = "zip entry '" + name + "' has an unsafe path";
      return out;
    }
    total += st.size;
    if (st.size > kMaxFile || total > kMaxTotal) {
      out.error = "zip entry '" + name + "' is too large";
      return out;
    }
    std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(
        zip_fopen_index(archive.get(), zip_uint64_t(i), 0), zip_fclose);
    std::string data(st.size, '\0');
    if (!file || zip_fread(file.get(), data.data(), st.size) != zip_int64_t(st.size)) {
      out.error = "zip entry '" + name + "' cannot be decompressed";
      return out;
    }
    if (!out.files.emplace(name, std::move(data)).second) {
      out.error = "zip entry '" + name + "' appears twice";
      return out;
    }
  }
  return out;
}

}  // namespace mr::verify
