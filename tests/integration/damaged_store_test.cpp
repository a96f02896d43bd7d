// A store that lost acknowledged events is never served as if whole (issue 11): one flipped
// byte in the middle of the WAL after a crash makes SQLite drop every frame after it, silently;
// the server compares the log with the checkpoint it signed and kept outside the database
// (checkpoints.log), says so at start-up, and refuses the room.
#include <fstream>

#include "record/checkpoint.hpp"
#include "room_fixture.hpp"

namespace mr::test {
namespace {

class DamagedStore : public RoomFixture {
 protected:
  std::vector<std::string> serve_options() const override {
    return {"--checkpoint-every", "10", "--checkpoint-interval", "1", "--rate", "100000",
            "--burst", "100000"};
  }
  // Sends `n` messages and waits for a checkpoint that covers all of them; answers its size.
  std::int64_t say_and_sign(WsClient& ws, int n) {
    std::int64_t last = 0;
    for (int i = 0; i < n; ++i) {
      ws.send(send_frame("m-" + std::to_string(i), "main", "第" + std::to_string(i) + "条"));
      last = ws.next_of_type("ack")["seq"];
    }
    for (;;) {
      const std::string note = ws.next_of_type("checkpoint")["note"];
      auto parsed = record::parse_checkpoint(note);
      if (parsed && std::int64_t(parsed->checkpoint.size) > last)
        return std::int64_t(parsed->checkpoint.size);
    }
  }
  void flip_byte_in_the_middle(const std::filesystem::path& file) {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(0, std::ios::end);
    const auto middle = std::streamoff(f.tellg()) / 2;
    char c = 0;
    f.seekg(middle).get(c);
    f.seekp(middle).put(char(c ^ 0x5a));
  }
};

TEST_F(DamagedStore, ARoomBehindItsSignedCheckpointIsRefusedLoudly) {
  std::int64_t signed_size = 0;
  {
    auto m = join(mediator_);
    signed_size = say_and_sign(*m, 200);
  }
  server_->crash();
  const auto wal = dir_ / "mediation.db-wal";
  ASSERT_TRUE(std::filesystem::exists(wal)) << "no WAL left by the crash";
  flip_byte_in_the_middle(wal);
  restart_server();

  // Said at start-up, before anyone asks for the room.
  EXPECT_NE(server_->log().find("acknowledged events are lost"), std::string::npos)
      << server_->log();
  EXPECT_EQ(refused_upgrade(*tls_, server_->port(), ws_path(), party_a_.cookie).status, 503)
      << "the damaged room was served";
  EXPECT_TRUE(server_->wait_for_log("that this store does not extend", 1, 10s));
  EXPECT_NE(server_->log().find(std::to_string(signed_size)), std::string::npos);
}

TEST_F(DamagedStore, AnUndamagedStoreIsServedAfterACrash) {
  {
    auto m = join(mediator_);
    say_and_sign(*m, 50);
  }
  crash_and_restart();
  std::vector<json> replay;
  auto a = join(party_a_, &replay);
  bool last_found = false;
  for (const auto& e : events_in(replay)) last_found = last_found || e["body"].value("text", "") == "第49条";
  EXPECT_TRUE(last_found);
  EXPECT_EQ(server_->log().find("acknowledged events"), std::string::npos) << server_->log();
}

}  // namespace
}  // namespace mr::test
