#include "net/fail.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/websocket/error.hpp>
#include <spdlog/spdlog.h>

namespace mr::net {

bool routine(boost::beast::error_code ec) {
  namespace asio = boost::asio;
  return ec == asio::error::operation_aborted || ec == boost::beast::websocket::error::closed ||
         ec == asio::ssl::error::stream_truncated || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == boost::beast::http::error::end_of_stream;
}

void fail(boost::beast::error_code ec, std::string_view what, std::string_view who) {
  if (routine(ec)) return;
  spdlog::info("{} {}: {}", what, who, ec.message());
}

}  // namespace mr::net
