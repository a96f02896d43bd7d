#include "run.hpp"

#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <functional>
#include <iostream>
#include <memory>
#include <thread>

#include "setup.hpp"
#include "worker.hpp"

namespace mr::loadgen {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

class Runner {
 public:
  explicit Runner(const Options& o) : o_(o), tls_(asio::ssl::context::tls_client) {
    // Loopback only, against a self-signed certificate: there is nothing to verify.
    tls_.set_verify_mode(asio::ssl::verify_none);
    tls_.set_options(asio::ssl::context::no_sslv2 | asio::ssl::context::no_sslv3 |
                     asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
    server_ = {asio::ip::make_address(o.host), o.port};
    report_.options = o;
  }

  RunReport go() {
    const auto cookie = login_mediator(o_, tls_, server_);
    auto t = Clock::now();
    const auto rooms = create_rooms(o_, tls_, server_, cookie);
    report_.setup_s = seconds_since(t);
    say("setup: " + std::to_string(rooms.size()) + " rooms in " + fmt(report_.setup_s) + " s");

    make_workers(rooms);
    const auto server_before = sample(o_.server_pid.value_or(-1));
    const auto self_before = sample_process(0);
    report_.server_rss_before_kib = server_before ? server_before->rss_kib : 0;
    report_.self_rss_before_kib = self_before ? self_before->rss_kib : 0;

    t = Clock::now();
    for (auto& w : workers_) w->connect_all();
    wait_until("connect", 180s, [&] {
      return sum(&Progress::caught_up) + sum(&Progress::failed) >= report_.participants;
    });
    report_.connected = sum(&Progress::caught_up);
    report_.connect_s = seconds_since(t);
    say("connected " + std::to_string(report_.connected) + "/" +
        std::to_string(report_.participants) + " in " + fmt(report_.connect_s) + " s");

    if (o_.mode == Mode::idle)
      hold_idle();
    else
      load();

    for (auto& w : workers_) w->close_all();
    wait_until("close", 15s, [&] {
      return sum(&Progress::closed) >= report_.participants;
    });
    for (auto& w : workers_) w->stop();
    for (auto& w : workers_) {
      report_.totals.merge(w->counters());
      w->verify(report_.expected, report_.missing);
    }
    return std::move(report_);
  }

 private:
  void make_workers(const std::vector<RoomPlan>& rooms) {
    RunConfig config;
    config.server = server_;
    config.host = o_.host + ":" + std::to_string(o_.port);
    config.text_bytes = o_.text_bytes;
    config.tls_resume = o_.tls_resume;
    config.slot_limit = std::max(1, o_.connect_concurrency / o_.threads);
    for (const auto& r : rooms) config.total_participants += std::uint32_t(r.members.size());
    for (int i = 0; i < o_.threads; ++i)
      workers_.push_back(std::make_unique<Worker>(config, tls_, window_));
    std::uint32_t global = 0;
    for (std::size_t i = 0; i < rooms.size(); ++i) {
      workers_[i % workers_.size()]->add_room(rooms[i], global);
      global += std::uint32_t(rooms[i].members.size());
    }
    report_.participants = global;
    for (auto& w : workers_) w->start();
  }

  void hold_idle() {
    // Let the server finish the joins' bookkeeping before measuring it.
    std::this_thread::sleep_for(2s);
    begin_window();
    sleep_sampling(o_.duration_s);
    end_window();
    report_.server_rss_connected_kib = report_.server.end ? report_.server.end->rss_kib : 0;
    report_.self_rss_connected_kib = report_.self.end ? report_.self.end->rss_kib : 0;
  }

  void load() {
    const auto interval = std::chrono::milliseconds(o_.rate_interval_ms);
    window_.from_ns = steady_ns();
    begin_window();
    const auto t0 = Clock::now() + 10ms;
    for (auto& w : workers_) {
      if (o_.mode == Mode::window)
        w->start_window(o_.window);
      else
        w->start_rate(t0, interval);
    }
    sleep_sampling(o_.duration_s);
    window_.until_ns = steady_ns();
    end_window();
    if (o_.resume_storm) storm();
    for (auto& w : workers_) w->stop_sending();
    wait_until("drain", 60s, [&] {
      return sum(&Progress::unacked) == 0 && sum(&Progress::delivered) >= sum(&Progress::expected);
    });
  }

  void storm() {
    report_.storm = true;
    report_.storm_server.start = sample(o_.server_pid.value_or(-1));
    const auto start = steady_ns();
    // Messages caught in flight by the drop measure the storm, not the steady state.
    window_.received_until_ns = start;
    for (auto& w : workers_) w->drop_all(start);
    const auto target = report_.connected;
    wait_until("resume storm", 120s, [&] { return sum(&Progress::storm_caught_up) >= target; });
    report_.storm_caught_up = sum(&Progress::storm_caught_up);
    std::int64_t last = 0;
    for (auto& w : workers_) last = std::max(last, w->progress().storm_last_ns.load());
    report_.storm_s = last > start ? double(last - start) / 1e9 : 0;
    report_.storm_server.end = sample(o_.server_pid.value_or(-1));
    if (report_.storm_server.end) report_.storm_server.rss_max_kib = report_.storm_server.end->hwm_kib;
    say("resume storm: " + std::to_string(report_.storm_caught_up) + " caught up in " +
        fmt(report_.storm_s) + " s");
    // Keep the load on a little so sends made right after the resume are checked too.
    std::this_thread::sleep_for(
        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o_.storm_tail_s)));
  }

