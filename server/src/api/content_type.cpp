#include "api/content_type.hpp"

#include <magic.h>

#include <algorithm>
#include <array>
#include <mutex>
#include <string_view>

namespace mr::api {
namespace {

constexpr std::array<std::string_view, 24> kAccepted = {
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/heic",
    "image/heif",
    "text/plain",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
    "application/vnd.ms-works",
    "application/vnd.ms-office",
    "application/x-ole-storage",  // old office documents (CDF) as some libmagic versions name them
    "application/CDFV2",
    "application/rtf",
    "text/rtf",
    "text/csv",
    "application/vnd.wps-office.docx",
};

// libmagic is not thread-safe: one cookie, used under a lock (a sniff is fast).
class Magic {
 public:
  Magic() : cookie_(magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR)) {
    if (cookie_) magic_load(cookie_, nullptr);
  }
  ~Magic() {
    if (cookie_) magic_close(cookie_);
  }
  template <typename F>
  std::string run(F f) {
    std::lock_guard lock(mutex_);
    const char* out = cookie_ ? f(cookie_) : nullptr;
    return out ? out : "application/octet-stream";
  }

 private:
  magic_t cookie_;
  std::mutex mutex_;
};

Magic& magic() {
  static Magic instance;
  return instance;
}

SniffedType judged(std::string mime) {
  const bool ok = std::find(kAccepted.begin(), kAccepted.end(), mime) != kAccepted.end();
  return {std::move(mime), ok};
}

}  // namespace

SniffedType sniff_file(const std::filesystem::path& file) {
  return judged(magic().run([&](magic_t m) { return magic_file(m, file.c_str()); }));
}

SniffedType sniff_bytes(const std::string& bytes) {
  return judged(
      magic().run([&](magic_t m) { return magic_buffer(m, bytes.data(), bytes.size()); }));
}

}  // namespace mr::api
