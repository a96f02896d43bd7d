#include "net/listen_address.hpp"

#include <charconv>

namespace mr::net {

bool ListenAddress::local() const {
  if (is_unix()) return true;
  return std::get<boost::asio::ip::tcp::endpoint>(where).address().is_loopback();
}

std::string ListenAddress::text() const {
  if (is_unix()) return "unix:" + std::get<std::filesystem::path>(where).string();
  const auto& e = std::get<boost::asio::ip::tcp::endpoint>(where);
  const auto host =
      e.address().is_v6() ? "[" + e.address().to_string() + "]" : e.address().to_string();
  return host + ":" + std::to_string(e.port());
}

std::optional<ListenAddress> parse_listen_address(std::string_view text) {
  if (text.starts_with("unix:")) {
    std::filesystem::path path(text.substr(5));
    if (!path.is_absolute()) return std::nullopt;
    return ListenAddress{path};
  }
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto host = text.substr(0, colon);
  auto port_text = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  else if (host.find(':') != std::string_view::npos)
    return std::nullopt;  // an IPv6 address without brackets: where would its port start?
  unsigned port = 0;
  auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (error != std::errc() || end != port_text.data() + port_text.size() || port > 65535)
    return std::nullopt;
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(std::string(host), ec);
  if (ec) return std::nullopt;
  return ListenAddress{boost::asio::ip::tcp::endpoint(address, static_cast<unsigned short>(port))};
}

}  // namespace mr::net