  void begin_window() {
    window_start_ = Clock::now();
    report_.server.start = sample(o_.server_pid.value_or(-1));
    report_.self.start = sample_process(0);
    machine_start_ = sample_machine();
  }

  void end_window() {
    report_.window_s = seconds_since(window_start_);
    report_.server.end = sample(o_.server_pid.value_or(-1));
    report_.self.end = sample_process(0);
    if (auto m = sample_machine(); m && machine_start_)
      report_.machine_busy_cores = busy_cores_between(*machine_start_, *m, report_.window_s);
    track_max();
  }

  void sleep_sampling(double seconds) {
    const auto until =
        Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    while (Clock::now() < until) {
      const Clock::duration step = 500ms, left = until - Clock::now();
      std::this_thread::sleep_for(std::min(step, left));
      track_max();
    }
  }

  void track_max() {
    if (auto s = sample(o_.server_pid.value_or(-1)))
      report_.server.rss_max_kib = std::max(report_.server.rss_max_kib, s->rss_kib);
    if (auto s = sample_process(0))
      report_.self.rss_max_kib = std::max(report_.self.rss_max_kib, s->rss_kib);
  }

  void wait_until(const char* phase, Clock::duration limit, const std::function<bool()>& done) {
    const auto deadline = Clock::now() + limit;
    auto next_note = Clock::now() + 5s;
    while (!done()) {
      if (Clock::now() > deadline) {
        say(std::string(phase) + ": gave up waiting after " +
            std::to_string(std::chrono::duration_cast<std::chrono::seconds>(limit).count()) + " s");
        return;
      }
      if (Clock::now() > next_note) {
        next_note += 5s;
        say(std::string(phase) + ": caught up " + std::to_string(sum(&Progress::caught_up)) +
            ", unacked " + std::to_string(sum(&Progress::unacked)) + ", delivered " +
            std::to_string(sum(&Progress::delivered)) + "/" +
            std::to_string(sum(&Progress::expected)));
      }
      std::this_thread::sleep_for(20ms);
    }
  }

  template <class T>
  std::uint64_t sum(std::atomic<T> Progress::*gauge) {
    std::uint64_t n = 0;
    for (auto& w : workers_) n += std::uint64_t((w->progress().*gauge).load());
    return n;
  }

  static std::optional<ProcSample> sample(int pid) {
    return pid > 0 ? sample_process(pid) : std::nullopt;
  }
  static double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
  }
  static std::string fmt(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
  }
  void say(const std::string& line) const {
    if (!o_.json_only) std::cerr << line << std::endl;
  }

  const Options& o_;
  asio::ssl::context tls_;
  asio::ip::tcp::endpoint server_;
  Window window_;
  std::vector<std::unique_ptr<Worker>> workers_;
  RunReport report_;
  Clock::time_point window_start_;
  std::optional<MachineSample> machine_start_;
};

}  // namespace

RunReport run(const Options& options) { return Runner(options).go(); }

}  // namespace mr::loadgen
