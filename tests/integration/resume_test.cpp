// Durability and resumption: acks after commit, exact resume, idempotent retries, restarts.
#include "plain_http.hpp"
#include "room_fixture.hpp"

namespace mr::test {
namespace {

class Resume : public RoomFixture {};

std::int64_t ack_of(WsClient& ws, const json& frame) {
  ws.send(frame);
  auto ack = ws.next_of_type("ack");
  EXPECT_EQ(ack["id"], frame["id"]);
  return ack["seq"];
}

std::vector<std::int64_t> seqs(const std::vector<json>& frames) {
  std::vector<std::int64_t> out;
  for (const auto& e : events_in(frames)) out.push_back(e["seq"]);
  return out;
}

TEST_F(Resume, AClientThatDropsGetsExactlyTheEventsItMissed) {
  auto m = join(mediator_);
  std::vector<json> first;
  auto a = join(party_a_, &first);
  const auto welcome_epoch = first.front()["epoch"].get<std::int64_t>();
  const auto seen_before = ack_of(*a, send_frame("a-1", "main", "第一条"));
  a->drop();

  // While A is away: two messages A may read, one it may not.
  auto s1 = ack_of(*m, send_frame("m-1", "main", "错过的第一条"));
  auto hidden = ack_of(*m, send_frame("m-2", "caucus:B", "给对方的私下话"));
  auto s2 = ack_of(*m, send_frame("m-3", "caucus:A", "给您的私下话"));

  auto again = connect(party_a_);
  auto replay = hello(*again, seen_before, welcome_epoch);
  EXPECT_EQ(replay.front()["type"], "welcome");
  EXPECT_EQ(replay.front()["reset"], false);
  auto got = seqs(replay);
  // Only events after seen_before that A may read: the messages, and the join/leave records.
  ASSERT_FALSE(got.empty());
  EXPECT_GT(got.front(), seen_before);
  EXPECT_TRUE(std::is_sorted(got.begin(), got.end()));
  EXPECT_EQ(std::adjacent_find(got.begin(), got.end()), got.end()) << "a duplicate";
  EXPECT_NE(std::find(got.begin(), got.end(), s1), got.end());
  EXPECT_NE(std::find(got.begin(), got.end(), s2), got.end());
  EXPECT_EQ(std::find(got.begin(), got.end(), hidden), got.end());

  // Then live events follow, with nothing between.
  auto live = ack_of(*m, send_frame("m-4", "main", "实时消息"));
  auto e = again->next_of_type("event");
  while (e["seq"] != live) {
    EXPECT_GT(e["seq"].get<std::int64_t>(), got.back());
    e = again->next_of_type("event");
  }
  EXPECT_EQ(e["body"]["text"], "实时消息");
}

TEST_F(Resume, ARetriedSendIsRecordedOnce) {
  auto a = join(party_a_);
  auto first = ack_of(*a, send_frame("retry-1", "main", "只记录一次"));
  a->drop();
  auto again = connect(party_a_);
  hello(*again);
  again->send(send_frame("retry-1", "main", "只记录一次"));
  auto ack = again->next_of_type("ack");
  EXPECT_EQ(ack["seq"], first);
  EXPECT_EQ(ack["duplicate"], true);

  std::vector<json> replay;
  auto m = join(mediator_, &replay);
  int copies = 0;
  for (const auto& e : events_in(replay)) copies += e["body"].value("text", "") == "只记录一次";
  EXPECT_EQ(copies, 1);
}

TEST_F(Resume, ARestartLosesNothingAcknowledged) {
  std::vector<std::int64_t> acked;
  {
    auto a = join(party_a_);
    auto m = join(mediator_);
    for (int i = 0; i < 20; ++i)
      acked.push_back(ack_of(i % 2 ? *a : *m, send_frame("r-" + std::to_string(i), "main",
                                                         "重启前第" + std::to_string(i) + "条")));
  }
  restart_server();

  std::vector<json> replay;
  auto m = join(mediator_, &replay);
  auto events = events_in(replay);
  auto got = seqs(replay);
  for (auto s : acked) EXPECT_NE(std::find(got.begin(), got.end(), s), got.end()) << s;
  // The mediator reads every channel: the replay is the whole log, numbered without a gap.
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], std::int64_t(i));
  // New events continue the sequence.
  auto next = ack_of(*m, send_frame("after", "main", "重启后"));
  EXPECT_GT(next, got.back());
}

