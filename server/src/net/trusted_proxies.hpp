#pragma once
// Who the client is behind a reverse proxy. The address a connection comes from is the client's,
// unless it is a proxy the operator trusts (--trusted-proxy); then the client is the nearest hop
// named in `Forwarded` (RFC 7239) or else `X-Forwarded-For` that is not itself a trusted proxy.
// Anyone can write those headers, so they count only from a trusted peer. Pure, thread-safe.
#include <boost/asio/ip/address.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/http_handler.hpp"

namespace mr::net {

struct Cidr {
  boost::asio::ip::address network;
  unsigned prefix = 0;
  bool contains(const boost::asio::ip::address& a) const;
};

// "10.0.0.0/8", "2001:db8::/32", or a single address ("127.0.0.1"); nullopt if malformed.
std::optional<Cidr> parse_cidr(std::string_view text);

class TrustedProxies {
 public:
  TrustedProxies() = default;
  explicit TrustedProxies(std::vector<Cidr> networks) : networks_(std::move(networks)) {}

  bool trusts(const boost::asio::ip::address& a) const;
  // The client's address for a request from `peer` (nullopt: a Unix socket, which only a local
  // proxy with the socket's permissions can reach, so it is trusted).
  std::string client_address(const std::optional<boost::asio::ip::address>& peer,
                             const Request& request) const;

 private:
  std::vector<Cidr> networks_;
};

}  // namespace mr::net
