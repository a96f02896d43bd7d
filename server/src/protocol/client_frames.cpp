#include "protocol/client_frames.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "protocol/codes.hpp"

namespace mr::protocol {
namespace {

using json = nlohmann::json;
using Result = std::variant<ClientFrame, FrameError>;

// Largest integer JSON peers agree on (RECORD.md §1).
constexpr std::int64_t kMaxInt = std::int64_t(1) << 53;

FrameError bad(std::string message, std::optional<std::string> ref = std::nullopt) {
  return {kBadFrame, std::move(message), std::move(ref)};
}

// Rejects members the frame type does not define, so a misspelt field is not silently ignored.
std::optional<FrameError> only_members(const json& frame,
                                       std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : frame.items()) {
    if (key == "type") continue;
    bool known = false;
    for (auto a : allowed) known = known || key == a;
    if (!known) return bad("unknown member '" + key + "'");
  }
  return std::nullopt;
}

std::optional<std::int64_t> integer_member(const json& frame, const char* name, std::int64_t min) {
  auto it = frame.find(name);
  if (it == frame.end() || !it->is_number()) return std::nullopt;
  // An integer as JSON Schema reads one: 5.0 is 5 (a schema cannot tell them apart), 5.5 is not.
  if (it->is_number_float()) {
    const double d = it->get<double>();
    if (std::trunc(d) != d || d < double(min) || d > double(kMaxInt)) return std::nullopt;
    return static_cast<std::int64_t>(d);
  }
  // nlohmann keeps 2^63 and more as unsigned; read as signed they would wrap to negatives.
  if (it->is_number_unsigned() && it->get<std::uint64_t>() > std::uint64_t(kMaxInt))
    return std::nullopt;
  auto v = it->get<std::int64_t>();
  if (v < min || v > kMaxInt) return std::nullopt;
  return v;
}

std::variant<room::Channel, FrameError> channel_member(const json& frame) {
  auto it = frame.find("channel");
  if (it == frame.end() || !it->is_string()) return bad("'channel' must be a string");
  auto channel = room::parse_channel(it->get_ref<const std::string&>());
  if (!channel)
    return FrameError{kUnknownChannel, "unknown channel '" + it->get<std::string>() + "'", {}};
  return *channel;
}

bool valid_client_id(const std::string& id) {
  if (id.empty() || id.size() > kMaxClientIdBytes) return false;
  for (char c : id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == ':' ||
          c == '-'))
      return false;
  return true;
}

std::size_t count_code_points(std::string_view utf8) {
  std::size_t n = 0;
  for (unsigned char c : utf8) n += (c & 0xC0) != 0x80;
  return n;
}

// White space as the schema's pattern reads it (ECMAScript \s: Unicode White_Space and the BOM),
// so a text of only U+00A0 or U+2003 is empty here as it is to send.schema.json.
bool is_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000 || c == 0xFEFF;
}

bool blank(std::string_view text) {
  // The text is valid UTF-8 (JSON strings are); each code point is decoded and tested.
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t c = length == 1 ? lead : lead & (0x3F >> (length - 1));
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k)
      c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    if (!is_space(c)) return false;
    i += length;
  }
  return true;
}

Result parse_hello(const json& frame) {
  if (auto e = only_members(frame, {"last_seq", "epoch"})) return *e;
  Hello h;
  if (frame.contains("last_seq")) {
    auto v = integer_member(frame, "last_seq", -1);
    if (!v) return bad("'last_seq' must be an integer >= -1");
    h.last_seq = *v;
  }
  if (frame.contains("epoch")) {
    auto v = integer_member(frame, "epoch", 1);
    if (!v) return bad("'epoch' must be an integer >= 1");
    h.epoch = v;
  }
  return h;
}

// The client id of a frame that has one, after checking it holds only `allowed` members; every
// later error names the id, so the client knows which of its requests was refused.
std::variant<std::string, FrameError> id_and_members(
    const json& frame, std::initializer_list<std::string_view> allowed) {
  auto id_it = frame.find("id");
  if (id_it == frame.end() || !id_it->is_string() ||
      !valid_client_id(id_it->get_ref<const std::string&>()))
    return bad("'id' must be 1-64 characters of [A-Za-z0-9._:-]");
  std::string id = id_it->get<std::string>();
  if (auto e = only_members(frame, allowed)) {
    e->ref = id;
    return *e;
  }
  return id;
}

