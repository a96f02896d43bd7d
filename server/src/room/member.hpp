#pragma once
// One connection of a participant, as the room sees it: typed notifications out, no sockets.
// The room calls these on its executor; implementations must not block and must not call back into
// the room synchronously (post instead). History is sent in slices: after a slice the room waits
// for the member to ask for more (Room::continue_replay) once it has drained, so a long history
// never piles up in memory.
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "room/case_state.hpp"
#include "room/committed_event.hpp"
#include "room/policy.hpp"
#include "store/records.hpp"

namespace mr::room {

struct Welcome {
  const store::RoomRow* room;
  const Identity* you;
  const CaseState* case_state;
  std::vector<Identity> people;  // everyone in the room this member is told of
  std::int64_t head;             // highest committed seq
  bool reset;                    // the client's epoch or position was not this room's: start over
  bool in_main;                  // an advisor brought into the joint room
};

// Who is online, as one or more viewers see them: the viewers who see the same people are given
// the same list, so the protocol layer encodes it once for all of them (its wire slot, guarded by
// wire_once, as CommittedEvent's). In a room of 200 that is a handful of encodings per change
// instead of 200.
struct PresenceList {
  std::vector<const Identity*> online;
  mutable std::once_flag wire_once;
  mutable std::shared_ptr<const std::string> wire;
};

enum class Ending { session_ended, store_unavailable, going_away };

class Member {
 public:
  virtual ~Member() = default;
  virtual const Identity& identity() const = 0;
  virtual void on_welcome(const Welcome& welcome) = 0;
  virtual void on_event(const EventPtr& event) = 0;
  virtual void on_caught_up(std::int64_t head) = 0;
  virtual void on_ack(const std::string& client_id, std::int64_t seq, bool duplicate) = 0;
  virtual void on_presence(const PresenceList& list) = 0;
  virtual void on_typing(Channel channel, const std::string& participant) = 0;
  // `ref`: the client id of the request refused, empty if it had none; `rule`: for a refusal of
  // the procedure, which rule (PROTOCOL.md §6), else empty.
  virtual void on_refused(std::string_view code, const std::string& message, const std::string& ref,
                          std::string_view rule = {}) = 0;
  // The procedure's state changed (read it now: it is the room's, on the room's executor).
  virtual void on_case(const CaseState& state) = 0;
  virtual void on_checkpoint(const std::string& note, const std::string& ref) = 0;
  // What this member may read and write changed (an advisor brought in or sent out).
  virtual void on_access(bool in_main) = 0;
  virtual void on_inclusion_proof(const std::string& ref, std::int64_t seq, std::int64_t size,
                                  const std::string& leaf,
                                  const std::vector<std::string>& path) = 0;
  virtual void on_consistency_proof(const std::string& ref, std::int64_t from, std::int64_t to,
                                    const std::vector<std::string>& path) = 0;
  virtual void end(Ending why) = 0;
  // A replay sent one slice and waits: the member calls Room::continue_replay once that slice
  // has reached the client, so history never piles up in memory.
  virtual void on_replay_paused() {}
};

}  // namespace mr::room
