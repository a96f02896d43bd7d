#pragma once
// The arguments of each act, checked against protocol/schema/client/act.schema.json itself
// (valijson), so that the server and the published contract cannot disagree about them.
// Loaded once at start-up; then immutable and thread-safe.
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace valijson {
class Schema;
}

namespace mr::protocol {

class ActSchemas {
 public:
  // Reads <schema_dir>/client/act.schema.json and what it refers to. Throws std::runtime_error
  // with the reason (start-up).
  static std::shared_ptr<const ActSchemas> load(const std::filesystem::path& schema_dir);
  ~ActSchemas();

  // nullopt when `args` are the arguments of `action`, else a reason a developer can read.
  std::optional<std::string> check(const std::string& action, const nlohmann::json& args) const;

 private:
  ActSchemas() = default;
  std::map<std::string, std::unique_ptr<valijson::Schema>> by_action_;
};

}  // namespace mr::protocol
