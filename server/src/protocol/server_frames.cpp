#include "protocol/server_frames.hpp"

#include <nlohmann/json.hpp>

#include "protocol/codes.hpp"
#include "protocol/objects.hpp"
#include "room/case_json.hpp"

namespace mr::protocol {
namespace {
using json = nlohmann::json;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json channel_list(const room::Identity& who, room::Access access, bool in_main) {
  json out = json::array();
  for (auto c : room::channels(who, access, in_main)) out.push_back(room::to_string(c));
  return out;
}

// Requests that may carry an id have it echoed in their answer (and omitted when they had none).
json with_ref(json frame, const std::string& ref) {
  if (!ref.empty()) frame["id"] = ref;
  return frame;
}
}  // namespace

const std::shared_ptr<const std::string>& event_frame(const room::CommittedEvent& event) {
  std::call_once(event.wire_once, [&] {
    auto seq = std::to_string(event.seq);
    std::string frame;
    frame.reserve(48 + seq.size() + event.header.size() + event.body.size());
    frame.append(R"({"type":"event","seq":)").append(seq);
    frame.append(R"(,"header":)").append(event.header);
    frame.append(R"(,"body":)").append(event.body).append("}");
    event.wire = std::make_shared<const std::string>(std::move(frame));
  });
  return event.wire;
}

std::string welcome_frame(const room::Welcome& w, const ConnectionLimits& limits) {
  json people = json::array();
  for (const auto& p : w.people) people.push_back(identity_json(p));
  return dump({{"type", "welcome"},
               {"room", room_json(*w.room)},
               {"you", identity_json(*w.you)},
               {"people", std::move(people)},
               {"case", room::case_json(*w.case_state)},
               {"read", channel_list(*w.you, room::Access::read, w.in_main)},
               {"write", channel_list(*w.you, room::Access::write, w.in_main)},
               {"head", w.head},
               {"epoch", w.room->epoch},
               {"reset", w.reset},
               {"limits",
                {{"max_frame", limits.max_frame},
                 {"max_text", kMaxTextChars},
                 {"rate", limits.rate},
                 {"burst", limits.burst}}}});
}

std::string caught_up_frame(std::int64_t head) {
  return R"({"type":"caught_up","head":)" + std::to_string(head) + "}";
}

std::string ack_frame(const std::string& client_id, std::int64_t seq, bool duplicate) {
  // The id was validated to [A-Za-z0-9._:-], so it needs no escaping.
  return R"({"type":"ack","id":")" + client_id + R"(","seq":)" + std::to_string(seq) +
         R"(,"duplicate":)" + (duplicate ? "true}" : "false}");
}

const std::shared_ptr<const std::string>& presence_frame(const room::PresenceList& list) {
  std::call_once(list.wire_once, [&] {
    json online = json::array();
    for (const auto* who : list.online) online.push_back(identity_json(*who));
    list.wire = std::make_shared<const std::string>(
        dump({{"type", "presence"}, {"online", std::move(online)}}));
  });
  return list.wire;
}

std::string typing_frame(room::Channel channel, const std::string& participant) {
  return dump(
      {{"type", "typing"}, {"channel", room::to_string(channel)}, {"participant", participant}});
}

std::string error_frame(std::string_view code, const std::string& message, const std::string& ref,
                        std::string_view rule) {
  json frame = {{"type", "error"},
                {"code", code},
                {"message", message},
                {"ref", ref.empty() ? json(nullptr) : json(ref)}};
  if (!rule.empty()) frame["rule"] = rule;
  return dump(frame);
}

std::string case_frame(const room::CaseState& state) {
  return dump({{"type", "case"}, {"case", room::case_json(state)}});
}

std::string checkpoint_frame(const std::string& note, const std::string& ref) {
  return dump(with_ref({{"type", "checkpoint"}, {"note", note}}, ref));
}

std::string access_frame(const room::Identity& who, bool in_main) {
  return dump({{"type", "access"},
               {"read", channel_list(who, room::Access::read, in_main)},
               {"write", channel_list(who, room::Access::write, in_main)}});
}

std::string proof_frame(const std::string& ref, std::int64_t seq, std::int64_t size,
                        const std::string& leaf, const std::vector<std::string>& path) {
  return dump(with_ref(
      {{"type", "proof"}, {"seq", seq}, {"size", size}, {"leaf", leaf}, {"path", path}}, ref));
}

std::string consistency_frame(const std::string& ref, std::int64_t from, std::int64_t to,
                              const std::vector<std::string>& path) {
  return dump(with_ref({{"type", "consistency"}, {"from", from}, {"to", to}, {"path", path}}, ref));
}

}  // namespace mr::protocol
