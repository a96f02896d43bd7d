#pragma once
// What the transport asks of the application: answer a request, or admit a WebSocket upgrade.
// Implemented in api/. The application may answer later and from any thread (it runs blocking
// work elsewhere); the session takes the answer back onto its own executor.
#include <boost/beast/http.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <variant>

#include "net/peer.hpp"

namespace mr::net {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// Who is asking, as the transport knows it.
struct Client {
  std::string address;  // the peer's IP address, as text
};

class HttpHandler {
 public:
  using Respond = std::function<void(http::message_generator)>;
  // The protocol handler for an upgrade the caller may make, or the response refusing it.
  using Admission = std::variant<std::shared_ptr<PeerHandler>, Response>;
  using Admit = std::function<void(Admission)>;

  virtual ~HttpHandler() = default;
  // Calls `respond` exactly once.
  virtual void handle(Request&& request, const Client& client, Respond respond) = 0;
  // Calls `admit` exactly once. `request` is the upgrade request; the session keeps its own.
  virtual void upgrade(Request request, const Client& client, Admit admit) = 0;
};

struct TransportLimits {
  std::size_t max_frame = 64 << 10;    // WebSocket message
  std::size_t send_queue = 1 << 20;    // bytes waiting per WebSocket before 4003
  std::size_t max_body = 1 << 20;      // HTTP request body
  std::chrono::seconds handshake{10};  // TLS, and each HTTP request once it has begun
  std::size_t max_handshakes = 256;    // TLS handshakes in progress at once (per listener)
  std::chrono::seconds ping_interval{25};
  std::chrono::seconds http_idle{30};  // waiting for the next request on a kept-alive connection
};

}  // namespace mr::net
