// The room without any socket: delivery by channel, idempotent sends, replay and resume, the
// advisor's time in the joint room, checkpoints and proofs, and the clock.
#include "crypto/encoding.hpp"
#include "record/merkle_tree.hpp"
#include "room_fixture.hpp"

namespace mr::room {
namespace {

TEST_F(RoomTest, AMessageIsAckedAndDeliveredToTheReadersOfItsChannelOnly) {
  open();
  auto m = enter(mediator_);
  auto a = enter(kPartyA);
  auto b = enter(kPartyB);
  const auto caucus = say(a, "a1", Channel::caucus_a, "只给调解员");
  ASSERT_GE(caucus, 0);
  ASSERT_TRUE(received(m, caucus));
  const auto joint = say(m, "m1", Channel::main, "大家好");
  ASSERT_TRUE(received(b, joint));
  // B got the later joint message, so it would have got the caucus one before it.
  auto seen = b->seqs();
  EXPECT_EQ(std::count(seen.begin(), seen.end(), caucus), 0);
}

TEST_F(RoomTest, WritingAForbiddenChannelIsRefusedAndRecordsNothing) {
  open();
  auto b = enter(kPartyB);
  const auto before = *store_->next_seq(room_id_);
  EXPECT_EQ(say(b, "b1", Channel::caucus_a, "偷看"), -1);
  EXPECT_EQ(b->with([](Recorder& r) { return r.refusals.at(0).code; }), "forbidden_channel");
  EXPECT_EQ(b->with([](Recorder& r) { return r.refusals.at(0).ref; }), "b1");
  EXPECT_EQ(*store_->next_seq(room_id_), before);
}

TEST_F(RoomTest, ARepeatedClientIdIsAckedAsADuplicateOfTheSameEventAndRecordedOnce) {
  open();
  auto a = enter(kPartyA);
  const auto before = *store_->next_seq(room_id_);
  room_->submit(a, "same", Channel::main, "一次");
  room_->submit(a, "same", Channel::main, "一次");
  ASSERT_TRUE(a->wait([](Recorder& r) { return r.acks.size() == 2; }));
  auto acks = a->with([](Recorder& r) { return r.acks; });
  EXPECT_EQ(acks[0].seq, acks[1].seq);
  EXPECT_FALSE(acks[0].duplicate);
  EXPECT_TRUE(acks[1].duplicate);
  // The party's own arrival and one message: nothing more.
  EXPECT_EQ(*store_->next_seq(room_id_), before + 1);
}

TEST_F(RoomTest, ARetryOlderThanTheMemoryWindowIsStillRecognisedFromTheStore) {
  limits_.recent_requests = 2;
  open();
  auto a = enter(kPartyA);
  const auto first = say(a, "first", Channel::main);
  for (int i = 0; i < 5; ++i) say(a, "later-" + std::to_string(i), Channel::main);
  const auto before = *store_->next_seq(room_id_);
  room_->submit(a, "first", Channel::main, "消息");
  ASSERT_TRUE(a->wait([](Recorder& r) { return r.acks.size() == 7; }));
  auto ack = a->with([](Recorder& r) { return r.acks.back(); });
  EXPECT_EQ(ack.seq, first);
  EXPECT_TRUE(ack.duplicate);
  EXPECT_EQ(*store_->next_seq(room_id_), before);
}

TEST_F(RoomTest, ResumeReplaysExactlyTheVisibleEventsAfterTheLastSeqSeen) {
  open();
  auto m = enter(mediator_);
  std::vector<std::int64_t> joint;
  for (int i = 0; i < 5; ++i) {
    joint.push_back(say(m, "m" + std::to_string(i), Channel::main));
    say(m, "c" + std::to_string(i), Channel::caucus_b);  // B's caucus: never for A
  }
  auto a = enter(kPartyA, joint[2]);
  auto replay = a->with([](Recorder& r) {
    std::vector<std::int64_t> out;
    for (std::size_t i = 0; i < r.replayed; ++i) out.push_back(r.events[i]->seq);
    return out;
  });
  EXPECT_EQ(replay, std::vector<std::int64_t>(joint.begin() + 3, joint.end()));
}

TEST_F(RoomTest, AReloadedRoomContinuesItsSequenceAndSlicesLongHistory) {
  open();
  auto m = enter(mediator_);
  const std::string big(2000, 'x');
  for (int i = 0; i < 400; ++i) room_->submit(m, "m" + std::to_string(i), Channel::main, big);
  ASSERT_TRUE(m->wait([](Recorder& r) { return r.acks.size() == 400; }));
  const auto last = m->with([](Recorder& r) { return r.acks.back().seq; });
  room_.reset();
  open();  // as after a restart: everything comes from the store
  // 400 events of 2 KB exceed one replay slice (256 KiB): the recorder asks for the rest.
  auto a = std::make_shared<Recorder>(kPartyA);
  room_->join(a, -1, std::nullopt);
  ASSERT_TRUE(a->wait([](Recorder& r) { return !r.events.empty(); }));
  int continues = 0;
  for (;;) {
    const auto [done, seen] =
        a->with([](Recorder& r) { return std::pair(r.caught_up, r.events.size()); });
    if (done) break;
    const auto before = seen;  // a lambda may not capture a structured binding (clang 14)
    room_->continue_replay(a);
    ++continues;
    ASSERT_TRUE(a->wait([&](Recorder& r) { return r.caught_up || r.events.size() > before; }));
  }
  EXPECT_GT(continues, 0);
  auto seqs = a->with([](Recorder& r) {
    std::vector<std::int64_t> out;
    for (std::size_t i = 0; i < r.replayed; ++i) out.push_back(r.events[i]->seq);
    return out;
  });
  EXPECT_EQ(seqs.back(), last);
  for (std::size_t i = 1; i < seqs.size(); ++i) EXPECT_EQ(seqs[i], seqs[i - 1] + 1);
  // The sequence goes on after the reload: A's own arrival is last + 1, her message last + 2.
  EXPECT_EQ(say(a, "after", Channel::main), last + 2);
}

TEST_F(RoomTest, AStaleEpochOrAPositionBeyondTheHeadResetsTheClient) {
  open();
  auto m = enter(mediator_);
  const auto head = say(m, "m", Channel::main);
  auto a = std::make_shared<Recorder>(kPartyA);
  room_->join(a, head + 50, std::nullopt);
  ASSERT_TRUE(a->wait([](Recorder& r) { return r.caught_up; }));
  EXPECT_TRUE(a->with([](Recorder& r) { return r.reset && r.events.front()->seq == 0; }));
  auto b = std::make_shared<Recorder>(kPartyB);
  room_->join(b, head, 99);
  ASSERT_TRUE(b->wait([](Recorder& r) { return r.caught_up; }));
  EXPECT_TRUE(b->with([](Recorder& r) { return r.reset; }));
}

TEST_F(RoomTest, AnAdvisorBroughtIntoMainReadsItOnlyFromThen) {
  open();
  auto advisor = invite("advisor", "", "赵法官");
  auto m = enter(mediator_);
  const auto before = say(m, "before", Channel::main, "引入前");
  auto adv = enter(advisor);
  room_->set_advisor_in_main(m, "in-1", advisor.participant, true);
  ASSERT_TRUE(adv->wait([](Recorder& r) { return r.access.size() == 1; }));
  EXPECT_TRUE(adv->with([](Recorder& r) { return r.access[0]; }));
  const auto said = say(adv, "a1", Channel::main, "法律规定如下");
  ASSERT_GE(said, 0);
  room_->set_advisor_in_main(m, "out-1", advisor.participant, false);
  ASSERT_TRUE(adv->wait([](Recorder& r) { return r.access.size() == 2; }));
  EXPECT_EQ(say(adv, "a2", Channel::main, "送出后"), -1);
  EXPECT_EQ(adv->with([](Recorder& r) { return r.refusals.back().code; }), "forbidden_channel");
  // A fresh connection replays main only from the admission to the dismissal.
  auto again = enter(advisor, -1, false);
  auto seen = again->seqs();
  EXPECT_EQ(std::count(seen.begin(), seen.end(), before), 0);
  EXPECT_EQ(std::count(seen.begin(), seen.end(), said), 1);
  // Only mediators decide; repeating a state or naming no advisor is refused.
  auto a = enter(kPartyA);
  room_->set_advisor_in_main(a, "x", advisor.participant, true);
  ASSERT_TRUE(a->wait([](Recorder& r) { return !r.refusals.empty(); }));
  EXPECT_EQ(a->with([](Recorder& r) { return r.refusals[0].code; }), "forbidden");
  room_->set_advisor_in_main(m, "out-2", advisor.participant, false);
  room_->set_advisor_in_main(m, "who", kPartyA.participant, true);
  ASSERT_TRUE(m->wait([](Recorder& r) { return r.refusals.size() == 2; }));
  EXPECT_EQ(m->with([](Recorder& r) { return r.refusals[0].code; }), "unchanged");
  EXPECT_EQ(m->with([](Recorder& r) { return r.refusals[1].code; }), "unknown_participant");
}

TEST_F(RoomTest, EveryoneIsToldTheNamesOfThoseTheyTalkWithAndNoOneElse) {
  open();
  auto advisor = invite("advisor", "", "赵法官");
  auto party = invite("party", "A", "李四");
  auto adv = enter(advisor);
  auto a = enter(party);
  auto names = [](const std::shared_ptr<Recorder>& r) {
    return r->with([](Recorder& x) {
      std::set<std::string> out;
      for (const auto& p : x.people) out.insert(p.name);
      return out;
    });
  };
  // The advisor knows the mediator and the parties (the case); the parties do not know of an
  // advisor who has not been in the joint room.
  EXPECT_EQ(names(adv), (std::set<std::string>{"张三", "赵法官", "李四"}));
  EXPECT_EQ(names(a), (std::set<std::string>{"张三", "李四"}));
  // The advisor in consult sees the mediator present; the party does not see the advisor.
  auto m = enter(mediator_);
  ASSERT_TRUE(adv->wait([&](Recorder& r) {
    return std::count(r.present.begin(), r.present.end(), mediator_.participant) == 1;
  }));
  ASSERT_TRUE(a->wait([&](Recorder& r) {
    return std::count(r.present.begin(), r.present.end(), mediator_.participant) == 1;
  }));
  EXPECT_EQ(a->with([&](Recorder& r) {
    return std::count(r.present.begin(), r.present.end(), advisor.participant);
  }),
            0);
}

TEST_F(RoomTest, AReconnectWithinTheGraceIsNeitherADepartureNorAnArrival) {
  limits_.leave_grace = std::chrono::hours(1);
  open();
  auto m = enter(mediator_);
  auto first = enter(kPartyA);
  room_->leave(first);
  auto second = enter(kPartyA, -1, false);  // a reload: no second arrival
  const auto barrier = say(m, "barrier", Channel::main);
  ASSERT_TRUE(received(m, barrier));
  auto kinds = m->with([](Recorder& r) {
    std::vector<std::string> out;
    for (const auto& e : r.events) out.push_back(e->kind);
    return out;
  });
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "participant.left"), 0);
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "participant.joined"), 2);  // m, then A once
}

