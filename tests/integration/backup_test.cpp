// Backups (issue 15): `backup` copies the data directory while the server runs and people talk;
// `restore` puts it into a new directory, and a server there serves every event acknowledged
// before the backup began, the documents, and a record that verifies with the same server key.
#include "chatter.hpp"
#include "room_fixture.hpp"

namespace mr::test {
namespace {

namespace fs = std::filesystem;

const std::string kPdf =
    "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

class Backup : public RoomFixture {
 protected:
  std::vector<std::string> serve_options() const override {
    return {"--rate", "1000", "--burst", "1000"};
  }
  // Shares `bytes` as a document in main; answers its id.
  std::string share(const Person& who, const std::string& name, const std::string& bytes) {
    auto made = api("POST", "/r/" + room_ + "/api/uploads",
                    {{"name", name}, {"size", bytes.size()}, {"channel", "main"}}, who.cookie);
    EXPECT_EQ(made.status, 201) << made.body;
    const std::string upload = made.json_body()["upload"]["id"];
    auto done = https(*tls_, server_->port(), "PUT",
                      "/r/" + room_ + "/api/uploads/" + upload + "?offset=0", bytes, who.cookie);
    EXPECT_EQ(done.status, 201) << done.body;
    return done.json_body()["document"]["id"];
  }
  std::string fingerprint(const fs::path& data) {
    return json::parse(run_cli({"keys", "--data", data.string(), "--json"}))[0]["fingerprint"];
  }
};

TEST_F(Backup, TakenUnderLoadRestoresWhole) {
  const auto document = share(party_a_, "证据.pdf", kPdf);
  std::vector<json> first;
  join(mediator_, &first);
  const auto epoch = first.front()["epoch"].get<std::int64_t>();

  Chatter mediator(join(mediator_), "调解员");
  Chatter party(join(party_a_), "申请人");
  ASSERT_TRUE(mediator.wait_for_more(20)) << mediator.failure();
  ASSERT_TRUE(party.wait_for_more(20)) << party.failure();
  // Everything acknowledged before the backup begins must be in it.
  auto before = mediator.acks();
  before.merge(party.acks());
  const auto archive = dir_ / "backup.zip";
  auto made = run_cli_status({"backup", "--data", dir_.string(), "--out", archive.string()});
  ASSERT_EQ(made.status, 0) << made.output;
  // The talk went on through the backup.
  EXPECT_TRUE(mediator.wait_for_more(10)) << mediator.failure();
  EXPECT_TRUE(party.wait_for_more(10)) << party.failure();
  mediator.stop();
  party.stop();
  EXPECT_EQ(fs::status(archive).permissions() & (fs::perms::group_all | fs::perms::others_all),
            fs::perms::none);
  const auto key = fingerprint(dir_);
  server_->stop();

  const auto restored = dir_ / "restored";
  auto put_back =
      run_cli_status({"restore", "--from", archive.string(), "--data", restored.string()});
  ASSERT_EQ(put_back.status, 0) << put_back.output;
  // A restore never writes over a data directory in use.
  auto again = run_cli_status({"restore", "--from", archive.string(), "--data", restored.string()});
  EXPECT_EQ(again.status, 1);
  EXPECT_NE(again.output.find("not empty"), std::string::npos) << again.output;

  server_ = std::make_unique<ServerProcess>(restored, serve_options());
  tls_ = std::make_unique<boost::asio::ssl::context>(client_tls(restored));
  std::vector<json> replay;
  join(mediator_, &replay);  // the session cookies came back with the store
  EXPECT_GT(replay.front()["epoch"].get<std::int64_t>(), epoch);
  std::map<std::int64_t, std::string> served;
  for (const auto& e : events_in(replay))
    served[e["seq"].get<std::int64_t>()] = e["body"].value("text", "");
  std::size_t missing = 0;
  for (const auto& [seq, text] : before)
    if (served[seq] != text) ++missing;
  EXPECT_EQ(missing, 0u) << "of " << before.size() << " acknowledged before the backup";
  std::cout << "acknowledged before the backup: " << before.size()
            << ", events restored: " << served.size() << "\n";

  auto bytes = api("GET", "/r/" + room_ + "/api/documents/" + document, nullptr, party_a_.cookie);
  EXPECT_EQ(bytes.status, 200);
  EXPECT_EQ(bytes.body, kPdf);

  EXPECT_EQ(fingerprint(restored), key);
  const auto bundle = dir_ / "restored.zip";
  run_cli({"export", room_, "--data", restored.string(), "--out", bundle.string()});
  auto verified = run_cli_status({"verify", bundle.string(), "--server-key", key});
  EXPECT_EQ(verified.status, 0) << verified.output;
}

}  // namespace
}  // namespace mr::test
