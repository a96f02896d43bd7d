// A full disk (issue 11): the server refuses writes with `unavailable` and keeps the connection,
// goes on serving reads, never dies (not even restarted on the full disk, where SQLite's sparse
// WAL index used to raise SIGBUS), exports, and takes writes again once there is space. The data
// directory is a small ext4 with 1 KiB blocks on a loop device, made and removed by the test.
#include <sys/wait.h>

#include <fstream>

#include "room_fixture.hpp"

namespace mr::test {
namespace {

int shell(const std::string& command) {
  const int status = std::system((command + " >/dev/null 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class FullDisk : public RoomFixture {
 protected:
  void SetUp() override {
    base_ = fresh_dir("full-disk");
    const auto image = (base_ / "disk.img").string();
    const auto mount = base_ / "data";
    std::filesystem::create_directories(mount);
    // No blocks reserved for root: the test runs as root and must be able to fill it.
    if (shell("truncate -s 16M " + image) != 0 ||
        shell("mkfs.ext4 -q -F -b 1024 -m 0 " + image) != 0 ||
        shell("mount -o loop " + image + " " + mount.string()) != 0) {
      GTEST_SKIP() << "cannot mount a loop filesystem here (needs root and /dev/loop*)";
    }
    mounted_ = true;
    RoomFixture::SetUp();
  }
  std::filesystem::path make_data_dir(const std::string&) override {
    std::filesystem::permissions(base_ / "data", std::filesystem::perms::owner_all);
    return base_ / "data";
  }
  void remove_data_dir() override {
    if (mounted_) shell("umount " + (base_ / "data").string());
    std::error_code ignored;
    std::filesystem::remove_all(base_, ignored);
  }

  // Writes a file until the filesystem has no block left.
  void fill_disk() {
    std::ofstream filler(dir_ / "filler", std::ios::binary | std::ios::app);
    const std::string block(64 * 1024, '\0');
    while (filler.write(block.data(), block.size()).flush()) {
    }
    std::ofstream small(dir_ / "filler-tail", std::ios::binary | std::ios::app);
    while (small.put('\0').flush()) {
    }
  }
  void free_disk() {
    std::filesystem::remove(dir_ / "filler");
    std::filesystem::remove(dir_ / "filler-tail");
  }

  // Sends long messages until the store refuses one; returns the texts acknowledged meanwhile.
  std::vector<std::string> send_until_refused(WsClient& ws) {
    std::vector<std::string> acked;
    for (int i = 0; i < 1000; ++i) {
      const auto text = std::to_string(i) + std::string(3000, 'x');
      ws.send(send_frame("fill-" + std::to_string(i), "main", text));
      for (;;) {
        auto answer = ws.next();
        if (!answer) throw std::runtime_error("the connection ended");
        if ((*answer)["type"] == "ack") break;
        if ((*answer)["type"] == "error") {
          EXPECT_EQ((*answer)["code"], "unavailable") << answer->dump();
          return acked;
        }
      }
      acked.push_back(text);
    }
    ADD_FAILURE() << "1000 messages were taken on a full disk";
    return acked;
  }

  std::filesystem::path base_;
  bool mounted_ = false;
};

TEST_F(FullDisk, WritesAreRefusedReadsGoOnAndWritingResumesWhenSpaceReturns) {
  auto m = join(mediator_);
  m->send(send_frame("before", "main", "磁盘满之前说的话"));
  ASSERT_EQ(m->next_of_type("ack")["id"], "before");

  fill_disk();
  send_until_refused(*m);
  // The refusal left the connection open: it is refused again, not closed.
  m->send(send_frame("again", "main", "再试一次"));
  auto again = m->next_of_type("error");
  EXPECT_EQ(again["code"], "unavailable");
  EXPECT_EQ(again["ref"], "again");

  // Someone opening the room now still reads what was said.
  std::vector<json> replay;
  auto a = join(party_a_, &replay);
  bool found = false;
  for (const auto& e : events_in(replay)) found = found || e["body"].value("text", "") == "磁盘满之前说的话";
  EXPECT_TRUE(found) << "the history was not served while the disk was full";
  EXPECT_FALSE(a->closed());

  free_disk();
  m->send(send_frame("after", "main", "空间恢复之后"));
  EXPECT_EQ(m->next_of_type("ack")["id"], "after");
  EXPECT_EQ(event_with_text(*a, "空间恢复之后")["body"]["text"], "空间恢复之后");
}

TEST_F(FullDisk, AServerRestartedOnAFullDiskServesReadsRefusesLoginsAndExports) {
  {
    auto m = join(mediator_);
    m->send(send_frame("said", "main", "重启前的记录"));
    ASSERT_EQ(m->next_of_type("ack")["id"], "said");
  }
  server_->stop();  // its WAL files stay, as they would after a crash
  fill_disk();
  restart_server();

  // A login writes a session: refused with 503, and the server lives on.
  auto login = api("POST", "/api/login", {{"login", "m1"}, {"password", "correct-horse"}});
  EXPECT_EQ(login.status, 503) << login.body;
  std::vector<json> replay;
  auto a = join(party_a_, &replay);
  bool found = false;
  for (const auto& e : events_in(replay)) found = found || e["body"].value("text", "") == "重启前的记录";
  EXPECT_TRUE(found);
  a->send(send_frame("full", "main", "满盘时发的"));
  EXPECT_EQ(a->next_of_type("error")["code"], "unavailable");

  // The record can still be exported and verified, written somewhere with space.
  const auto bundle = base_ / "record.zip";
  auto exported = run_cli_status({"export", room_, "--data", dir_.string(), "--out", bundle.string()});
  EXPECT_EQ(exported.status, 0) << exported.output;
  const std::string key =
      json::parse(run_cli({"keys", "--data", dir_.string(), "--json"}))[0]["fingerprint"];
  auto verified = run_cli_status({"verify", bundle.string(), "--server-key", key});
  EXPECT_EQ(verified.status, 0) << verified.output;

  free_disk();
  login = api("POST", "/api/login", {{"login", "m1"}, {"password", "correct-horse"}});
  EXPECT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(kill(server_->pid(), 0), 0) << "the server died";
}

}  // namespace
}  // namespace mr::test
