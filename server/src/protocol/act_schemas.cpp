#include "protocol/act_schemas.hpp"

#include <fstream>
#include <stdexcept>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

namespace mr::protocol {
namespace {

using nlohmann::json;

json read_json(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  auto doc = json::parse(in, nullptr, false);
  if (doc.is_discarded()) throw std::runtime_error(file.string() + " is not JSON");
  return doc;
}

}  // namespace

ActSchemas::~ActSchemas() = default;

std::shared_ptr<const ActSchemas> ActSchemas::load(const std::filesystem::path& dir) {
  const json act = read_json(dir / "client" / "act.schema.json");
  // The act schema lives in client/ and refers to "../common.schema.json".
  auto fetch = [dir](const std::string& uri) -> const json* {
    // Either as written ("../common.schema.json") or resolved against the $id.
    auto at = uri.find("/schema/");
    const std::string name = uri.rfind("../", 0) == 0  ? uri.substr(3)
                             : at != std::string::npos ? uri.substr(at + 8)
                                                       : uri;
    return new json(read_json(dir / name));
  };
  auto release = [](const json* doc) { delete doc; };
  std::shared_ptr<ActSchemas> out(new ActSchemas());
  valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
  for (const auto& [action, args] : act.at("$defs").items()) {
    // Each action's arguments as a schema of their own, in the act schema's context (so its
    // references resolve as they do there).
    json schema = act;
    schema.erase("oneOf");
    schema.erase("required");
    schema.erase("properties");
    schema.erase("additionalProperties");
    schema["$ref"] = "#/$defs/" + action;
    auto compiled = std::make_unique<valijson::Schema>();
    valijson::adapters::NlohmannJsonAdapter adapter(schema);
    try {
      parser.populateSchema(adapter, *compiled, fetch, release);
    } catch (const std::exception& e) {
      throw std::runtime_error("act schema for " + action + ": " + e.what());
    }
    out->by_action_[action] = std::move(compiled);
  }
  return out;
}

std::optional<std::string> ActSchemas::check(const std::string& action, const json& args) const {
  auto it = by_action_.find(action);
  if (it == by_action_.end()) return "unknown action '" + action + "'";
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter adapter(args);
  if (validator.validate(*it->second, adapter, &results)) return std::nullopt;
  valijson::ValidationResults::Error error;
  std::string why;
  // The innermost error says what is wrong; the outer ones only that something below was.
  while (results.popError(error)) {
    std::string where;
    for (const auto& part : error.context) where += part;
    why = where + ": " + error.description;
    break;
  }
  return "args of " + action + " " + why;
}

}  // namespace mr::protocol
