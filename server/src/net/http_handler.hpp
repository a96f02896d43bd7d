#pragma once
// What the transport asks of the application: answer a request, or admit a WebSocket upgrade.
// Implemented in api/. Called on the connection's strand; implementations must be thread-safe
// across connections.
#include <boost/beast/http.hpp>
#include <memory>
#include <variant>

#include "net/peer.hpp"

namespace mr::net {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

class HttpHandler {
 public:
  virtual ~HttpHandler() = default;
  virtual http::message_generator handle(Request&& request) = 0;
  // The protocol handler for an upgrade the caller may make, or the response refusing it.
  virtual std::variant<std::shared_ptr<PeerHandler>, Response> upgrade(const Request& request) = 0;
};

struct TransportLimits {
  std::size_t max_frame = 64 << 10;      // WebSocket message
  std::size_t send_queue = 1 << 20;      // bytes waiting per WebSocket before 4003
  std::size_t max_body = 1 << 20;        // HTTP request body
  std::chrono::seconds handshake{10};    // TLS + HTTP request + WebSocket hello
  std::chrono::seconds ping_interval{25};
  std::chrono::seconds http_idle{30};
};

}  // namespace mr::net
