#pragma once
// Runs the real `mediation-room` binary for a test: a fresh data directory, a free loopback port
// (the server binds port 0 and reports the one it got), and its log kept for failures.
#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace mr::test {

class ServerProcess {
 public:
  // Starts `serve` on `data_dir` (created if needed) with `extra` arguments and waits until it
  // reports it is listening. Throws if it does not within 30 s.
  explicit ServerProcess(std::filesystem::path data_dir, std::vector<std::string> extra = {});
  ~ServerProcess();  // stops the server

  unsigned short port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::filesystem::path& data_dir() const { return data_dir_; }
  // Sends SIGTERM and waits for the process to exit; returns its exit status.
  int stop();
  // Sends SIGKILL, as a crash would end it (no shutdown code runs; what the process wrote stays
  // in the kernel, so this does not stand for a power cut), and waits for the process to go.
  void crash();
  // Everything the server wrote (also kept in server.log, unless its disk is full).
  std::string log() const;
  // What the server wrote up to the line naming its port (where it says what else it serves).
  const std::string& startup_log() const { return startup_log_; }
  // Waits until the log holds `line` at least `times` times; false if it does not in time. For
  // what the server does without telling any client.
  bool wait_for_log(const std::string& line, int times, std::chrono::milliseconds timeout);

 private:
  int wait_exit();  // reaps the process; its exit status

  std::filesystem::path data_dir_;
  std::filesystem::path log_path_;
  pid_t pid_ = -1;
  unsigned short port_ = 0;
  std::string startup_log_;  // what the server wrote until it named its port
  mutable std::mutex log_mutex_;
  std::condition_variable log_grew_;
  std::string log_text_;  // what the server wrote after it started, guarded by log_mutex_
  std::thread log_copier_;
};

struct CliResult {
  int status = 0;      // the exit status
  std::string output;  // standard output and standard error, interleaved
};

// Runs the binary with `args` to completion.
CliResult run_cli_status(const std::vector<std::string>& args);
// The same, returning the output; throws on a non-zero exit.
std::string run_cli(const std::vector<std::string>& args);

// A fresh directory under the system temp directory, removed by the caller.
std::filesystem::path fresh_dir(const std::string& name);

}  // namespace mr::test
