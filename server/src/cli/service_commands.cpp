#include "cli/service_commands.hpp"

#include <iostream>
#include <nlohmann/json.hpp>

#include "backup/data_backup.hpp"
#include "control/control_socket.hpp"

namespace mr::cli {
namespace {

using json = nlohmann::json;

void add_reload(CLI::App& app) {
  static std::string data = "data";
  static bool as_json = false;
  auto* cmd = app.add_subcommand(
      "reload",
      "make the running server load its certificate and key files again (after a renewal); "
      "open connections stay. The same as SIGHUP, but says whether the new pair was taken");
  cmd->add_option("--data", data, "the server's data directory")->capture_default_str();
  cmd->add_flag("--json", as_json, "print the result as JSON");
  cmd->callback([] {
    auto answer = control::ask(data, {{"command", "reload"}});
    const bool ok = answer.value("ok", false);
    const auto message = answer.value("message", "");
    if (as_json)
      std::cout << answer.dump() << "\n";
    else if (ok)
      std::cout << "reloaded: " << message << "\n";
    else
      std::cerr << "error: " << message << "\n";
    if (!ok) throw CLI::RuntimeError(1);
  });
}

void add_backup(CLI::App& app) {
  static std::string data = "data", out;
  auto* cmd = app.add_subcommand(
      "backup",
      "write a consistent copy of the data directory (store, keys, documents) to one file; the "
      "server may be running");
  cmd->add_option("--data", data, "the server's data directory")->capture_default_str();
  cmd->add_option("--out", out, "the backup file to write (a zip, owner-only)")->required();
  cmd->callback([] {
    auto done = backup::make_backup(data, out);
    if (!done.error.empty()) {
      std::cerr << "error: " << done.error << "\n";
      throw CLI::RuntimeError(1);
    }
    std::cout << "backed up " << done.files << " files (" << done.bytes << " bytes) to " << out
              << "\n";
  });
}

void add_restore(CLI::App& app) {
  static std::string from, data;
  auto* cmd = app.add_subcommand(
      "restore",
      "put a backup into a new data directory; every room starts a new epoch, so clients reload");
  cmd->add_option("--from", from, "the backup file")->required();
  cmd->add_option("--data", data, "the data directory to create (new or empty)")->required();
  cmd->callback([] {
    auto done = backup::restore_backup(from, data);
    if (!done.error.empty()) {
      std::cerr << "error: " << done.error << "\n";
      throw CLI::RuntimeError(1);
    }
    std::cout << "restored " << done.files << " files into " << data << "\n";
  });
}

}  // namespace

void add_service_commands(CLI::App& app) {
  add_reload(app);
  add_backup(app);
  add_restore(app);
}

}  // namespace mr::cli
