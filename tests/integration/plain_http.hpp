#pragma once
// Plain HTTP requests for the listeners that have no TLS: the one a TLS-terminating proxy on the
// same machine talks to (loopback TCP or a Unix socket) and the separate metrics address. A test
// sets any header it likes, as a proxy would (Forwarded, X-Forwarded-For). Also: one sample read
// out of a /metrics answer.
#include <filesystem>
#include <map>
#include <string>

#include "tls_client.hpp"

namespace mr::test {

struct PlainTarget {
  unsigned short port = 0;       // TCP on 127.0.0.1 ...
  std::filesystem::path socket;  // ... or this Unix socket when set
  std::string source;            // for TCP: the local address to connect from (127.x.y.z)
};
inline PlainTarget tcp_target(unsigned short port, std::string source = {}) {
  return {port, {}, std::move(source)};
}
inline PlainTarget unix_target(std::filesystem::path socket) { return {0, std::move(socket), {}}; }

HttpResult plain_http(const PlainTarget& to, const std::string& method, const std::string& target,
                      const std::map<std::string, std::string>& headers = {},
                      const std::string& body = {});

// The value of the Prometheus sample `name` whose labels include `labels` in an exposition (the
// text format); -1 when there is none.
double sample(const std::string& exposition, const std::string& name,
              const std::map<std::string, std::string>& labels = {});

}  // namespace mr::test
