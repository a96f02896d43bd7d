#pragma once
// The record subcommands: `keys` (list or rotate the server's signing keys), `export` (write a
// room's judicial-confirmation bundle) and `verify` (check a bundle offline).
#include <CLI/CLI.hpp>

namespace mr::cli {

void add_record_commands(CLI::App& app);

}  // namespace mr::cli
