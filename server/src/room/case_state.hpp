#pragma once
// What a room's log says about the case beyond its words, rebuilt from the events alone (so a
// room can always be reloaded from the store): for now, when each advisor was in the joint room.
// Thread-safety: none; lives on the room's strand.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "room/committed_event.hpp"

namespace mr::room {

class CaseState {
 public:
  // Takes account of one committed event, in seq order.
  void apply(const CommittedEvent& event);

  // An advisor a mediator has brought into `main` and not yet sent out (DESIGN §3).
  bool in_main(const std::string& advisor) const;
  // An advisor who has been in `main` at some time: the parties know of them.
  bool ever_in_main(const std::string& advisor) const;
  // Whether an advisor reads the `main` event `seq`: only those logged while they were in it.
  bool advisor_reads_main(const std::string& advisor, std::int64_t seq) const;

 private:
  // Per advisor, the seq ranges [from, to] during which they were in `main`; `to` is open while
  // they are in it.
  std::unordered_map<std::string, std::vector<std::pair<std::int64_t, std::int64_t>>> advisor_main_;
};

}  // namespace mr::room
