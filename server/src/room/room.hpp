#pragma once
// A case room: who is connected, the room's sequence of events, and who may see what.
// It knows nothing about sockets (members are room::Member), so it is tested without any.
//
// Thread-safety: every public member function may be called from any thread; the work is posted
// to the room's executor, where all of its state lives. There the room reads the store only
// briefly (a slice of old history, the directory of participants at a join).
#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>

#include "record/event_kind.hpp"
#include "room/acts.hpp"
#include "room/case_state.hpp"
#include "room/member.hpp"
#include "room/notice.hpp"
#include "room/presence.hpp"
#include "room/recent_requests.hpp"
#include "room/record_keeper.hpp"
#include "store/store.hpp"

namespace mr::room {

struct RoomLimits {
  std::size_t tail_events = 256;                 // recent events kept in memory for resumes
  std::size_t replay_slice_bytes = 256 << 10;    // history sent before waiting for a drain
  std::size_t recent_requests = 4096;            // client ids remembered in memory per room
  std::chrono::milliseconds leave_grace{20000};  // a reconnect within this is not a departure
};

struct RoomServices {
  store::Store& store;
  RecordKeeper::Signer signer;  // signs checkpoints (record/)
  RoomLimits limits;
  std::int64_t checkpoint_every = 1000;
  // Events not yet covered by a checkpoint get one within this time, so every client soon holds
  // a signed copy of the record however quiet the room is.
  std::chrono::milliseconds checkpoint_interval{5000};
  // The record's clock (ms since the epoch); tests step it. The room never stamps an event
  // earlier than the one before it, whatever the clock says.
  std::function<std::int64_t()> clock;
  const NoticeTemplates* notices = nullptr;  // the notice of rights and duties (PROTOCOL.md §6)
  Sealer sealer = {};                        // the organisations' seal keys (record/org_keys)
  // Where the room sends the rare store writes an act needs first (an assisting mediator's
  // participant), so they never block the room's thread; empty: inline (tests).
  boost::asio::any_io_executor blocking = {};
  // Told of each checkpoint once the store holds it, and whether it is a milestone (a phase
  // change, a signature, the conclusion): for trusted time (timestamp/). Must be thread-safe and
  // return at once. Empty: none.
  std::function<void(const store::StoredCheckpoint&, bool milestone)> stamp = {};
};

class Room : public std::enable_shared_from_this<Room> {
 public:
  using MemberPtr = std::shared_ptr<Member>;

  // Reads the room's log from the store and rebuilds its state; answers the store's error if it
  // cannot. Call before sharing the room. `executor` must run one handler at a time (an event
  // loop of one thread, or a strand): the room keeps no lock.
  static store::Result<std::shared_ptr<Room>> load(boost::asio::any_io_executor executor,
                                                   store::RoomRow info, RoomServices services);

  const std::string& id() const { return info_.id; }
  // The room's executor: a member connection that lives there is sent to without a hop.
  boost::asio::any_io_executor executor() const { return executor_; }

  void join(MemberPtr member, std::int64_t last_seq, std::optional<std::int64_t> epoch);
  void continue_replay(MemberPtr member);
  void leave(MemberPtr member);
  void submit(MemberPtr member, std::string client_id, Channel channel, std::string text);
  void typing(MemberPtr member, Channel channel);
  // A step of the procedure (PROTOCOL.md §6).
  void act(MemberPtr member, ActRequest request);
  // A document uploaded by `uploader` into `channel` (PROTOCOL.md §7), recorded under the upload's
  // id (so a retry records it once). `done` gets the event's seq, or the refusal.
  using Shared = std::function<void(std::variant<std::int64_t, ActRefusal>)>;
  void share_document(Identity uploader, Channel channel, DocumentInfo document,
                      std::string upload_id, Shared done);
  // Runs `look(state, may)` on the room's executor with the case as its log says and a test of
  // whether a person may read or write a channel now: for HTTP answers about documents and the
  // agreement.
  // Whether `who` may write `channel` now, or read its event `seq` (-1: its events from now on).
  using May = std::function<bool(const Identity&, Access, Channel, std::int64_t seq)>;
  using Look = std::function<void(const CaseState&, const May&)>;
  void inspect(Look look);
  // A mediator brings an advisor into the joint room, or sends them out (DESIGN §3). The advisor
  // reads `main` from that moment until sent out; history before it stays unseen.
  void set_advisor_in_main(MemberPtr member, std::string client_id, std::string advisor,
                           bool in_main);
  // `ref` (the request's id, may be empty) is echoed in the answer or the refusal.
  void latest_checkpoint(MemberPtr member, std::string ref);
  void inclusion_proof(MemberPtr member, std::string ref, std::int64_t seq, std::int64_t size);
  void consistency_proof(MemberPtr member, std::string ref, std::int64_t from, std::int64_t to);
  // Ends every connection of a participant (their invite was revoked).
  void end_participant(std::string participant);
  // Records everyone's departure and ends every connection (the server is stopping).
  void end_all();
  // Forgets its members at once, without a word to them: for a server whose loop has stopped.
  void release_members();