TEST_F(RoomTest, ADepartureIsRecordedOnceTheGraceHasPassed) {
  limits_.leave_grace = std::chrono::milliseconds(20);
  open();
  auto m = enter(mediator_);
  auto a = enter(kPartyA);
  room_->leave(a);
  ASSERT_TRUE(m->wait([](Recorder& r) {
    for (const auto& e : r.events)
      if (e->kind == "participant.left" && e->actor == kPartyA.participant) return true;
    return false;
  }));
  ASSERT_TRUE(m->wait([](Recorder& r) {
    return std::count(r.present.begin(), r.present.end(), kPartyA.participant) == 0;
  }));
}

TEST_F(RoomTest, TheRecordsTimeNeverGoesBackWhateverTheClockSays) {
  open();
  auto m = enter(mediator_);
  const auto first = say(m, "m1", Channel::main);
  clock_ms_ -= 3600 * 1000;  // an NTP step back
  const auto second = say(m, "m2", Channel::main);
  ASSERT_TRUE(received(m, second));
  auto times = m->with([&](Recorder& r) {
    std::map<std::int64_t, std::int64_t> out;
    for (const auto& e : r.events) out[e->seq] = e->time_ms;
    return out;
  });
  EXPECT_GE(times[second], times[first]);
  // And across a reload: the room starts from the time of its newest event.
  room_.reset();
  open();
  auto again = enter(mediator_);
  const auto third = say(again, "m3", Channel::main);
  ASSERT_TRUE(received(again, third));
  EXPECT_GE(again->with([&](Recorder& r) { return r.events.back()->time_ms; }), times[second]);
}

