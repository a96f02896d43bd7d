#pragma once
// A room without any socket: members are recorders, the store is a real SQLite file (wrapped so
// that tests can make appends fail), and the record's clock is the test's.
#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <condition_variable>
#include <thread>

#include "crypto/random.hpp"
#include "faulty_store.hpp"
#include "record/event.hpp"
#include "room/case_admin.hpp"
#include "room/room.hpp"

namespace mr::room {

// Records what the room tells it. Tests wait on it for what they expect and read it under its
// lock (with()), since the room writes to it from its own thread.
class Recorder : public Member {
 public:
  explicit Recorder(Identity who) : who_(std::move(who)) {}
  const Identity& identity() const override { return who_; }
  void on_welcome(const Welcome& w) override {
    note([&] {
      reset = w.reset;
      people = w.people;
    });
  }
  void on_event(const EventPtr& e) override {
    note([&] { events.push_back(e); });
  }
  void on_caught_up(std::int64_t) override {
    note([&] {
      caught_up = true;
      replayed = events.size();
    });
  }
  void on_ack(const std::string& id, std::int64_t seq, bool dup) override {
    note([&] { acks.push_back({id, seq, dup}); });
  }
  void on_presence(const PresenceList& list) override {
    note([&] {
      present.clear();
      for (const auto* p : list.online) present.push_back(p->participant);
    });
  }
  void on_typing(Channel, const std::string& who) override {
    note([&] { typing.push_back(who); });
  }
  void on_refused(std::string_view code, const std::string&, const std::string& ref,
                  std::string_view rule) override {
    note([&] { refusals.push_back({std::string(code), ref, std::string(rule)}); });
  }
  void on_case(const CaseState& state) override {
    note([&] {
      phase = state.phase();
      ++cases;
    });
  }
  void on_checkpoint(const std::string& n, const std::string& ref) override {
    note([&] { checkpoints.push_back({n, ref}); });
  }
  void on_access(bool in_main) override {
    note([&] { access.push_back(in_main); });
  }
  void on_inclusion_proof(const std::string& ref, std::int64_t, std::int64_t,
                          const std::string& leaf, const std::vector<std::string>& path) override {
    note([&] { proofs.push_back({ref, leaf, path}); });
  }
  void on_consistency_proof(const std::string& ref, std::int64_t, std::int64_t,
                            const std::vector<std::string>& path) override {
    note([&] { proofs.push_back({ref, "", path}); });
  }
  void end(Ending why) override {
    note([&] { ended = why; });
  }

  // Waits up to 10 s for `pred(*this)`; false on timeout.
  template <typename Pred>
  [[nodiscard]] bool wait(Pred pred) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(10), [&] { return pred(*this); });
  }
  // Runs `f(*this)` under the lock and answers its result.
  template <typename F>
  auto with(F f) {
    std::lock_guard lock(mutex_);
    return f(*this);
  }
  std::vector<std::int64_t> seqs() {
    return with([](Recorder& r) {
      std::vector<std::int64_t> out;
      for (const auto& e : r.events) out.push_back(e->seq);
      return out;
    });
  }
  bool saw_kind(const std::string& kind) {
    return with([&](Recorder& r) {
      for (const auto& e : r.events)
        if (e->kind == kind) return true;
      return false;
    });
  }

  struct Ack {
    std::string id;
    std::int64_t seq;
    bool duplicate;
  };
  struct Refused {
    std::string code, ref, rule;
  };
  struct Checkpoint {
    std::string note, ref;
  };
  struct Proof {
    std::string ref, leaf;
    std::vector<std::string> path;
  };
  std::vector<EventPtr> events;
  std::size_t replayed = 0;  // how many of `events` came before caught_up
  std::vector<Ack> acks;
  std::vector<Refused> refusals;
  std::vector<Checkpoint> checkpoints;
  std::vector<Proof> proofs;
  std::vector<Identity> people;
  std::vector<std::string> present, typing;
  std::vector<bool> access;
  bool caught_up = false, reset = false;
  Phase phase = Phase::intake;  // as the latest case frame said
  int cases = 0;                // case frames received
  std::optional<Ending> ended;

 private:
  template <typename F>
  void note(F f) {
    {
      std::lock_guard lock(mutex_);
      f();
    }
    changed_.notify_all();
  }
  Identity who_;
  std::mutex mutex_;
  std::condition_variable changed_;
};

