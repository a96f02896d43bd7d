#include "cli/service_manager.hpp"

#include <systemd/sd-daemon.h>
#include <time.h>

#include <string>

namespace mr::cli {
namespace {

std::uint64_t monotonic_usec() {
  timespec t{};
  clock_gettime(CLOCK_MONOTONIC, &t);
  return std::uint64_t(t.tv_sec) * 1000000 + std::uint64_t(t.tv_nsec) / 1000;
}

void watchdog_ping(boost::asio::steady_timer& timer, std::chrono::microseconds every) {
  timer.expires_after(every);
  timer.async_wait([&timer, every](boost::system::error_code ec) {
    if (ec) return;
    sd_notify(0, "WATCHDOG=1");
    watchdog_ping(timer, every);
  });
}

}  // namespace

void notify_ready(std::string_view status) {
  sd_notify(0, ("READY=1\nSTATUS=" + std::string(status)).c_str());
}

void notify_reloading() {
  // MONOTONIC_USEC lets a systemd of Type=notify-reload (253 and later) match the reload up.
  sd_notify(0, ("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(monotonic_usec())).c_str());
}

void notify_stopping() { sd_notify(0, "STOPPING=1\nSTATUS=stopping: closing connections"); }

void start_watchdog(boost::asio::steady_timer& timer) {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0)
    watchdog_ping(timer, std::chrono::microseconds(usec / 2));
}

}  // namespace mr::cli
