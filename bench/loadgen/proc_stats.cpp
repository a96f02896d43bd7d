#include "proc_stats.hpp"

#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

namespace mr::loadgen {
namespace {

std::string proc_path(int pid, const char* file) {
  return "/proc/" + (pid == 0 ? std::string("self") : std::to_string(pid)) + "/" + file;
}

}  // namespace

std::optional<ProcSample> sample_process(int pid) {
  ProcSample s;
  s.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
                 .count();
  std::ifstream stat(proc_path(pid, "stat"));
  std::string line;
  if (!std::getline(stat, line)) return std::nullopt;
  // The command name may hold spaces and parentheses; the fields we want follow the last ')'.
  const auto close = line.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(line.substr(close + 2));
  std::string field;
  unsigned long utime = 0, stime = 0;
  // After ')': state is field 3; utime and stime are fields 14 and 15.
  for (int n = 3; n <= 15 && fields >> field; ++n) {
    if (n == 14) utime = std::stoul(field);
    if (n == 15) stime = std::stoul(field);
  }
  s.cpu_s = double(utime + stime) / double(sysconf(_SC_CLK_TCK));

  std::ifstream status(proc_path(pid, "status"));
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) s.rss_kib = std::stol(line.substr(6));
    if (line.rfind("VmHWM:", 0) == 0) s.hwm_kib = std::stol(line.substr(6));
  }
  return s;
}

std::optional<MachineSample> sample_machine() {
  std::ifstream stat("/proc/stat");
  std::string cpu;
  // user nice system idle iowait irq softirq steal
  double v[8] = {};
  if (!(stat >> cpu) || cpu != "cpu") return std::nullopt;
  for (double& x : v)
    if (!(stat >> x)) return std::nullopt;
  const double tick = double(sysconf(_SC_CLK_TCK));
  MachineSample m;
  m.total_s = (v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6] + v[7]) / tick;
  m.busy_s = m.total_s - (v[3] + v[4]) / tick;
  return m;
}

double busy_cores_between(const MachineSample& a, const MachineSample& b, double wall_s) {
  return wall_s > 0 ? (b.busy_s - a.busy_s) / wall_s : 0;
}

double cores_between(const ProcSample& a, const ProcSample& b) {
  const double wall = b.wall_s - a.wall_s;
  return wall > 0 ? (b.cpu_s - a.cpu_s) / wall : 0;
}

}  // namespace mr::loadgen