// Acked events survive a crash, not only a graceful stop: SIGKILL right after the last ack of a
// burst, so nothing of the server's shutdown can run (PROTOCOL.md §3, Durability).
TEST_F(Resume, ACrashLosesNothingAcknowledged) {
  std::map<std::int64_t, std::string> acked;  // seq -> text
  {
    auto a = join(party_a_);
    auto m = join(mediator_);
    // Pipelined: the sends go out at once (within the burst of 40), the acks come back after.
    for (auto* ws : {a.get(), m.get()})
      for (int i = 0; i < 35; ++i)
        ws->send(send_frame((ws == a.get() ? "a-" : "m-") + std::to_string(i), "main",
                            "崩溃前第" + std::to_string(i) + "条"));
    for (auto* ws : {a.get(), m.get()})
      for (int i = 0; i < 35; ++i) {
        auto ack = ws->next_of_type("ack");
        const std::string id = ack["id"];
        acked[ack["seq"]] = "崩溃前第" + id.substr(2) + "条";
      }
    crash_and_restart();
  }
  ASSERT_EQ(acked.size(), 70u);

  std::vector<json> replay;
  auto m = join(mediator_, &replay);
  std::map<std::int64_t, std::string> stored;
  for (const auto& e : events_in(replay)) stored[e["seq"]] = e["body"].value("text", "");
  for (const auto& [seq, text] : acked) EXPECT_EQ(stored[seq], text) << "seq " << seq;
  // The record has no gap, and a retried send is still known after the crash.
  std::int64_t expected = 0;
  for (const auto& [seq, _] : stored) EXPECT_EQ(seq, expected++);
  m->send(send_frame("m-34", "main", "崩溃前第34条"));
  auto again = m->next_of_type("ack");
  EXPECT_EQ(again["duplicate"], true);
  EXPECT_EQ(acked[again["seq"]], "崩溃前第34条");
}

// PROTOCOL.md §3: a last_seq the room never reached (the client holds what the server never
// committed) is treated like a stale epoch.
TEST_F(Resume, ALastSeqBeyondTheHeadReplaysFromTheStart) {
  std::vector<json> first;
  auto a = join(party_a_, &first);
  const auto epoch = first.front()["epoch"].get<std::int64_t>();
  const auto head = first.front()["head"].get<std::int64_t>();
  auto again = connect(party_a_);
  auto replay = hello(*again, head + 50, epoch);
  EXPECT_EQ(replay.front()["reset"], true);
  ASSERT_FALSE(events_in(replay).empty());
  EXPECT_EQ(events_in(replay).front()["seq"], 0);
}

// 2^64-1 is an integer to a JSON parser, but beyond what a seq can be (it once read as -1).
TEST_F(Resume, ALastSeqBeyond64BitsIsABadFrame) {
  auto a = connect(party_a_);
  a->send_text(R"({"type":"hello","last_seq":18446744073709551615})");
  auto answer = a->next();
  ASSERT_TRUE(answer);
  EXPECT_EQ((*answer)["type"], "error") << *answer;
  EXPECT_EQ((*answer)["code"], "bad_frame");
}

TEST_F(Resume, AStaleEpochReplaysFromTheStart) {
  auto a = connect(party_a_);
  auto replay = hello(*a, 5, 999);
  EXPECT_EQ(replay.front()["reset"], true);
  EXPECT_EQ(events_in(replay).front()["seq"], 0);
}

}  // namespace
}  // namespace mr::test

namespace mr::test {
namespace {

class SlowReader : public RoomFixture {
 protected:
  std::vector<std::string> serve_options() const override {
    return {"--send-queue", "65536", "--rate", "100000", "--burst", "100000"};
  }
};

// A client that stops reading is closed with 4003 once its queue passes the bound, instead of
// growing the server's memory; it then resumes and misses nothing.
TEST_F(SlowReader, IsClosedWith4003AndResumesWithoutALoss) {
  std::vector<json> first;
  auto slow = join(party_b_, &first);
  const auto epoch = first.front()["epoch"].get<std::int64_t>();
  std::int64_t seen = -1;
  for (const auto& e : events_in(first)) seen = e["seq"];

  auto m = join(mediator_);
  const std::string text(4000, 'x');
  std::int64_t last = 0;
  // Far more than the kernel's socket buffers hold, so the server's queue must fill up.
  for (int i = 0; i < 2000; ++i) {
    m->send({{"type", "send"},
             {"id", "flood-" + std::to_string(i)},
             {"channel", "main"},
             {"text", text}});
    last = m->next_of_type("ack")["seq"];
    // Stop once the server has logged that it gave up on the slow reader.
    if (i % 100 == 99 && server_->log().find("code=4003") != std::string::npos) break;
  }
  EXPECT_EQ(slow->wait_close(30s), 4003);
  // Counted (before the close frame was queued) for an operator's alert.
  EXPECT_GE(sample(https(*tls_, server_->port(), "GET", "/metrics").body,
                   "mediation_send_queue_closes_total"),
            1);
  for (const auto& e : events_in(slow->received()))
    seen = std::max(seen, e["seq"].get<std::int64_t>());

  auto again = connect(party_b_);
  auto replay = hello(*again, seen, epoch);
  auto events = events_in(replay);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front()["seq"], seen + 1);
  std::int64_t newest = 0;
  for (const auto& e : events) newest = std::max(newest, e["seq"].get<std::int64_t>());
  EXPECT_GE(newest, last);
}

}  // namespace
}  // namespace mr::test
