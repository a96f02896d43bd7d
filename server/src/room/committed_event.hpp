#pragma once
// An event that is in the store: what the room replays and delivers. Shared, immutable.
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "room/policy.hpp"

namespace mr::room {

struct CommittedEvent {
  std::int64_t seq = 0;
  std::int64_t time_ms = 0;
  Channel channel = Channel::main;
  std::string kind;    // record::EventKind as text
  std::string actor;   // participant id, or "server"
  std::string header;  // canonical bytes
  std::string body;

  // A slot the protocol layer owns: the encoded wire frame, made once on first delivery and
  // shared by every recipient (protocol/server_frames.hpp). Guarded by wire_once.
  mutable std::once_flag wire_once;
  mutable std::shared_ptr<const std::string> wire;
};

using EventPtr = std::shared_ptr<const CommittedEvent>;

}  // namespace mr::room
