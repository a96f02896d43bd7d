#pragma once
// Who is in the room now. A person is present from their first connection until their last one
// has been closed for longer than the grace period, so that a page reload or a brief network drop
// is not recorded (or shown) as a departure and a new arrival.
// Thread-safety: none; lives on the room's executor.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "room/policy.hpp"

namespace mr::room {

class Presence {
 public:
  using Clock = std::chrono::steady_clock;

  explicit Presence(Clock::duration grace) : grace_(grace) {}

  // A connection of `who` went live. True when this is their arrival, false when they were
  // present already (another device, or back within the grace).
  bool connect(const Identity& who);
  // A connection of `participant` closed; after their last one their departure falls due once
  // the grace has passed.
  void disconnect(const std::string& participant, Clock::time_point now);
  // The people whose departure is due at `now`; they are no longer present.
  std::vector<Identity> take_departures(Clock::time_point now);
  // Everyone, now (the server is stopping).
  std::vector<Identity> take_everyone();
  std::optional<Clock::time_point> next_departure() const;

  std::vector<const Identity*> people() const;  // present, including those within the grace
  bool empty() const { return people_.empty(); }

 private:
  struct Entry {
    Identity identity;
    int connections = 0;
    Clock::time_point leaves_at{};  // set while connections == 0
  };
  Clock::duration grace_;
  std::map<std::string, Entry> people_;  // by participant id, so lists come out in a fixed order
};

}  // namespace mr::room
