#pragma once
// A case room: who is connected, the room's sequence of events, and who may see what.
// It knows nothing about sockets (members are room::Member), so it is tested without any.
//
// Thread-safety: every public member function may be called from any thread; the work is posted
// to the room's strand, where all of its state lives. Nothing here blocks except replaying old
// history from the store (a read of at most one slice).
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>

#include "room/member.hpp"
#include "room/record_keeper.hpp"
#include "store/catalog.hpp"
#include "store/event_writer.hpp"

namespace mr::room {

struct RoomLimits {
  std::size_t tail_events = 256;            // recent events kept in memory for resumes
  std::size_t replay_slice_bytes = 256 << 10;  // history sent before waiting for a drain
};

struct RoomServices {
  store::Catalog& catalog;  // reads of old history
  store::EventWriter& writer;
  RecordKeeper::Signer signer;  // signs checkpoints (record/)
  RoomLimits limits;
  std::int64_t checkpoint_every = 1000;
  // Events not yet covered by a checkpoint get one within this time, so every client soon holds
  // a signed copy of the record however quiet the room is.
  std::chrono::milliseconds checkpoint_interval{5000};
};

class Room : public std::enable_shared_from_this<Room> {
 public:
  using MemberPtr = std::shared_ptr<Member>;
  using OnFailed = std::function<void(const std::string& room)>;

  // Reads the room's events from the store; call before sharing the room.
  Room(boost::asio::any_io_executor executor, store::RoomRow info, RoomServices services,
       OnFailed on_failed);

  const std::string& id() const { return info_.id; }

  void join(MemberPtr member, std::int64_t last_seq, std::optional<std::int64_t> epoch);
  void continue_replay(MemberPtr member);
  void leave(MemberPtr member);
  void submit(MemberPtr member, std::string client_id, Channel channel, std::string text);
  void typing(MemberPtr member, Channel channel);
  // A mediator brings an advisor into the joint room, or sends them out (DESIGN §3). The advisor
  // reads `main` from that moment until sent out; history before it stays unseen.
  void set_advisor_in_main(MemberPtr member, std::string client_id, std::string advisor,
                           bool in_main);
  void latest_checkpoint(MemberPtr member);
  void inclusion_proof(MemberPtr member, std::int64_t seq, std::int64_t size);
  void consistency_proof(MemberPtr member, std::int64_t from, std::int64_t to);
  // Ends every connection of a participant (their invite was revoked).
  void end_participant(std::string participant);
  // Ends every connection (the server is stopping).
  void end_all();

 private:
  struct Attendance {
    MemberPtr member;
    std::int64_t next_replay = 0;
    bool live = false;
  };
  struct Presence {
    Identity identity;
    int connections = 0;
  };

  void load();
  void do_join(MemberPtr member, std::int64_t last_seq, std::optional<std::int64_t> epoch);
  void replay_slice(Attendance& a);
  void go_live(Attendance& a);
  void do_leave(const MemberPtr& member);
  void do_submit(const MemberPtr& member, std::string client_id, Channel channel,
                 std::string text);
  // Assigns the next seq and hands the event to the store; `then` runs on the strand once it is
  // committed.
  // `apply` runs before the event is delivered (a change of who may read it), `then` after.
  using OnCommit = std::function<void(const EventPtr&)>;
  void append(const std::string& actor, const std::string& kind, Channel channel,
              const nlohmann::json& body, std::optional<std::string> client_id, OnCommit then,
              OnCommit apply = nullptr);
  void on_committed(const EventPtr& event, const OnCommit& then, const OnCommit& apply);
  void do_set_advisor(const MemberPtr& member, const std::string& client_id,
                      const std::string& advisor, bool in_main);
  // Opens or closes an advisor's time in `main` at `seq`.
  void record_advisor_access(const std::string& advisor, bool in_main, std::int64_t seq);
  bool in_main(const Identity& who) const;
  bool may_write(const Identity& who, Channel channel) const;
  void fail();
  void broadcast_presence();
  void checkpoint_now();
  void schedule_checkpoint();
  bool visible(const Identity& who, const CommittedEvent& e) const;
  static std::string dedupe_key(const std::string& participant, const std::string& client_id);
  bool answered_as_repeat(const MemberPtr& member, const std::string& key,
                          const std::string& client_id);

  boost::asio::strand<boost::asio::any_io_executor> strand_;
  store::RoomRow info_;
  RoomServices services_;
  OnFailed on_failed_;
  std::uint64_t stream_ = store::EventWriter::new_stream_id();
  bool failed_ = false;

  std::int64_t next_seq_ = 0;
  std::int64_t head_ = -1;  // highest committed seq
  std::deque<EventPtr> tail_;
  std::unordered_map<std::string, std::int64_t> client_ids_;  // dedupe_key -> seq
  // Sends that repeat an id whose event is not committed yet: acked when it is.
  std::unordered_map<std::int64_t, std::vector<std::pair<std::weak_ptr<Member>, std::string>>>
      waiting_duplicates_;
  std::unordered_map<Member*, Attendance> attendance_;
  std::unordered_map<std::string, Presence> online_;
  // Per advisor, the seq ranges [from, to] during which they were in `main` (to is open while
  // they are in it): which `main` events they may read is a function of the log.
  std::unordered_map<std::string, std::vector<std::pair<std::int64_t, std::int64_t>>> advisor_main_;
  RecordKeeper record_;
  boost::asio::steady_timer checkpoint_timer_;
  bool checkpoint_scheduled_ = false;
};

}  // namespace mr::room
