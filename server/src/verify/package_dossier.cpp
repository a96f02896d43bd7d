#include "verify/package_dossier.hpp"

#include <algorithm>
#include <cctype>

namespace mr::verify {
namespace {

// The value of attribute `name` in the tag that holds `at`.
std::string attribute(const std::string& html, std::size_t at, const std::string& name) {
  const auto open = html.rfind('<', at), close = html.find('>', at);
  if (open == std::string::npos || close == std::string::npos) return "";
  const auto tag = html.substr(open, close - open);
  const auto key = " " + name + "=\"";
  const auto p = tag.find(key);
  if (p == std::string::npos) return "";
  const auto end = tag.find('"', p + key.size());
  return end == std::string::npos ? "" : tag.substr(p + key.size(), end - p - key.size());
}

bool holds_script(const std::string& html) {
  std::string lower = html;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return lower.find("<script") != std::string::npos ||
         lower.find("javascript:") != std::string::npos;
}

}  // namespace

std::optional<Fault> dossier_fault(const std::string& name, const std::string* html,
                                   const std::map<std::string, std::string>& documents) {
  if (!html) return Fault{name, std::nullopt, "missing from the package", "", ""};
  if (holds_script(*html)) return Fault{name, std::nullopt, "the dossier holds a script", "", ""};
  for (const auto& [doc, sha] : documents) {
    const auto at = html->find("data-doc=\"" + doc + "\"");
    if (at == std::string::npos)
      return Fault{name, std::nullopt, "the " + doc + " is missing from the dossier", "", ""};
    if (attribute(*html, at, "data-sha256") != sha)
      return Fault{name, std::nullopt,
                   "the " + doc + " in the dossier is not the one the record names", sha,
                   attribute(*html, at, "data-sha256")};
  }
  return std::nullopt;
}

}  // namespace mr::verify