TEST_F(RoomTest, CheckpointsAreSignedEveryNEventsAndProofsVerifyAgainstTheStoredLog) {
  open(3);
  auto m = enter(mediator_);  // the room's event 0, the mediator's arrival 1
  for (int i = 0; i < 4; ++i) say(m, "m" + std::to_string(i), Channel::main);
  ASSERT_TRUE(m->wait([](Recorder& r) { return r.checkpoints.size() >= 2; }));
  EXPECT_EQ(m->with([](Recorder& r) { return r.checkpoints[0].note; }), "checkpoint 3");
  EXPECT_EQ(m->with([](Recorder& r) { return r.checkpoints[1].note; }), "checkpoint 6");

  // The tree rebuilt from the stored headers, independently of the room.
  record::MerkleTree tree;
  ASSERT_TRUE(store_->for_each_event(room_id_, 0, [&](store::StoredEvent&& e) {
    if (e.seq < 6) tree.append(record::leaf_hash(e.header));
  }));
  auto hashes = [](const std::vector<std::string>& hex) {
    std::vector<record::Hash> out;
    for (const auto& h : hex) {
      record::Hash x{};
      auto bytes = *crypto::from_hex(h);
      std::copy(bytes.begin(), bytes.end(), x.begin());
      out.push_back(x);
    }
    return out;
  };
  room_->inclusion_proof(m, "p1", 1, 6);
  room_->consistency_proof(m, "c1", 3, 6);
  ASSERT_TRUE(m->wait([](Recorder& r) { return r.proofs.size() == 2; }));
  auto proofs = m->with([](Recorder& r) { return r.proofs; });
  EXPECT_EQ(proofs[0].ref, "p1");
  EXPECT_EQ(proofs[0].leaf, crypto::to_hex(crypto::as_view(tree.leaf(1))));
  EXPECT_TRUE(record::verify_inclusion(tree.leaf(1), 1, 6, hashes(proofs[0].path), tree.root()));
  EXPECT_EQ(proofs[1].ref, "c1");
  EXPECT_TRUE(record::verify_consistency(3, 6, *tree.root(3), tree.root(), hashes(proofs[1].path)));
}

