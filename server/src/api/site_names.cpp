#include "api/site_names.hpp"

#include <boost/asio/ip/address.hpp>

namespace mr::api {

namespace http = boost::beast::http;

bool is_loopback_host(std::string_view host) {
  if (host.starts_with('[')) {  // [v6]:port
    auto end = host.find(']');
    if (end == std::string_view::npos) return false;
    host = host.substr(1, end - 1);
  } else if (auto colon = host.rfind(':'); colon != std::string_view::npos) {
    host = host.substr(0, colon);
  }
  if (host.empty()) return false;
  std::string name(host);
  for (auto& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
  if (name == "localhost" || name.ends_with(".localhost")) return true;
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(name, ec);
  return !ec && address.is_loopback();
}

SiteNames::SiteNames(std::string public_url, std::vector<std::string> origins)
    : public_url_(std::move(public_url)), origins_(std::move(origins)) {
  while (public_url_.ends_with('/')) public_url_.pop_back();
}

bool SiteNames::origin_allowed(const net::Request& req) const {
  auto origin = req.find(http::field::origin);
  if (origin == req.end()) return true;
  if (configured()) {
    for (const auto& allowed : origins_)
      if (origin->value() == allowed) return true;
    return false;
  }
  auto host = req.find(http::field::host);
  return host != req.end() && is_loopback_host(host->value()) &&
         origin->value() == "https://" + std::string(host->value());
}

std::optional<std::string> SiteNames::link_base(const net::Request& req) const {
  if (!public_url_.empty()) return public_url_;
  if (configured()) return origins_.front();
  auto host = req.find(http::field::host);
  if (host == req.end() || !is_loopback_host(host->value())) return std::nullopt;
  return "https://" + std::string(host->value());
}

}  // namespace mr::api