  // For the registry: how many holders of the room there are (connections being made or open),
  // and whether the room has been quiet (no one present, everything committed and covered by a
  // checkpoint) since at least `since`. Thread-safe.
  std::atomic<int>& holders() { return holders_; }
  bool quiet_since(std::chrono::steady_clock::time_point since) const;

 private:
  Room(boost::asio::any_io_executor executor, store::RoomRow info, RoomServices services);

  struct Attendance {
    MemberPtr member;
    std::int64_t next_replay = 0;
    bool live = false;
  };
  using OnCommit = std::function<void(const EventPtr&)>;
  // What the room does with an append the store refused: tell the one who asked.
  using OnRefused = std::function<void()>;

  store::Result<void> read_log();
  void apply(const EventPtr& event);  // takes a committed event into the room's state
  void do_join(MemberPtr member, std::int64_t last_seq, std::optional<std::int64_t> epoch);
  std::vector<Identity> directory_for(const Identity& viewer);
  void replay_slice(Attendance& a);
  void go_live(Attendance& a);
  void do_leave(const MemberPtr& member);
  void record_departures();
  void schedule_departures();
  void do_submit(const MemberPtr& member, std::string client_id, Channel channel, std::string text);
  void do_set_advisor(const MemberPtr& member, const std::string& client_id,
                      const std::string& advisor, bool in_main);
  // room_acts.cpp
  void do_act(const MemberPtr& member, ActRequest request);
  void prepare_mediator(const MemberPtr& member, ActRequest request);
  void decide_act(const MemberPtr& member, const ActRequest& request, ActContext context);
  ActContext context_for(const Identity& who);
  void try_to_seal();
  // `acked` answers the one who acted, once everything the act changes is in place.
  void after_act(const EventPtr& event, bool moves_phase, std::function<void()> acked);
  void broadcast_case();
  // Refuses with case_closed when the case is closed; true when it did.
  bool refused_as_closed(const MemberPtr& member, const std::string& client_id);
  // A request whose client id was already accepted makes no new event: it is acked with the
  // original seq, now or once that event is committed. True when `client_id` was a repeat (or
  // cannot be told apart from one: the member has been answered).
  bool answered_as_repeat(const MemberPtr& member, const std::string& client_id);
  // Whether the store can take an append now; if not, `member` is told why (ref: `client_id`).
  bool writable(const MemberPtr& member, const std::string& client_id);

  // Assigns the next seq and time and hands the event to the store. On commit, `apply` runs
  // before the event is delivered (a change of who may read it), `then` after; on refusal,
  // `refused` runs and nothing is delivered.
  void append(const std::string& actor, record::EventKind kind, Channel channel,
              const nlohmann::json& body, std::optional<std::string> client_id, OnCommit then,
              OnRefused refused = nullptr);
  void on_appended(const EventPtr& event, std::error_code ec, const OnCommit& then,
                   const OnRefused& refused);
  void deliver(const EventPtr& event);
  void ack_waiting_duplicates(const EventPtr& event);
  // After refused appends have all been answered: re-read what the store really holds (a refused
  // commit may still have landed) and write on under a new stream.
  void resync();
  bool behind_its_witness() const;

  bool visible(const Identity& who, const CommittedEvent& e) const;
  bool in_main(const Identity& who) const;
  bool may_write(const Identity& who, Channel channel) const;
  void broadcast_presence();

  // room_record.cpp: checkpoints and proofs.
  // milestone: after a phase change or a signature (RECORD.md §4), stamped with trusted time.
  void checkpoint_now(bool milestone = false);
  void schedule_checkpoint();
  void update_quiet();

  boost::asio::any_io_executor executor_;  // runs one handler at a time
  store::RoomRow info_;
  RoomServices services_;
  std::uint64_t stream_ = store::Store::new_stream_id();

  std::int64_t next_seq_ = 0;
  std::int64_t head_ = -1;         // highest committed seq
  std::int64_t last_time_ms_ = 0;  // time of the newest event given a seq
  int in_flight_ = 0;              // appends handed to the store and not answered yet
  bool write_failed_ = false;      // an append was refused; no more until resync()
  std::deque<EventPtr> tail_;
  RecentRequests requests_;
  // Sends that repeat an id whose event is not committed yet: acked when it is.
  std::unordered_map<std::int64_t, std::vector<std::pair<std::weak_ptr<Member>, std::string>>>
      waiting_duplicates_;
  std::unordered_map<Member*, Attendance> attendance_;
  Presence presence_;
  CaseState case_;
  RecordKeeper record_;
  boost::asio::steady_timer checkpoint_timer_;
  bool checkpoint_scheduled_ = false;
  boost::asio::steady_timer departure_timer_;

  std::atomic<int> holders_{0};
  std::atomic<bool> quiet_{false};
  std::atomic<std::int64_t> quiet_since_ns_{0};  // steady clock, while quiet_
};

}  // namespace mr::room
