#pragma once
// The local control channel through which CLI commands reach the running server (today
// `mediation-room reload`; room and invite commands may use it to act on live connections). One
// Unix stream socket in the data directory, owner-only (0600), so only the service's user and
// root can use it. One request per connection: a JSON object on one line with a "command"
// member; one JSON answer line, {"ok": bool, "message": text, ...}.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace mr::control {

// <data_dir>/control.sock
std::filesystem::path socket_path(const std::filesystem::path& data_dir);

// The server side. Thread-safety: run and stop from any thread; commands run on `work` (they may
// block), one at a time per connection.
class ControlServer : public std::enable_shared_from_this<ControlServer> {
 public:
  // Answers the request; may block.
  using Command = std::function<nlohmann::json(const nlohmann::json& request)>;

  // Binds at once. Throws std::runtime_error if another server already answers on the socket (two
  // servers on one data directory), or if the socket cannot be made.
  ControlServer(boost::asio::io_context& ioc, std::filesystem::path path,
                std::map<std::string, Command> commands, boost::asio::any_io_executor work);
  void run();
  void stop();  // closes the socket and removes its file

 private:
  class Connection;
  void do_accept();

  boost::asio::local::stream_protocol::acceptor acceptor_;
  std::filesystem::path path_;
  std::map<std::string, Command> commands_;
  boost::asio::any_io_executor work_;
};

// The client side: sends `request` to the server of `data_dir` and returns its answer, or
// {"ok": false, "message": why} when no server answers within `timeout`.
nlohmann::json ask(const std::filesystem::path& data_dir, const nlohmann::json& request,
                   std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace mr::control
