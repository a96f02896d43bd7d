#pragma once
// Prepares the rooms a run needs through the server's HTTP API, as a mediator would: log in,
// create each room, invite each participant, and redeem each invite for its mr_party cookie.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <string>
#include <vector>

#include "options.hpp"

namespace mr::loadgen {

struct MemberPlan {
  std::string participant;  // id from the invite
  std::string cookie;       // "mr_party=<token>"
  bool sender = true;       // parties send; observers only read
};

struct RoomPlan {
  std::string id;
  std::vector<MemberPlan> members;
};

// Logs in and returns the Cookie header value "mr_mediator=<token>". Throws std::runtime_error
// with the server's answer when login fails.
std::string login_mediator(const Options& options, boost::asio::ssl::context& tls,
                           const boost::asio::ip::tcp::endpoint& server);

// Creates options.rooms rooms of options.participants members, using options.setup_concurrency
// HTTPS connections on options.threads threads. Throws std::runtime_error on the first failure.
std::vector<RoomPlan> create_rooms(const Options& options, boost::asio::ssl::context& tls,
                                   const boost::asio::ip::tcp::endpoint& server,
                                   const std::string& mediator_cookie);

}  // namespace mr::loadgen
