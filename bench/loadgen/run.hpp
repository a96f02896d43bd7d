#pragma once
// One load-generator run from setup to verdict: create rooms, connect everyone, drive the chosen
// load (rate, window, idle hold, resume storm), drain, verify and collect the figures.
#include "options.hpp"
#include "report.hpp"

namespace mr::loadgen {

// Throws std::runtime_error when setup fails (login refused, server unreachable…).
RunReport run(const Options& options);

}  // namespace mr::loadgen
