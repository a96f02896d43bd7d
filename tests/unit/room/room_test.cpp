// The room without any socket: members are recorders, the store is a real SQLite file.
#include "room/room.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <condition_variable>
#include <thread>

#include "crypto/random.hpp"
#include "record/merkle_tree.hpp"
#include "room/case_admin.hpp"

namespace mr::room {
namespace {

// Records what the room tells it; tests wait on its condition variable for what they expect.
class Recorder : public Member {
 public:
  explicit Recorder(Identity who) : who_(std::move(who)) {}
  const Identity& identity() const override { return who_; }
  void on_welcome(const Welcome& w) override { note([&] { reset = w.reset; }); }
  void on_event(const EventPtr& e) override { note([&] { seqs.push_back(e->seq); channels.push_back(e->channel); }); }
  void on_caught_up(std::int64_t) override { note([&] { caught_up = true; }); }
  void on_ack(const std::string& id, std::int64_t seq, bool dup) override {
    note([&] { acks.push_back({id, seq, dup}); });
  }
  void on_presence(const std::vector<const Identity*>& online) override {
    note([&] { online_count = online.size(); });
  }
  void on_typing(Channel, const std::string&) override {}
  void on_refused(std::string_view code, const std::string&, const std::string&) override {
    note([&] { refusals.emplace_back(code); });
  }
  void on_checkpoint(const std::string& note_text) override { note([&] { checkpoints.push_back(note_text); }); }
  void on_access(bool in_main) override { note([&] { access.push_back(in_main); }); }
  void on_inclusion_proof(std::int64_t, std::int64_t, const std::string& leaf,
                          const std::vector<std::string>& path) override {
    note([&] { proof_leaf = leaf; proof_path = path; });
  }
  void on_consistency_proof(std::int64_t, std::int64_t, const std::vector<std::string>&) override {}
  void end(Ending) override { note([&] { ended = true; }); }

  std::mutex& mutex() { return mutex_; }

  template <typename Pred>
  void wait(Pred pred) {
    std::unique_lock lock(mutex_);
    ASSERT_TRUE(changed_.wait_for(lock, std::chrono::seconds(10), [&] { return pred(*this); }));
  }

