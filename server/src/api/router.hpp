#pragma once
// The HTTPS API and the WebSocket admission (PROTOCOL.md §2, §3): who is asking (cookies),
// whether they may, and the answer. Thread-safety: safe from any thread (state is in the
// Catalog and Registry, both thread-safe).
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "api/login_throttle.hpp"
#include "api/static_files.hpp"
#include "net/http_handler.hpp"
#include "protocol/server_frames.hpp"
#include "record/bundle_writer.hpp"
#include "room/registry.hpp"
#include "store/catalog.hpp"

namespace mr::api {

struct ApiOptions {
  std::vector<std::string> extra_origins;  // besides https://<Host>
  std::string public_url;                  // base of invite links; empty: https://<Host>
  protocol::ConnectionLimits connection;
  std::filesystem::path client_dir;
  // Writes the judicial-confirmation bundle of a room to a file (record/).
  // The server's public signing keys (RECORD.md §6 keys.json), for clients checking checkpoints.
  std::string public_keys_json;
  std::function<record::BundleResult(const std::string& room, bool include_private,
                                     const std::filesystem::path& out)>
      export_bundle;
};

class Router : public net::HttpHandler {
 public:
  Router(store::Catalog& catalog, room::Registry& registry, ApiOptions options);

  boost::beast::http::message_generator handle(net::Request&& req) override;
  std::variant<std::shared_ptr<net::PeerHandler>, net::Response> upgrade(
      const net::Request& req) override;

 private:
  struct Caller;  // who is asking, from the session cookies
  Caller caller(const net::Request& req, std::string_view room = {});

  static std::variant<nlohmann::json, net::Response> body_of(
      const net::Request& req, std::initializer_list<std::string_view> allowed);
  net::Response login(const net::Request& req);
  net::Response logout(const net::Request& req);
  net::Response join(const net::Request& req);
  net::Response create_room(const net::Request& req, const store::Mediator& me);
  net::Response list_rooms(const net::Request& req, const store::Mediator& me);
  net::Response show_room(const net::Request& req, const store::RoomRow& room);
  net::Response create_invite(const net::Request& req, const store::RoomRow& room);
  net::Response list_invites(const net::Request& req, const store::RoomRow& room);
  net::Response revoke_invite(const net::Request& req, const store::RoomRow& room,
                              const std::string& invite);
  boost::beast::http::message_generator export_room(const net::Request& req,
                                                    const store::RoomRow& room);
  std::string link_base(const net::Request& req) const;

  store::Catalog& catalog_;
  room::Registry& registry_;
  ApiOptions options_;
  StaticFiles static_files_;
  LoginThrottle login_throttle_;
};

}  // namespace mr::api