TEST_F(RoomTest, AProofIsRefusedForAnEventTheAskerMayNotReadAndEchoesItsId) {
  open();
  auto m = enter(mediator_);
  const auto secret = say(m, "c", Channel::caucus_b, "只给乙方");
  auto a = enter(kPartyA);
  room_->inclusion_proof(a, "mine", secret, secret + 1);
  room_->inclusion_proof(a, "far", 0, 10'000);
  room_->latest_checkpoint(a, "cp");
  ASSERT_TRUE(a->wait([](Recorder& r) { return r.refusals.size() == 3; }));
  auto refusals = a->with([](Recorder& r) { return r.refusals; });
  EXPECT_EQ(refusals[0].code, "forbidden");
  EXPECT_EQ(refusals[0].ref, "mine");
  EXPECT_EQ(refusals[1].code, "out_of_range");
  EXPECT_EQ(refusals[1].ref, "far");
  EXPECT_EQ(refusals[2].code, "out_of_range");  // nothing signed yet
  EXPECT_EQ(refusals[2].ref, "cp");
}

TEST_F(RoomTest, ARefusedWriteIsToldToTheSenderAndTheRoomWritesAgainWhenTheStoreDoes) {
  open();
  auto m = enter(mediator_);
  auto a = enter(kPartyA);
  store_->fault = test::FaultyStore::Fault::refuse;
  EXPECT_EQ(say(a, "lost", Channel::main), -1);
  EXPECT_EQ(a->with([](Recorder& r) { return r.refusals.back().code; }), "unavailable");
  EXPECT_EQ(a->with([](Recorder& r) { return r.refusals.back().ref; }), "lost");
  EXPECT_FALSE(a->with([](Recorder& r) { return r.ended.has_value(); }));  // still connected
  store_->fault = test::FaultyStore::Fault::none;
  const auto retried = say(a, "lost", Channel::main);  // the same id: nothing was recorded
  ASSERT_GE(retried, 0);
  EXPECT_FALSE(a->with([](Recorder& r) { return r.acks.back().duplicate; }));
  EXPECT_TRUE(received(m, retried));
  EXPECT_EQ(*store_->next_seq(room_id_), retried + 1);  // no gap before it
}

TEST_F(RoomTest, ARefusedWriteThatLandedAnywayIsFoundAndARetryIsItsDuplicate) {
  open();
  auto m = enter(mediator_);
  auto a = enter(kPartyA);
  store_->fault = test::FaultyStore::Fault::land_but_refuse;
  EXPECT_EQ(say(a, "maybe", Channel::main), -1);
  store_->fault = test::FaultyStore::Fault::none;
  const auto landed = *store_->next_seq(room_id_) - 1;
  // The retry finds what the store really holds: the same event, not a second one.
  const auto retried = say(a, "maybe", Channel::main);
  EXPECT_EQ(retried, landed);
  EXPECT_TRUE(a->with([](Recorder& r) { return r.acks.back().duplicate; }));
  EXPECT_TRUE(received(m, landed));  // and everyone gets it once the room has re-read it
  EXPECT_EQ(*store_->next_seq(room_id_), landed + 1);
}

TEST_F(RoomTest, TypingReachesOthersWhoReadTheChannelButNotTheTypist) {
  open();
  auto m = enter(mediator_);
  auto a = enter(kPartyA);
  auto b = enter(kPartyB);
  room_->typing(a, Channel::caucus_a);
  ASSERT_TRUE(m->wait([](Recorder& r) { return !r.typing.empty(); }));
  const auto barrier = say(m, "after", Channel::main);
  ASSERT_TRUE(received(b, barrier));
  ASSERT_TRUE(received(a, barrier));
  EXPECT_TRUE(b->with([](Recorder& r) { return r.typing.empty(); }));
  EXPECT_TRUE(a->with([](Recorder& r) { return r.typing.empty(); }));
  EXPECT_FALSE(m->saw_kind("typing"));  // typing is not recorded
}

}  // namespace
}  // namespace mr::room
