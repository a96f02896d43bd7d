#pragma once
// Frames a client may send, parsed and validated into typed values (PROTOCOL.md §4).
// Pure functions, thread-safe.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "room/policy.hpp"

namespace mr::protocol {

struct Hello {
  std::int64_t last_seq = -1;
  std::optional<std::int64_t> epoch;
};
struct Send {
  std::string id;
  room::Channel channel = room::Channel::main;
  std::string text;
};
struct Typing {
  room::Channel channel = room::Channel::main;
};
struct AdvisorAccess {
  std::string id;  // client id, as for send
  std::string participant;
  bool in_main = false;
};
// A step of the procedure (PROTOCOL.md §6); its args are checked against the act schema by the
// connection (ActSchemas), which knows the schemas.
struct Act {
  std::string id;
  std::string action;
  nlohmann::json args;
};
// Record requests may carry an `id`, echoed in the answer or the refusal (empty: none).
struct CheckpointRequest {
  std::string id;
};
struct ProofRequest {
  std::string id;
  std::int64_t seq = 0, size = 0;
};
struct ConsistencyRequest {
  std::string id;
  std::int64_t from = 0, to = 0;
};

using ClientFrame = std::variant<Hello, Send, Typing, AdvisorAccess, Act, CheckpointRequest,
                                 ProofRequest, ConsistencyRequest>;

struct FrameError {
  std::string_view code;  // one of codes.hpp
  std::string message;
  std::optional<std::string> ref;  // the send's id, when it could be read
};

std::variant<ClientFrame, FrameError> parse_client_frame(std::string_view text);

}  // namespace mr::protocol
