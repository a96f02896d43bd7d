#pragma once
// The operator's commands around a running service: `reload` (the certificate, through the
// control socket), `backup` (a consistent copy of the data directory while the server runs) and
// `restore` (a backup into a new data directory).
#include <CLI/CLI.hpp>

namespace mr::cli {

void add_service_commands(CLI::App& app);

}  // namespace mr::cli
