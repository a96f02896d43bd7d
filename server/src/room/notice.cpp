#include "room/notice.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "crypto/sha256.hpp"

namespace mr::room {
namespace {

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read notice template " + file.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void replace(std::string& text, const std::string& placeholder, const std::string& value) {
  for (auto at = text.find(placeholder); at != std::string::npos;
       at = text.find(placeholder, at + value.size()))
    text.replace(at, placeholder.size(), value);
}

std::string without_final_newline(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

}  // namespace

NoticeTemplates NoticeTemplates::load(const std::filesystem::path& dir) {
  NoticeTemplates out;
  std::istringstream fields(read_file(dir / "fields.tsv"));
  for (std::string line; std::getline(fields, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::istringstream row(line);
    for (std::string col; std::getline(row, col, '\t');) cols.push_back(col);
    if (cols.size() != 3) throw std::runtime_error("bad line in " + (dir / "fields.tsv").string());
    const auto& [field, key, english] = std::tie(cols[0], cols[1], cols[2]);
    for (const std::string language : {"zh-CN", "en"}) {
      std::string text = read_file(dir / ("common." + language + ".txt"));
      replace(text, "{{field}}", language == "en" ? english : field);
      replace(text, "{{field_section}}",
              without_final_newline(read_file(dir / "fields" / (key + "." + language + ".txt"))));
      out.notices_[{field, language}] = {"notice-v1/" + key + "/" + language, text,
                                         crypto::sha256_hex(text)};
    }
  }
  return out;
}

const Notice* NoticeTemplates::find(const std::string& field, const std::string& language) const {
  auto it = notices_.find({field, language});
  return it == notices_.end() ? nullptr : &it->second;
}

}  // namespace mr::room
