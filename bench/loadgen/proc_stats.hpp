#pragma once
// CPU time and resident memory of a process, read from /proc/<pid>/stat and /proc/<pid>/status.
#include <optional>

namespace mr::loadgen {

struct ProcSample {
  double cpu_s = 0;     // user + system
  long rss_kib = 0;     // VmRSS
  long hwm_kib = 0;     // VmHWM, the peak
  double wall_s = 0;    // steady clock when sampled
};

// nullopt when the process is gone or /proc is unreadable. pid 0 means this process.
std::optional<ProcSample> sample_process(int pid);

// Cores used between two samples (1.0 = one core busy all the time).
double cores_between(const ProcSample& a, const ProcSample& b);

// The whole machine's busy and total CPU seconds (from /proc/stat), to see whether the cores
// were shared with anything besides the server and the load generator.
struct MachineSample {
  double busy_s = 0, total_s = 0;
};
std::optional<MachineSample> sample_machine();
// Busy cores between two samples.
double busy_cores_between(const MachineSample& a, const MachineSample& b, double wall_s);

}  // namespace mr::loadgen
