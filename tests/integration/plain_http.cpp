#include "plain_http.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/beast/http.hpp>
#include <sstream>

namespace mr::test {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;

template <class Socket>
HttpResult exchange(Socket& socket, const std::string& method, const std::string& target,
                    const std::map<std::string, std::string>& headers, const std::string& body) {
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "localhost");
  for (const auto& [name, value] : headers) req.set(name, value);
  req.body() = body;
  req.prepare_payload();
  http::write(socket, req);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(socket, buffer, res);
  return result_of(res);
}

}  // namespace

HttpResult plain_http(const PlainTarget& to, const std::string& method, const std::string& target,
                      const std::map<std::string, std::string>& headers, const std::string& body) {
  asio::io_context ioc;
  if (!to.socket.empty()) {
    asio::local::stream_protocol::socket socket(ioc);
    socket.connect({to.socket.string()});
    return exchange(socket, method, target, headers, body);
  }
  asio::ip::tcp::socket socket(ioc);
  if (!to.source.empty()) {
    socket.open(asio::ip::tcp::v4());
    socket.bind({asio::ip::make_address(to.source), 0});
  }
  socket.connect({asio::ip::make_address("127.0.0.1"), to.port});
  return exchange(socket, method, target, headers, body);
}

double sample(const std::string& exposition, const std::string& name,
              const std::map<std::string, std::string>& labels) {
  std::istringstream lines(exposition);
  for (std::string line; std::getline(lines, line);) {
    const auto end = line.find_first_of("{ ");
    if (line.starts_with("#") || end == std::string::npos || line.substr(0, end) != name) continue;
    const auto value_at = line.rfind(' ');
    const auto series = line.substr(0, value_at);
    bool all = true;
    for (const auto& [label, value] : labels)
      all = all && series.find(label + "=\"" + value + "\"") != std::string::npos;
    if (all) return std::stod(line.substr(value_at + 1));
  }
  return -1;
}

}  // namespace mr::test
