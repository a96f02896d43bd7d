#include "net/trusted_proxies.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace mr::net {

namespace ip = boost::asio::ip;

namespace {

// A v4 client seen through a dual-stack socket arrives as ::ffff:a.b.c.d.
ip::address plain(const ip::address& a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, a.to_v6());
  return a;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

// One hop's node: `192.0.2.1`, `192.0.2.1:4711`, `[2001:db8::1]`, `[2001:db8::1]:4711`, a bare
// IPv6 address (X-Forwarded-For), possibly quoted. nullopt for `unknown`, an obfuscated name or
// anything else that is not an address.
std::optional<ip::address> node_address(std::string_view node) {
  node = trim(node);
  if (node.size() >= 2 && node.front() == '"' && node.back() == '"')
    node = node.substr(1, node.size() - 2);
  if (!node.empty() && node.front() == '[') {
    auto close = node.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    node = node.substr(1, close - 1);
  } else if (std::count(node.begin(), node.end(), ':') == 1) {
    node = node.substr(0, node.find(':'));
  }
  boost::system::error_code ec;
  auto a = ip::make_address(std::string(node), ec);
  if (ec) return std::nullopt;
  return plain(a);
}

// Splits every value of header `field` at commas: the hops, nearest the client first.
std::vector<std::string_view> hops(const Request& request, std::string_view field) {
  std::vector<std::string_view> out;
  for (auto it = request.find(field); it != request.end() && iequals(it->name_string(), field);
       ++it) {
    std::string_view value = it->value();
    for (std::size_t start = 0; start <= value.size();) {
      auto comma = std::min(value.find(',', start), value.size());
      if (auto hop = trim(value.substr(start, comma - start)); !hop.empty()) out.push_back(hop);
      start = comma + 1;
    }
  }
  return out;
}

// The `for=` node of one Forwarded element (`for=192.0.2.60;proto=https;by=203.0.113.43`).
std::string_view forwarded_for(std::string_view element) {
  for (std::size_t start = 0; start <= element.size();) {
    auto semicolon = std::min(element.find(';', start), element.size());
    auto pair = trim(element.substr(start, semicolon - start));
    if (pair.size() > 4 && iequals(pair.substr(0, 4), "for=")) return pair.substr(4);
    start = semicolon + 1;
  }
  return {};
}

}  // namespace

bool Cidr::contains(const ip::address& a) const {
  const auto candidate = plain(a);
  if (candidate.is_v4() != network.is_v4()) return false;
  auto compare = [this](const auto& x, const auto& y) {
    for (unsigned bit = 0; bit < prefix; ++bit) {
      const auto mask = static_cast<unsigned char>(0x80 >> (bit % 8));
      if ((x[bit / 8] & mask) != (y[bit / 8] & mask)) return false;
    }
    return true;
  };
  if (candidate.is_v4()) return compare(candidate.to_v4().to_bytes(), network.to_v4().to_bytes());
  return compare(candidate.to_v6().to_bytes(), network.to_v6().to_bytes());
}

std::optional<Cidr> parse_cidr(std::string_view text) {
  auto slash = text.find('/');
  boost::system::error_code ec;
  auto network = ip::make_address(std::string(text.substr(0, slash)), ec);
  if (ec) return std::nullopt;
  network = plain(network);
  const unsigned bits = network.is_v4() ? 32 : 128;
  unsigned prefix = bits;
  if (slash != std::string_view::npos) {
    auto digits = text.substr(slash + 1);
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (error != std::errc() || end != digits.data() + digits.size() || digits.empty() ||
        prefix > bits)
      return std::nullopt;
  }
  return Cidr{network, prefix};
}

bool TrustedProxies::trusts(const ip::address& a) const {
  return std::any_of(networks_.begin(), networks_.end(),
                     [&](const Cidr& c) { return c.contains(a); });
}

std::string TrustedProxies::client_address(const std::optional<ip::address>& peer,
                                           const Request& request) const {
  if (peer && !trusts(*peer)) return plain(*peer).to_string();
  std::vector<std::string_view> nodes;
  for (auto element : hops(request, "Forwarded"))
    if (auto node = forwarded_for(element); !node.empty()) nodes.push_back(node);
  if (nodes.empty()) nodes = hops(request, "X-Forwarded-For");
  // From the hop nearest to us outwards: the first that is not a trusted proxy is the client.
  // A hop that names no address ends the walk at the last proxy that did.
  std::string client = peer ? plain(*peer).to_string() : "unix";
  for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) {
    auto a = node_address(*it);
    if (!a) break;
    client = a->to_string();
    if (!trusts(*a)) break;
  }
  return client;
}

}  // namespace mr::net
