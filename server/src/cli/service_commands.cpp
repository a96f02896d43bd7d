#include "cli/service_commands.hpp"

#include <iostream>
#include <nlohmann/json.hpp>

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

}  // namespace

void add_service_commands(CLI::App& app) { add_reload(app); }

}  // namespace mr::cli
