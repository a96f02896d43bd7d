#include "server_process.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "crypto/random.hpp"

namespace mr::test {
namespace {

pid_t spawn(const std::vector<std::string>& args, int stdout_fd) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(stdout_fd, STDOUT_FILENO);
    dup2(stdout_fd, STDERR_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

}  // namespace

std::filesystem::path fresh_dir(const std::string& name) {
  auto dir =
      std::filesystem::temp_directory_path() / ("mr-test-" + name + "-" + crypto::random_hex(4));
  std::filesystem::create_directories(dir);
  // Owner-only, as the store wants a data directory (it would otherwise say so on stderr).
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all);
  return dir;
}

ServerProcess::ServerProcess(std::filesystem::path data_dir, std::vector<std::string> extra)
    : data_dir_(std::move(data_dir)), log_path_(data_dir_ / "server.log") {
  std::vector<std::string> args = {SERVER_BINARY, "serve", "--bind", "127.0.0.1",
                                   "--port",      "0",     "--data", data_dir_.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  pid_ = spawn(args, fds[1]);
  close(fds[1]);

  // Read the server's output until it names its port; then keep copying it to the log file so
  // the server never blocks on a full pipe.
  std::string seen;
  std::regex serving(R"(serving https://127\.0\.0\.1:(\d+))");
  std::smatch match;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!std::regex_search(seen, match, serving)) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd p{fds[0], POLLIN, 0};
    if (left.count() <= 0 || poll(&p, 1, int(left.count())) <= 0)
      throw std::runtime_error("server did not start: " + seen);
    std::array<char, 4096> buf;
    auto n = read(fds[0], buf.data(), buf.size());
    if (n <= 0) throw std::runtime_error("server exited: " + seen);
    seen.append(buf.data(), std::size_t(n));
  }
  port_ = static_cast<unsigned short>(std::stoi(match[1]));
  startup_log_ = seen;
  log_copier_ = std::thread([this, fd = fds[0], seen] {
    std::ofstream log(log_path_, std::ios::app);
    log << seen;
    std::array<char, 4096> buf;
    ssize_t n;
    while ((n = read(fd, buf.data(), buf.size())) > 0) {
      log.write(buf.data(), n).flush();
      std::lock_guard lock(log_mutex_);
      log_text_.append(buf.data(), std::size_t(n));
      log_grew_.notify_all();
    }
    close(fd);
  });
}

int ServerProcess::stop() {
  if (pid_ <= 0) return 0;
  kill(pid_, SIGTERM);
  return wait_exit();
}

void ServerProcess::crash() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  wait_exit();
}

int ServerProcess::wait_exit() {
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  if (log_copier_.joinable()) log_copier_.join();
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

ServerProcess::~ServerProcess() { stop(); }

std::string ServerProcess::log() const {
  std::ifstream in(log_path_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

CliResult run_cli_status(const std::vector<std::string>& args) {
  std::vector<std::string> full = {SERVER_BINARY};
  full.insert(full.end(), args.begin(), args.end());
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  pid_t pid = spawn(full, fds[1]);
  close(fds[1]);
  std::string out;
  std::array<char, 4096> buf;
  ssize_t n;
  while ((n = read(fds[0], buf.data(), buf.size())) > 0) out.append(buf.data(), std::size_t(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), out};
}

bool ServerProcess::wait_for_log(const std::string& line, int times,
                                 std::chrono::milliseconds timeout) {
  auto count = [&] {
    int n = 0;
    for (auto at = log_text_.find(line); at != std::string::npos; at = log_text_.find(line, at + 1))
      ++n;
    return n;
  };
  std::unique_lock lock(log_mutex_);
  return log_grew_.wait_for(lock, timeout, [&] { return count() >= times; });
}

std::string run_cli(const std::vector<std::string>& args) {
  auto result = run_cli_status(args);
  if (result.status != 0)
    throw std::runtime_error("command failed: " + args[0] + ": " + result.output);
  return result.output;
}

}  // namespace mr::test