inline const Identity kPartyA{"pa", "李四", Role::party, Side::A};
inline const Identity kPartyB{"pb", "王五", Role::party, Side::B};

class RoomTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("mr-room-" + crypto::random_hex(4));
    real_ = store::open_sqlite_store(dir_);
    store_ = std::make_unique<test::FaultyStore>(*real_);
    store::Mediator m{"m1", "m1", "张三", "调委会", "x", 1};
    ASSERT_TRUE(store_->add_mediator(m));
    auto made = create_room(*store_, m, "物业费纠纷", "房产物业", {});
    ASSERT_TRUE(made);
    room_id_ = made->id;
    auto presiding = store_->mediator_participant(room_id_, "m1");
    mediator_ = {(**presiding).id, "张三", Role::mediator, std::nullopt};
    thread_ = std::thread([this] { ioc_.run(); });
  }
  void TearDown() override {
    room_.reset();
    work_.reset();
    ioc_.stop();  // rooms keep timers (checkpoints, departures) that would run for a while
    thread_.join();
    store_.reset();
    real_.reset();
    std::filesystem::remove_all(dir_);
  }

  RoomServices services(std::int64_t checkpoint_every = 1000) {
    RoomServices s{*store_,
                   [](const std::string&, std::uint64_t size, const record::Hash&) {
                     return "checkpoint " + std::to_string(size);
                   },
                   limits_,
                   checkpoint_every,
                   std::chrono::hours(1),
                   nullptr,
                   &notices_,
                   {}};
    s.clock = [this] { return clock_ms_.load(); };
    return s;
  }
  std::shared_ptr<Room> open(std::int64_t checkpoint_every = 1000) {
    auto info = **store_->room(room_id_);
    auto loaded = Room::load(ioc_.get_executor(), info, services(checkpoint_every));
    EXPECT_TRUE(loaded);
    return room_ = *loaded;
  }
  Identity invite(const std::string& role, const std::string& side, const std::string& name) {
    auto made = create_invite(*store_, room_id_, role, side, name, 24);
    EXPECT_TRUE(made);
    return {made->participant.id, name, *parse_role(role),
            side.empty() ? std::nullopt : parse_side(side)};
  }
  // Joins and waits for the replay; for an `arrival` also for the member's own recorded arrival,
  // so that nothing of the join is still being written when the test goes on.
  std::shared_ptr<Recorder> enter(Identity who, std::int64_t last_seq = -1, bool arrival = true) {
    const auto id = who.participant;
    auto r = std::make_shared<Recorder>(std::move(who));
    room_->join(r, last_seq, std::nullopt);
    EXPECT_TRUE(r->wait([](Recorder& x) { return x.caught_up; }));
    if (arrival) {
      EXPECT_TRUE(r->wait([&](Recorder& x) {
        for (std::size_t i = x.replayed; i < x.events.size(); ++i)
          if (x.events[i]->kind == "participant.joined" && x.events[i]->actor == id) return true;
        return false;
      }));
    }
    return r;
  }
  // Sends a message and waits for its ack (or refusal); answers the ack's seq, -1 if refused.
  std::int64_t say(const std::shared_ptr<Recorder>& who, const std::string& id, Channel channel,
                   const std::string& text = "消息") {
    const auto answered = who->with([](Recorder& r) { return r.acks.size() + r.refusals.size(); });
    room_->submit(who, id, channel, text);
    EXPECT_TRUE(
        who->wait([&](Recorder& r) { return r.acks.size() + r.refusals.size() > answered; }));
    return who->with([&](Recorder& r) {
      return !r.acks.empty() && r.acks.back().id == id ? r.acks.back().seq : std::int64_t(-1);
    });
  }
  // Waits until `who` has received the event `seq`.
  bool received(const std::shared_ptr<Recorder>& who, std::int64_t seq) {
    return who->wait([&](Recorder& r) {
      for (const auto& e : r.events)
        if (e->seq == seq) return true;
      return false;
    });
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> real_;
  std::unique_ptr<test::FaultyStore> store_;
  RoomLimits limits_;
  NoticeTemplates notices_ = NoticeTemplates::load(TEMPLATE_DIR "/notice");
  std::atomic<std::int64_t> clock_ms_{record::now_ms() + 3600 * 1000};
  boost::asio::io_context ioc_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_{
      ioc_.get_executor()};
  std::thread thread_;
  std::string room_id_;
  Identity mediator_;
  std::shared_ptr<Room> room_;
};

}  // namespace mr::room
