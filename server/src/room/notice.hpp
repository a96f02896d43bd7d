#pragma once
// The notice of rights and duties (权利义务告知书) per case field and language, assembled from the
// data files in server/templates/notice/ (see its README). A party's acknowledgement names the
// SHA-256 of the exact text it was shown. Loaded once at start-up; then immutable and
// thread-safe.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>

namespace mr::room {

struct Notice {
  std::string template_id;  // "notice-v1/<field key>/<language>"
  std::string text;
  std::string sha256;  // hex, of the text's UTF-8 bytes
};

class NoticeTemplates {
 public:
  // Throws std::runtime_error naming the missing or unreadable file (start-up).
  static NoticeTemplates load(const std::filesystem::path& dir);
  // nullopt for an unknown field or language ("zh-CN", "en").
  const Notice* find(const std::string& field, const std::string& language) const;

 private:
  std::map<std::pair<std::string, std::string>, Notice> notices_;
};

}  // namespace mr::room
