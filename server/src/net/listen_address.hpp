#pragma once
// Where an extra listener listens: `127.0.0.1:8080`, `[::1]:8080` (IPv6 in brackets) or
// `unix:/run/x/http.sock`.
// Pure.
#include <boost/asio/ip/tcp.hpp>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace mr::net {

struct ListenAddress {
  std::variant<boost::asio::ip::tcp::endpoint, std::filesystem::path> where;

  bool is_unix() const { return std::holds_alternative<std::filesystem::path>(where); }
  // A Unix socket or a loopback address: reachable only from this machine.
  bool local() const;
  std::string text() const;
};

// nullopt if `text` is neither an IP address with a port nor `unix:` and an absolute path.
std::optional<ListenAddress> parse_listen_address(std::string_view text);

}  // namespace mr::net
