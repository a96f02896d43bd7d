#include "record/zip_writer.hpp"

#include <zip.h>

namespace mr::record {

std::string write_zip(const std::map<std::string, ZipEntry>& entries,
                      const std::filesystem::path& out, std::int64_t time_ms) {
  const std::filesystem::path tmp = out.string() + ".tmp";
  int code = 0;
  zip_t* archive = zip_open(tmp.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (!archive) return "cannot create " + tmp.string();
  for (const auto& [name, entry] : entries) {
    zip_source_t* source = nullptr;
    if (const auto* bytes = std::get_if<std::string>(&entry))
      source = zip_source_buffer(archive, bytes->data(), bytes->size(), 0);
    else
      source = zip_source_file(archive, std::get<FileOnDisk>(entry).file.c_str(), 0, -1);
    zip_int64_t index = source ? zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8) : -1;
    if (index < 0) {
      if (source) zip_source_free(source);
      std::string why = "cannot add " + name + ": " + zip_strerror(archive);
      zip_discard(archive);
      return why;
    }
    zip_file_set_mtime(archive, zip_uint64_t(index), time_t(time_ms / 1000), 0);
  }
  if (zip_close(archive) != 0) {
    std::string why = "cannot write " + tmp.string() + ": " + zip_strerror(archive);
    zip_discard(archive);
    std::filesystem::remove(tmp);
    return why;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, out, ec);
  if (ec) return "cannot move the bundle to " + out.string() + ": " + ec.message();
  return {};
}

}  // namespace mr::record
