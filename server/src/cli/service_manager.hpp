#pragma once
// Telling systemd how the service is doing (sd_notify): READY=1 once the store is open and the
// ports listen (Type=notify), RELOADING=1 around a certificate reload, STOPPING=1, STATUS= lines,
// and watchdog pings while the event loop runs. Without a service manager (NOTIFY_SOCKET unset)
// every call does nothing.
// Thread-safety: any thread.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <string_view>

namespace mr::cli {

void notify_ready(std::string_view status);
void notify_reloading();
void notify_stopping();

// If the unit asks for a watchdog (WatchdogSec=), pings it from `timer`'s loop at half the
// interval, so a loop that stops answering gets the service restarted.
void start_watchdog(boost::asio::steady_timer& timer);

}  // namespace mr::cli
