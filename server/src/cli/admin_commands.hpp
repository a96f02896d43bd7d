#pragma once
// The administrative subcommands (mediator, room, invite). They open the data directory's
// database directly, so they work while the server runs. Each prints a short human line, or
// JSON with --json.
#include <CLI/CLI.hpp>

namespace mr::cli {

void add_admin_commands(CLI::App& app);

}  // namespace mr::cli