  struct Ack {
    std::string id;
    std::int64_t seq;
    bool duplicate;
  };
  std::vector<std::int64_t> seqs;
  std::vector<Channel> channels;
  std::vector<Ack> acks;
  std::vector<std::string> refusals, checkpoints, proof_path;
  std::vector<bool> access;
  std::string proof_leaf;
  std::size_t online_count = 0;
  bool caught_up = false, reset = false, ended = false;

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

class RoomTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("mr-room-" + crypto::random_hex(4));
    catalog_ = std::make_unique<store::Catalog>(dir_);
    writer_ = std::make_unique<store::EventWriter>(dir_);
    store::Mediator m{"m1", "m1", "张三", "调委会", "x", 1};
    catalog_->add_mediator(m);
    room_id_ = create_room(*catalog_, m, "物业费纠纷", "房产物业", {})->id;
    thread_ = std::thread([this] { ioc_.run(); });
  }
  void TearDown() override {
    room_.reset();
    work_.reset();
    thread_.join();
    writer_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::shared_ptr<Room> open(std::int64_t checkpoint_every = 1000) {
    RoomServices services{*catalog_, *writer_,
                          [](const std::string&, std::uint64_t size, const record::Hash&) {
                            return "checkpoint " + std::to_string(size);
                          },
                          RoomLimits{}, checkpoint_every, std::chrono::milliseconds(50)};
    return room_ = std::make_shared<Room>(ioc_.get_executor(), *catalog_->room(room_id_),
                                          services, nullptr);
  }
  Identity invite_advisor() {
    auto made = create_invite(*catalog_, room_id_, "advisor", "", "赵法官", 24);
    return {made->participant.id, "赵法官", Role::advisor, std::nullopt};
  }
  std::shared_ptr<Recorder> enter(Identity who, std::int64_t last_seq = -1) {
    auto r = std::make_shared<Recorder>(std::move(who));
    room_->join(r, last_seq, std::nullopt);
    r->wait([](Recorder& x) { return x.caught_up; });
    return r;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Catalog> catalog_;
  std::unique_ptr<store::EventWriter> writer_;
  boost::asio::io_context ioc_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_{
      ioc_.get_executor()};
  std::thread thread_;
  std::string room_id_;
  std::shared_ptr<Room> room_;
};

const Identity kMediator{"pm", "张三", Role::mediator, std::nullopt};
const Identity kPartyA{"pa", "李四", Role::party, Side::A};
const Identity kPartyB{"pb", "王五", Role::party, Side::B};

TEST_F(RoomTest, AMessageIsAckedAndDeliveredToTheReadersOfItsChannelOnly) {
  open();
  auto m = enter(kMediator);
  auto a = enter(kPartyA);
  auto b = enter(kPartyB);
  room_->submit(a, "a1", Channel::caucus_a, "只给调解员");
  a->wait([](Recorder& r) { return !r.acks.empty(); });
  const auto seq = a->acks[0].seq;
  m->wait([&](Recorder& r) { return !r.seqs.empty() && r.seqs.back() == seq; });
  room_->submit(m, "m1", Channel::main, "大家好");
  b->wait([&](Recorder& r) { return !r.seqs.empty() && r.seqs.back() > seq; });
  EXPECT_EQ(std::count(b->seqs.begin(), b->seqs.end(), seq), 0);
}

TEST_F(RoomTest, WritingAForbiddenChannelIsRefusedAndRecordsNothing) {
  open();
  auto b = enter(kPartyB);
  room_->submit(b, "b1", Channel::caucus_a, "偷看");
  b->wait([](Recorder& r) { return !r.refusals.empty(); });
  EXPECT_EQ(b->refusals[0], "forbidden_channel");
  EXPECT_TRUE(b->acks.empty());
}

TEST_F(RoomTest, ARepeatedClientIdIsAckedAsADuplicateOfTheSameEvent) {
  open();
  auto a = enter(kPartyA);
  room_->submit(a, "same", Channel::main, "一次");
  room_->submit(a, "same", Channel::main, "一次");
  a->wait([](Recorder& r) { return r.acks.size() == 2; });
  EXPECT_EQ(a->acks[0].seq, a->acks[1].seq);
  EXPECT_NE(a->acks[0].duplicate, a->acks[1].duplicate);
}

TEST_F(RoomTest, ResumeReplaysOnlyWhatCameAfterTheLastSeqSeen) {
  open();
  auto m = enter(kMediator);
  for (int i = 0; i < 5; ++i) room_->submit(m, "m" + std::to_string(i), Channel::main, "消息");
  m->wait([](Recorder& r) { return r.acks.size() == 5; });
  auto a = enter(kPartyA, m->acks[2].seq);
  ASSERT_GE(a->seqs.size(), 2u);
  EXPECT_EQ(a->seqs.front(), m->acks[3].seq);
  EXPECT_TRUE(std::is_sorted(a->seqs.begin(), a->seqs.end()));
}

TEST_F(RoomTest, AReloadedRoomContinuesItsSequenceAndSlicesLongHistory) {
  open();
  auto m = enter(kMediator);
  const std::string big(2000, 'x');
  for (int i = 0; i < 400; ++i) room_->submit(m, "m" + std::to_string(i), Channel::main, big);
  m->wait([](Recorder& r) { return r.acks.size() == 400; });
  const auto last = m->acks.back().seq;
  room_.reset();
  open();  // as after a restart: everything comes from the store
  // 400 events of 2 KB exceed one replay slice (256 KiB): the recorder asks for the rest.
  auto a = std::make_shared<Recorder>(kPartyA);
  room_->join(a, -1, std::nullopt);
  a->wait([](Recorder& r) { return !r.seqs.empty(); });
  int continues = 0;
  for (;;) {
    std::size_t before;
    {
      std::unique_lock<std::mutex> lock(a->mutex());
      if (a->caught_up) break;
      before = a->seqs.size();
    }
    room_->continue_replay(a);
    ++continues;
    a->wait([&](Recorder& r) { return r.caught_up || r.seqs.size() > before; });
  }
  EXPECT_GT(continues, 0);
  EXPECT_EQ(a->seqs.back(), last);
  for (std::size_t i = 1; i < a->seqs.size(); ++i) EXPECT_EQ(a->seqs[i], a->seqs[i - 1] + 1);
}

TEST_F(RoomTest, AnAdvisorBroughtIntoMainReadsItOnlyFromThen) {
  open();
  auto advisor = invite_advisor();
  auto m = enter(kMediator);
  room_->submit(m, "before", Channel::main, "引入前");
  m->wait([](Recorder& r) { return r.acks.size() == 1; });
  const auto before = m->acks[0].seq;
  auto adv = enter(advisor);
  room_->set_advisor_in_main(m, "in-1", advisor.participant, true);
  adv->wait([](Recorder& r) { return r.access.size() == 1; });
  EXPECT_TRUE(adv->access[0]);
  room_->submit(adv, "a1", Channel::main, "法律规定如下");
  adv->wait([](Recorder& r) { return !r.acks.empty(); });
  room_->set_advisor_in_main(m, "out-1", advisor.participant, false);
  adv->wait([](Recorder& r) { return r.access.size() == 2; });
  room_->submit(adv, "a2", Channel::main, "送出后");
  adv->wait([](Recorder& r) { return !r.refusals.empty(); });
  EXPECT_EQ(adv->refusals[0], "forbidden_channel");
  // A fresh connection replays main only from the admission to the dismissal.
  auto again = enter(advisor);
  EXPECT_EQ(std::count(again->seqs.begin(), again->seqs.end(), before), 0);
  EXPECT_EQ(std::count(again->seqs.begin(), again->seqs.end(), adv->acks[0].seq), 1);
  // Only mediators decide; repeating a state is refused.
  auto a = enter(kPartyA);
  room_->set_advisor_in_main(a, "x", advisor.participant, true);
  a->wait([](Recorder& r) { return !r.refusals.empty(); });
  EXPECT_EQ(a->refusals[0], "forbidden");
  room_->set_advisor_in_main(m, "out-2", advisor.participant, false);
  m->wait([](Recorder& r) { return !r.refusals.empty(); });
  EXPECT_EQ(m->refusals[0], "unchanged");
}

TEST_F(RoomTest, CheckpointsAreSignedEveryNEventsAndProofsVerify) {
  open(3);
  auto m = enter(kMediator);
  for (int i = 0; i < 6; ++i) room_->submit(m, "m" + std::to_string(i), Channel::main, "记录");
  m->wait([](Recorder& r) { return r.checkpoints.size() >= 2; });
  EXPECT_EQ(m->checkpoints[0], "checkpoint 3");
  room_->inclusion_proof(m, 1, 6);
  m->wait([](Recorder& r) { return !r.proof_leaf.empty(); });
  EXPECT_EQ(m->proof_path.size(), 3u);  // a tree of 6 leaves: three siblings from leaf 1
}

}  // namespace
}  // namespace mr::room
