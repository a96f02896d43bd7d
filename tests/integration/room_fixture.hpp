#pragma once
// A running server with one mediator, one case room and one invited person per role, each with
// the session cookie a browser would hold.
#include <gtest/gtest.h>

#include <memory>

#include "server_process.hpp"
#include "tls_client.hpp"

namespace mr::test {

struct Person {
  std::string participant;
  std::string cookie;  // "mr_party=..." or "mr_mediator=..."
  std::string invite;
};

class RoomFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  // Extra `serve` options for a test; override to change limits.
  virtual std::vector<std::string> serve_options() const { return {}; }
  // The data directory the server runs on, and its removal; override to put it elsewhere.
  virtual std::filesystem::path make_data_dir(const std::string& name) { return fresh_dir(name); }
  virtual void remove_data_dir();

  std::unique_ptr<WsClient> connect(const Person& who, const std::string& origin = {});
  // Connects and completes hello; returns the client with the replay already consumed.
  std::unique_ptr<WsClient> join(const Person& who, std::vector<json>* replay = nullptr);
  // Stops the server and starts it again on the same data, with `extra` serve options.
  void restart_server(const std::vector<std::string>& extra = {});
  // Kills the server with SIGKILL (a crash: no shutdown runs) and starts it again.
  void crash_and_restart();
  HttpResult api(const std::string& method, const std::string& target, const json& body = nullptr,
                 const std::string& cookie = {}, const std::string& origin = {});
  // The Origin a browser on this server's page sends.
  std::string own_origin() const { return "https://localhost:" + std::to_string(server_->port()); }
  Person invite(const std::string& role, const std::string& side, const std::string& name);
  std::string ws_path() const { return "/r/" + room_ + "/ws"; }

  std::filesystem::path dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<boost::asio::ssl::context> tls_;
  std::string room_;
  Person mediator_, party_a_, party_b_, advisor_, observer_;
};

// The `event` frames among `frames`.
std::vector<json> events_in(const std::vector<json>& frames);

json send_frame(const std::string& id, const std::string& channel, const std::string& text);
// Waits for the event carrying `text` and returns it; throws when none comes in time.
json event_with_text(WsClient& ws, const std::string& text);
// The token of an invitation link (after '#').
std::string token_of(const std::string& link);

}  // namespace mr::test
