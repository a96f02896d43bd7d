#pragma once
// The HTTPS API and the WebSocket admission (PROTOCOL.md §2, §3): who is asking (cookies),
// whether they may, and the answer. Every request is answered on the blocking-work executor
// (store reads and writes, password hashing, exports), never on the I/O threads; the transport
// takes the answer back to its connection.
//
// Thread-safety: safe from any thread (state is in the store and the registry, both
// thread-safe, and the login throttle, which locks).
#include <boost/asio/any_io_executor.hpp>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "api/live_connections.hpp"
#include "api/login_throttle.hpp"
#include "api/route.hpp"
#include "api/site_names.hpp"
#include "api/static_files.hpp"
#include "api/uploads.hpp"
#include "net/http_handler.hpp"
#include "protocol/act_schemas.hpp"
#include "protocol/server_frames.hpp"
#include "package/confirmation_package.hpp"
#include "record/bundle_writer.hpp"
#include "room/notice.hpp"
#include "room/registry.hpp"
#include "store/blob_store.hpp"
#include "store/store.hpp"

namespace mr::api {

namespace http = boost::beast::http;

struct ApiOptions {
  // The origins that are this server (--origin, and --public-url's); none: loopback names only.
  std::vector<std::string> extra_origins;
  std::string public_url;  // base of invite links; empty: the first origin, or a loopback Host
  protocol::ConnectionLimits connection;
  std::filesystem::path client_dir;
  // The server's public signing keys (RECORD.md §6 keys.json), for clients checking checkpoints.
  std::string public_keys_json;
  // Writes the judicial-confirmation bundle of a room to a file (record/).
  std::function<record::BundleResult(const std::string& room, bool include_private,
                                     const std::filesystem::path& out)>
      export_bundle;
  // Writes the judicial-confirmation package (package/) for the presiding mediator `requester`.
  std::function<package::PackageResult(const std::string& room, const std::string& requester,
                                       const std::filesystem::path& out)>
      export_package;
  // Writes the notarisation package (赋强公证, package/) for the presiding mediator `requester`.
  std::function<package::PackageResult(const std::string& room, const std::string& requester,
                                       const std::filesystem::path& out)>
      export_notarisation;
  std::shared_ptr<const protocol::ActSchemas> acts;  // the act frames' arguments (§6)
  const room::NoticeTemplates* notices = nullptr;    // the notice of rights and duties
  store::BlobStore* blobs = nullptr;                 // documents' bytes (§7)
  Uploads* uploads = nullptr;                        // uploads in progress (§7)
  bool serve_metrics = true;       // GET /metrics here (false: on --metrics-bind instead)
  ConnectionCaps connection_caps;  // WebSockets per participant and per address
};

class Router : public net::HttpHandler {
 public:
  Router(store::Store& store, room::Registry& registry, ApiOptions options,
         boost::asio::any_io_executor blocking);

  void handle(net::Request&& req, const net::Client& client, Respond respond) override;
  void upgrade(net::Request req, const net::Client& client, Admit admit) override;
  // Closes every live connection of a participant with 4001 (their invite was revoked, here or
  // by the CLI through the control socket); answers how many.
  std::size_t end_participant(const std::string& participant);

  // One call of a route: the request, its parameters and the caller as resolved.
  struct Call;

 private:
  using Handler = http::message_generator (Router::*)(Call&);
  struct Route {
    RoutePattern pattern;
    Audience audience;
    Handler handler;
  };
  static const std::vector<Route>& routes();

  http::message_generator answer(net::Request& req, const net::Client& client);
  net::HttpHandler::Admission admit(const net::Request& req, const net::Client& client);
  // Fills in call.mediator / call.participant / call.room for the route's audience; answers
  // the refusal if the caller may not use it.
  std::optional<net::Response> resolve(Call& call, Audience audience);

  http::message_generator healthz(Call& call);
  http::message_generator export_package(Call& call);
  http::message_generator metrics(Call& call);
  http::message_generator keys(Call& call);
  http::message_generator fields(Call& call);
  http::message_generator login(Call& call);
  http::message_generator logout(Call& call);
  http::message_generator join(Call& call);
  http::message_generator me(Call& call);
  http::message_generator create_room(Call& call);
  http::message_generator list_rooms(Call& call);
  http::message_generator show_room(Call& call);
  http::message_generator create_invite(Call& call);
  http::message_generator list_invites(Call& call);
  http::message_generator revoke_invite(Call& call);
  http::message_generator export_room(Call& call);
  http::message_generator room_session(Call& call);
  http::message_generator room_notice(Call& call);
  // router_documents.cpp
  http::message_generator create_upload(Call& call);
  http::message_generator show_upload(Call& call);
  http::message_generator put_upload(Call& call);
  http::message_generator cancel_upload(Call& call);
  http::message_generator list_documents(Call& call);
  http::message_generator get_document(Call& call);
  http::message_generator get_agreement(Call& call);
  // The room of the call (loaded if need be), and a look at its case from this thread.
  std::shared_ptr<room::Room> room_of(Call& call);
  void inspect(room::Room& room, const room::Room::Look& look);

  static net::Response too_many_attempts(const net::Request& req,
                                         GuessThrottle::Clock::duration wait,
                                         std::string_view message);

  store::Store& store_;
  room::Registry& registry_;
  ApiOptions options_;
  boost::asio::any_io_executor blocking_;
  StaticFiles static_files_;
  SiteNames site_;
  LoginThrottle login_throttle_;
  GuessThrottle invite_guesses_{
      {10, std::chrono::seconds(30), std::chrono::minutes(15), std::chrono::hours(1)}};
  // Shared with the connections' "gone" callbacks: a connection the I/O loop still holds when
  // the server stops may outlive the router, and then has no index to leave.
  std::shared_ptr<LiveConnections> live_ =
      std::make_shared<LiveConnections>(options_.connection_caps);
};

}  // namespace mr::api
