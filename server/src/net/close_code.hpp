#pragma once
// WebSocket close codes the server sends (PROTOCOL.md §4), named once. The transport itself uses
// too_slow and binary_unsupported; the protocol layer the others.
#include <cstdint>

namespace mr::net {

enum class CloseCode : std::uint16_t {
  normal = 1000,
  going_away = 1001,
  protocol_error = 1002,
  store_unavailable = 1011,
  session_ended = 4001,
  too_slow = 4003,
  hello_timeout = 4005,
  rate_abuse = 4008,
  binary_unsupported = 4009,
  too_many_connections = 4029,
};

}  // namespace mr::net
