#pragma once
// What every connection of one listener shares: its limits, whom it trusts to name the client,
// and the header lines every answer carries. Immutable once the listener starts.
#include <string>
#include <utility>
#include <vector>

#include "net/http_handler.hpp"
#include "net/trusted_proxies.hpp"

namespace mr::net {

struct SessionConfig {
  TransportLimits limits;
  TrustedProxies proxies;
  std::vector<std::pair<std::string, std::string>> headers;  // on every answer (HSTS)
  std::string header_lines;                                  // the same as "Name: value\r\n" lines

  void add_header(std::string name, std::string value) {
    header_lines += name + ": " + value + "\r\n";
    headers.emplace_back(std::move(name), std::move(value));
  }
};

}  // namespace mr::net
