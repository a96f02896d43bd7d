#include "worker.hpp"

#include <boost/asio/post.hpp>

#include "participant.hpp"

namespace mr::loadgen {

namespace asio = boost::asio;

Worker::Worker(const RunConfig& config, asio::ssl::context& tls, Window& window)
    : config_(config), tls_(tls), window_(window), guard_(ioc_.get_executor()) {}

Worker::~Worker() { stop(); }

void Worker::add_room(const RoomPlan& plan, std::uint32_t first_global_index) {
  auto& room = rooms_.emplace_back();
  room.first_global = first_global_index;
  const auto target = "/r/" + plan.id + "/ws";
  for (std::uint32_t m = 0; m < plan.members.size(); ++m) {
    participants_.push_back(std::make_unique<Participant>(*this, room, first_global_index + m, m,
                                                          plan.members[m], target));
    global_index_.push_back(first_global_index + m);
    room.members.push_back(participants_.back().get());
  }
  // Reserve the ack ledger up front so steady-state acks do not reallocate it.
  room.acked.reserve(4096);
}

void Worker::start() {
  thread_ = std::thread([this] { ioc_.run(); });
}

template <class F>
void Worker::for_each(F f) {
  asio::post(ioc_, [this, f] {
    for (std::size_t i = 0; i < participants_.size(); ++i) f(*participants_[i], global_index_[i]);
  });
}

void Worker::connect_all() {
  for_each([](Participant& p, std::uint32_t) { p.connect(); });
}

void Worker::start_rate(std::chrono::steady_clock::time_point t0,
                        std::chrono::milliseconds interval) {
  const auto total = std::max<std::uint32_t>(config_.total_participants, 1);
  for_each([=](Participant& p, std::uint32_t g) {
    if (!p.sender()) return;
    const auto offset = std::chrono::microseconds(
        std::int64_t(std::chrono::microseconds(interval).count() * double(g) / total));
    p.start_rate(t0 + offset, interval);
  });
}

void Worker::start_window(int window) {
  for_each([=](Participant& p, std::uint32_t) {
    if (p.sender()) p.start_window(window);
  });
}

void Worker::stop_sending() {
  for_each([](Participant& p, std::uint32_t) { p.stop_sending(); });
}

void Worker::drop_all(std::int64_t storm_start_ns) {
  for_each([=](Participant& p, std::uint32_t) { p.drop(storm_start_ns); });
}

void Worker::close_all() {
  for_each([](Participant& p, std::uint32_t) { p.close(); });
}

void Worker::stop() {
  guard_.reset();
  ioc_.stop();
  if (thread_.joinable()) thread_.join();
}

void Worker::acquire_slot(Participant* p) {
  if (slots_in_use_ < config_.slot_limit) {
    ++slots_in_use_;
    p->on_slot();
  } else {
    waiting_.push_back(p);
  }
}

void Worker::release_slot() {
  if (waiting_.empty()) {
    --slots_in_use_;
    return;
  }
  // The slot passes straight to the next participant in line.
  Participant* next = waiting_.front();
  waiting_.pop_front();
  asio::post(ioc_, [next] { next->on_slot(); });
}

void Worker::verify(std::uint64_t& expected, std::uint64_t& missing) const {
  for (const auto& room : rooms_) {
    for (const auto& message : room.acked) {
      for (std::uint32_t m = 0; m < room.members.size(); ++m) {
        if (m == message.sender) continue;
        ++expected;
        if (!room.members[m]->seen(message.seq)) ++missing;
      }
    }
  }
}

}  // namespace mr::loadgen
