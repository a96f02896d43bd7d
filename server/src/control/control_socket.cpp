#include "control/control_socket.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <stdexcept>

namespace mr::control {

namespace asio = boost::asio;
using Local = asio::local::stream_protocol;
using json = nlohmann::json;

namespace {
constexpr std::size_t kMaxRequest = 64 * 1024;
constexpr auto kRequestTimeout = std::chrono::seconds(10);

json refusal(std::string message) { return {{"ok", false}, {"message", std::move(message)}}; }

// Whether a server answers on `path` (connecting is enough: a stale file refuses).
bool answers(const std::filesystem::path& path) {
  asio::io_context ioc;
  Local::socket probe(ioc);
  boost::system::error_code ec;
  probe.connect(Local::endpoint(path.string()), ec);
  return !ec;
}
}  // namespace

std::filesystem::path socket_path(const std::filesystem::path& data_dir) {
  return data_dir / "control.sock";
}

// One request and its answer.
class ControlServer::Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Local::socket socket, std::shared_ptr<ControlServer> server)
      : socket_(std::move(socket)), server_(std::move(server)), deadline_(socket_.get_executor()) {}

  void run() {
    deadline_.expires_after(kRequestTimeout);
    deadline_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->socket_.close(ec);
    });
    asio::async_read_until(socket_, asio::dynamic_buffer(request_, kMaxRequest), '\n',
                           [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                             self->on_request(ec);
                           });
  }

 private:
  void on_request(boost::system::error_code ec) {
    if (ec) return;  // closed, timed out or over the limit: nothing to answer
    auto request = json::parse(request_, nullptr, false);
    auto command = request.is_object() ? request.value("command", "") : "";
    auto it = server_->commands_.find(command);
    if (it == server_->commands_.end()) return answer(refusal("unknown command '" + command + "'"));
    asio::post(server_->work_, [self = shared_from_this(), &run = it->second, request] {
      json result;
      try {
        result = run(request);
      } catch (const std::exception& e) {
        result = refusal(e.what());
      }
      asio::post(self->socket_.get_executor(),
                 [self, result = std::move(result)] { self->answer(result); });
    });
  }

  void answer(const json& result) {
    answer_ = result.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    asio::async_write(socket_, asio::buffer(answer_),
                      [self = shared_from_this()](boost::system::error_code, std::size_t) {
                        boost::system::error_code ignored;
                        self->deadline_.cancel();
                        self->socket_.close(ignored);
                      });
  }

  Local::socket socket_;
  std::shared_ptr<ControlServer> server_;
  asio::steady_timer deadline_;
  std::string request_, answer_;
};

ControlServer::ControlServer(asio::io_context& ioc, std::filesystem::path path,
                             std::map<std::string, Command> commands, asio::any_io_executor work)
    : acceptor_(asio::make_strand(ioc)),
      path_(std::move(path)),
      commands_(std::move(commands)),
      work_(std::move(work)) {
  if (std::filesystem::exists(path_)) {
    if (answers(path_))
      throw std::runtime_error("another server is already running on this data directory (" +
                               path_.string() + " answers)");
    std::filesystem::remove(path_);
  }
  try {
    acceptor_.open();
    acceptor_.bind(Local::endpoint(path_.string()));
    ::chmod(path_.c_str(), 0600);
    acceptor_.listen();
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot make the control socket " + path_.string() + ": " + e.what());
  }
}

void ControlServer::run() { do_accept(); }

void ControlServer::stop() {
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
    std::filesystem::remove(self->path_, ignored);
  });
}

void ControlServer::do_accept() {
  acceptor_.async_accept(
      [self = shared_from_this()](boost::system::error_code ec, Local::socket socket) {
        if (ec == asio::error::operation_aborted) return;
        if (!ec) std::make_shared<Connection>(std::move(socket), self)->run();
        self->do_accept();
      });
}

json ask(const std::filesystem::path& data_dir, const json& request,
         std::chrono::milliseconds timeout) {
  const auto path = socket_path(data_dir);
  asio::io_context ioc;
  Local::socket socket(ioc);
  const std::string line = request.dump() + "\n";
  std::string reply;
  std::string failure;
  socket.async_connect(Local::endpoint(path.string()), [&](boost::system::error_code ec) {
    if (ec) {
      failure = "no server is running on " + data_dir.string() + " (" + path.string() + ": " +
                ec.message() + ")";
      return;
    }
    asio::async_write(socket, asio::buffer(line), [&](boost::system::error_code ec, std::size_t) {
      if (ec) return void(failure = "the server did not take the request: " + ec.message());
      asio::async_read_until(socket, asio::dynamic_buffer(reply, kMaxRequest), '\n',
                             [&](boost::system::error_code ec, std::size_t) {
                               if (ec) failure = "the server did not answer: " + ec.message();
                             });
    });
  });
  ioc.run_for(timeout);
  if (!failure.empty()) return refusal(failure);
  auto answer = json::parse(reply, nullptr, false);
  if (!answer.is_object()) return refusal("the server did not answer in time");
  return answer;
}

}  // namespace mr::control