Result parse_send(const json& frame) {
  auto checked = id_and_members(frame, {"id", "channel", "text"});
  if (auto* e = std::get_if<FrameError>(&checked)) return *e;
  std::string id = std::get<std::string>(std::move(checked));
  auto channel = channel_member(frame);
  if (auto* e = std::get_if<FrameError>(&channel)) {
    e->ref = id;
    return *e;
  }
  auto text_it = frame.find("text");
  if (text_it == frame.end() || !text_it->is_string()) return bad("'text' must be a string", id);
  const auto& text = text_it->get_ref<const std::string&>();
  if (count_code_points(text) > kMaxTextChars)
    return FrameError{kTextTooLong, "'text' is over 4000 characters", id};
  if (blank(text)) return FrameError{kEmptyText, "'text' is empty", id};
  return Send{std::move(id), std::get<room::Channel>(channel), text};
}

Result parse_typing(const json& frame) {
  if (auto e = only_members(frame, {"channel"})) return *e;
  auto channel = channel_member(frame);
  if (auto* e = std::get_if<FrameError>(&channel)) return *e;
  return Typing{std::get<room::Channel>(channel)};
}

Result parse_advisor(const json& frame) {
  auto checked = id_and_members(frame, {"id", "participant", "in_main"});
  if (auto* e = std::get_if<FrameError>(&checked)) return *e;
  std::string id = std::get<std::string>(std::move(checked));
  auto who = frame.find("participant");
  auto in = frame.find("in_main");
  if (who == frame.end() || !who->is_string() || who->get_ref<const std::string&>().empty() ||
      who->get_ref<const std::string&>().size() > 64)
    return bad("'participant' must be a participant id", id);
  if (in == frame.end() || !in->is_boolean()) return bad("'in_main' must be true or false", id);
  return AdvisorAccess{std::move(id), who->get<std::string>(), in->get<bool>()};
}

Result parse_act(const json& frame) {
  auto checked = id_and_members(frame, {"id", "action", "args"});
  if (auto* e = std::get_if<FrameError>(&checked)) return *e;
  std::string id = std::get<std::string>(std::move(checked));
  auto action = frame.find("action");
  auto args = frame.find("args");
  if (action == frame.end() || !action->is_string()) return bad("'action' must be a string", id);
  if (args == frame.end() || !args->is_object()) return bad("'args' must be an object", id);
  return Act{std::move(id), action->get<std::string>(), *args};
}

// The optional id of a record request, after checking it holds only `allowed` members.
std::variant<std::string, FrameError> optional_id(const json& frame,
                                                  std::initializer_list<std::string_view> allowed) {
  if (frame.contains("id")) return id_and_members(frame, allowed);
  if (auto e = only_members(frame, allowed)) return *e;
  return std::string();
}

Result parse_checkpoint(const json& frame) {
  auto id = optional_id(frame, {"id"});
  if (auto* e = std::get_if<FrameError>(&id)) return *e;
  return CheckpointRequest{std::get<std::string>(std::move(id))};
}

Result parse_proof(const json& frame) {
  auto checked = optional_id(frame, {"id", "seq", "size"});
  if (auto* e = std::get_if<FrameError>(&checked)) return *e;
  auto id = std::get<std::string>(std::move(checked));
  auto seq = integer_member(frame, "seq", 0);
  auto size = integer_member(frame, "size", 1);
  if (!seq || !size) return bad("'seq' must be an integer >= 0 and 'size' >= 1", id);
  return ProofRequest{std::move(id), *seq, *size};
}

Result parse_consistency(const json& frame) {
  auto checked = optional_id(frame, {"id", "from", "to"});
  if (auto* e = std::get_if<FrameError>(&checked)) return *e;
  auto id = std::get<std::string>(std::move(checked));
  auto from = integer_member(frame, "from", 1);
  auto to = integer_member(frame, "to", 1);
  if (!from || !to) return bad("'from' and 'to' must be integers >= 1", id);
  return ConsistencyRequest{std::move(id), *from, *to};
}

}  // namespace

std::variant<ClientFrame, FrameError> parse_client_frame(std::string_view text) {
  json frame = json::parse(text, nullptr, false);
  if (frame.is_discarded() || !frame.is_object())
    return FrameError{kBadJson, "the frame is not a JSON object", {}};
  auto type_it = frame.find("type");
  if (type_it == frame.end() || !type_it->is_string()) return bad("'type' must be a string");
  const auto& type = type_it->get_ref<const std::string&>();
  if (type == "send") return parse_send(frame);
  if (type == "typing") return parse_typing(frame);
  if (type == "hello") return parse_hello(frame);
  if (type == "advisor") return parse_advisor(frame);
  if (type == "act") return parse_act(frame);
  if (type == "checkpoint") return parse_checkpoint(frame);
  if (type == "proof") return parse_proof(frame);
  if (type == "consistency") return parse_consistency(frame);
  return FrameError{kUnknownType, "unknown frame type '" + type + "'", {}};
}

}  // namespace mr::protocol
