#pragma once
// The names this server answers to, as configured, never as a request claims: the `Host` header is
// the client's word, so it neither makes invitation links nor passes the origin rule. With
// --public-url or --origin configured, only those origins are this server; with neither, only
// loopback names are (a development server on this machine), and the start-up log says so.
// Thread-safety: immutable after construction.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/http_handler.hpp"

namespace mr::api {

class SiteNames {
 public:
  // `public_url`: the base of invitation links (may be empty); `origins`: every allowed origin,
  // scheme://host[:port] (the public URL's own origin among them, as cli/serve adds it).
  SiteNames(std::string public_url, std::vector<std::string> origins);

  bool configured() const { return !origins_.empty(); }
  // Whether a request's Origin (if it has one) names this server (PROTOCOL.md §5).
  bool origin_allowed(const net::Request& req) const;
  // The base of invitation links: the configured public URL (or the first origin); without any,
  // https://<Host> only when Host is a loopback name; nullopt otherwise.
  std::optional<std::string> link_base(const net::Request& req) const;

 private:
  std::string public_url_;
  std::vector<std::string> origins_;
};

// localhost, *.localhost (RFC 6761), 127.0.0.0/8 or [::1], with or without a port.
bool is_loopback_host(std::string_view host_and_port);

}  // namespace mr::api
