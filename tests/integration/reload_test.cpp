// Certificates renewed without a restart (issue 15): after the files are replaced, SIGHUP or
// `mediation-room reload` makes new handshakes get the new certificate while open WebSockets go
// on sending; a bad pair is refused with a clear line and the old certificate keeps serving.
#include <signal.h>

#include "chatter.hpp"
#include "net/dev_certificate.hpp"
#include "room_fixture.hpp"
#include "tls_probe.hpp"

namespace mr::test {
namespace {

namespace fs = std::filesystem;

class Reload : public RoomFixture {
 protected:
  // The server's own certificate sits where client_tls() looks for one, but is passed as
  // --cert/--key: a configured certificate, as an operator's would be.
  std::vector<std::string> serve_options() const override {
    auto files = net::ensure_dev_certificate(dir_ / "tls");
    return {
        "--cert", files.chain.string(), "--key", files.key.string(), "--rate", "1000", "--burst",
        "1000"};
  }
  // A new pair, as an ACME client would leave it, written over the files in use.
  std::string renew(const std::string& name) {
    auto next = net::ensure_dev_certificate(dir_ / name);
    fs::copy_file(next.chain, dir_ / "tls" / "dev-cert.pem", fs::copy_options::overwrite_existing);
    fs::copy_file(next.key, dir_ / "tls" / "dev-key.pem", fs::copy_options::overwrite_existing);
    return certificate_fingerprint(next.chain);
  }
  std::string served() { return probe_tls(server_->port()).fingerprint; }
};

TEST_F(Reload, ANewCertificateIsServedWhileOpenConnectionsGoOnSending) {
  Chatter mediator(join(mediator_), "调解员");
  Chatter party(join(party_a_), "申请人");
  ASSERT_TRUE(mediator.wait_for_more(10)) << mediator.failure();
  ASSERT_TRUE(party.wait_for_more(10)) << party.failure();
  const auto before = served();

  const auto renewed = renew("renewed");
  auto reloaded = run_cli_status({"reload", "--data", dir_.string()});
  EXPECT_EQ(reloaded.status, 0) << reloaded.output;
  EXPECT_NE(reloaded.output.find(renewed), std::string::npos) << reloaded.output;
  EXPECT_NE(renewed, before);
  EXPECT_EQ(served(), renewed);
  // A client that trusts only the new certificate now connects.
  auto trusting_new = client_tls(dir_);
  EXPECT_EQ(https(trusting_new, server_->port(), "GET", "/healthz").status, 200);

  // The connections opened before the reload were never dropped and are still acknowledged.
  EXPECT_TRUE(mediator.wait_for_more(10)) << mediator.failure();
  EXPECT_TRUE(party.wait_for_more(10)) << party.failure();
  auto acked = mediator.stop().size() + party.stop().size();
  EXPECT_EQ(mediator.failure() + party.failure(), "");
  std::cout << "acknowledged through the reload: " << acked << " messages\n";
}

TEST_F(Reload, ABadPairIsRefusedAndTheOldCertificateKeepsServing) {
  auto ws = join(party_a_);
  const auto in_use = served();
  // A certificate whose key is not its own, as a half-finished renewal leaves it.
  auto other = net::ensure_dev_certificate(dir_ / "other");
  fs::copy_file(other.chain, dir_ / "tls" / "dev-cert.pem", fs::copy_options::overwrite_existing);

  auto refused = run_cli_status({"reload", "--data", dir_.string()});
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.output.find("cannot use key"), std::string::npos) << refused.output;
  EXPECT_TRUE(server_->wait_for_log("tls reload refused, the certificate in use stays", 1, 5s));
  EXPECT_EQ(served(), in_use);
  ws->send(send_frame("after-refusal", "main", "还在"));
  EXPECT_EQ(ws->next_of_type("ack")["id"], "after-refusal");
}

TEST_F(Reload, SighupReloadsToo) {
  const auto renewed = renew("by-signal");
  kill(server_->pid(), SIGHUP);
  ASSERT_TRUE(server_->wait_for_log("tls certificate reloaded", 1, 5s)) << server_->log();
  EXPECT_EQ(served(), renewed);
}

TEST_F(Reload, ReloadSaysSoWhenNoServerRuns) {
  auto empty = fresh_dir("no-server");
  auto answer = run_cli_status({"reload", "--data", empty.string()});
  fs::remove_all(empty);
  EXPECT_EQ(answer.status, 1);
  EXPECT_NE(answer.output.find("no server is running"), std::string::npos) << answer.output;
}

}  // namespace
}  // namespace mr::test
