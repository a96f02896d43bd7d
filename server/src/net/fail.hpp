#pragma once
// One place to log a failed network operation, ignoring the routine ones: a cancelled operation,
// a closed WebSocket, and the TLS "stream truncated" of a peer that hangs up without close_notify.
#include <boost/beast/core/error.hpp>
#include <string_view>

namespace mr::net {

bool routine(boost::beast::error_code ec);
void fail(boost::beast::error_code ec, std::string_view what, std::string_view who = {});

}  // namespace mr::net
