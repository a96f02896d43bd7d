// The real server SIGKILLed at random moments while several clients write, then started again on
// its data directory, over several rounds (MR_CRASH_ROUNDS, 3 by default; more for a soak). After
// each restart: every acknowledged message is stored once, at the seq of its ack; the log has no
// gap; every event a client was shown before the crash is stored as it was shown (nothing shown
// was lost or renumbered); each client's replay is exactly the part of the log it may read; and
// the record exports and verifies with the server's key pinned.
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "room_fixture.hpp"

namespace mr::test {
namespace {

// One client writing as fast as its window allows until the server goes away.
struct Writer {
  std::string name;
  const Person* who;
  std::vector<std::string> channels;  // it writes to these in turn
  std::map<std::string, std::int64_t> acked;  // client id -> seq
  std::map<std::int64_t, std::string> shown;  // every event it was sent: seq -> frame text
  std::map<std::string, std::string> texts;   // client id -> text of everything it sent
};

class CrashUnderLoad : public RoomFixture {
 protected:
  // Load, not abuse: the per-connection rate limit would refuse most of each burst.
  std::vector<std::string> serve_options() const override {
    return {"--rate", "100000", "--burst", "100000"};
  }

  // Runs `writer` on `ws` until the connection ends: `per_client` messages, 8 in flight.
  void write(Writer& writer, WsClient& ws, int round, int per_client) {
    int sent = 0, answered = 0;
    auto send_next = [&] {
      const auto id = writer.name + "-" + std::to_string(round) + "-" + std::to_string(sent);
      ws.send(send_frame(id, writer.channels[sent % writer.channels.size()], "消息 " + id));
      writer.texts[id] = "消息 " + id;
      ++sent;
    };
    struct Finished {  // however it ends, the test waiting for acks hears of it
      CrashUnderLoad& test;
      ~Finished() {
        {
          std::lock_guard lock(test.mutex_);
          ++test.finished_;
        }
        test.grew_.notify_all();
      }
    } finished{*this};
    while (sent < 8) send_next();
    while (answered < sent) {
      auto frame = ws.next(10s);
      if (!frame) return;  // the server was killed
      if ((*frame)["type"] == "event")
        writer.shown[(*frame)["seq"]] = (*frame)["body"].dump() + (*frame)["header"].dump();
      if ((*frame)["type"] != "ack" && (*frame)["type"] != "error") continue;
      ++answered;
      if ((*frame)["type"] == "ack") {
        writer.acked[(*frame)["id"]] = (*frame)["seq"];
        {
          std::lock_guard lock(mutex_);
          ++acks_;
        }
        grew_.notify_all();
      }
      if (sent < per_client) send_next();
    }
  }

  // Every message ever acknowledged is stored once at its seq; no gap; what each writer was shown
  // is stored as shown; each one's replay is the part of the log it may read.
  void check_after_restart(std::vector<Writer>& writers) {
    std::vector<json> all;
    auto m = join(mediator_, &all);  // the mediator reads every channel
    std::map<std::int64_t, json> log;
    std::map<std::string, int> copies;
    for (const auto& e : events_in(all)) {
      log[e["seq"]] = e;
      if (e["body"].contains("client_id")) ++copies[e["body"]["client_id"]];
    }
    std::int64_t expected = 0;
    for (const auto& [seq, _] : log) ASSERT_EQ(seq, expected++) << "a gap in the log";
    for (auto& w : writers) {
      for (const auto& [id, seq] : w.acked) {
        ASSERT_TRUE(log.count(seq)) << id << " acknowledged at " << seq << " is gone";
        EXPECT_EQ(log[seq]["body"]["text"], w.texts[id]) << id;
      }
      for (const auto& [seq, text] : w.shown) {
        ASSERT_TRUE(log.count(seq)) << w.name << " was shown seq " << seq << ", now gone";
        EXPECT_EQ(log[seq]["body"].dump() + log[seq]["header"].dump(), text)
            << w.name << " was shown another seq " << seq;
      }
      std::vector<json> replay;
      auto again = join(*w.who, &replay);
      std::vector<std::int64_t> got, may_read;
      for (const auto& e : events_in(replay)) got.push_back(e["seq"]);
      for (const auto& [seq, e] : log)
        if (reads(w, e["header"]["channel"])) may_read.push_back(seq);
      // Its own join just now may follow the replay: compare the log as the mediator saw it.
      got.resize(std::min(got.size(), may_read.size()));
      EXPECT_EQ(got, may_read) << w.name << "'s replay is not what it may read";
    }
    for (const auto& [id, n] : copies) EXPECT_EQ(n, 1) << id << " is stored " << n << " times";
  }

  static bool reads(const Writer& w, const std::string& channel) {
    if (w.name == "mediator") return true;
    return channel == "main" || channel == "caucus:" + w.name.substr(w.name.size() - 1);
  }

  void check_record_verifies() {
    const auto bundle = dir_ / "after-crash.zip";
    run_cli({"export", room_, "--data", dir_.string(), "--out", bundle.string()});
    const std::string key =
        json::parse(run_cli({"keys", "--data", dir_.string(), "--json"}))[0]["fingerprint"];
    auto verified = run_cli_status({"verify", bundle.string(), "--server-key", key});
    EXPECT_EQ(verified.status, 0) << verified.output;
  }

  std::mutex mutex_;
  std::condition_variable grew_;
  int acks_ = 0, finished_ = 0;  // acks and ended writers in this round, guarded by mutex_
};

TEST_F(CrashUnderLoad, AcknowledgedMessagesSurviveSigkillAtRandomMoments) {
  const char* rounds_given = std::getenv("MR_CRASH_ROUNDS");
  const int rounds = rounds_given ? std::stoi(rounds_given) : 3;
  const auto seed = std::random_device{}();
  RecordProperty("seed", std::to_string(seed));
  std::mt19937 random(seed);
  constexpr int kPerClient = 60;
  std::vector<Writer> writers = {{"party-A", &party_a_, {"main"}, {}, {}, {}},
                                 {"party-B", &party_b_, {"main"}, {}, {}, {}},
                                 {"mediator", &mediator_, {"main", "caucus:A", "caucus:B"}, {}, {}, {}}};
  for (int round = 0; round < rounds; ++round) {
    // Killed once this many acks have come back (somewhere in the middle of the load).
    const int kill_after = std::uniform_int_distribution<int>(1, 3 * kPerClient - 20)(random);
    SCOPED_TRACE("round " + std::to_string(round) + ", killed after " +
                 std::to_string(kill_after) + " acks, seed " + std::to_string(seed));
    acks_ = finished_ = 0;
    std::vector<std::unique_ptr<WsClient>> clients;
    for (auto& w : writers) clients.push_back(join(*w.who));
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < writers.size(); ++i)
      threads.emplace_back([&, i] {
        try {
          write(writers[i], *clients[i], round, kPerClient);
        } catch (const std::exception&) {
          // A send into the connection of the killed server: this writer's round is over.
        }
      });
    {
      std::unique_lock lock(mutex_);
      grew_.wait(lock, [&] { return acks_ >= kill_after || finished_ == int(writers.size()); });
    }
    server_->crash();
    for (auto& t : threads) t.join();
    clients.clear();
    server_ = std::make_unique<ServerProcess>(dir_, serve_options());
    check_after_restart(writers);
    if (HasFatalFailure()) return;
  }
  std::size_t acked = 0;
  for (const auto& w : writers) acked += w.acked.size();
  RecordProperty("acknowledged", int(acked));
  check_record_verifies();
}

}  // namespace
}  // namespace mr::test
