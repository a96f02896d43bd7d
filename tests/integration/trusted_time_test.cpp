// Trusted time (可信时间戳, RECORD.md §4.1) over real TLS: the real server with --tsa-url asks a
// local RFC 3161 TSA (support/local_tsa: OpenSSL's TS_RESP_CTX behind HTTP on a loopback port)
// for a token over the checkpoint at each phase change and signature, stores it, exports it, and
// `verify --tsa-ca` reports the time each checkpoint is proven by. A token moved to another
// checkpoint, or one checked against another TSA's certificate, is caught; a TSA that hangs holds
// up no event, and the times are then the server's own.
#include <fstream>

#include "bundle_files.hpp"
#include "crypto/ecdsa_p256.hpp"
#include "crypto/encoding.hpp"
#include "crypto/random.hpp"
#include "crypto/sha256.hpp"
#include "local_tsa.hpp"
#include "procedure_fixture.hpp"
#include "record/checkpoint.hpp"
#include "record/server_keys.hpp"
#include "record/signing_statement.hpp"

namespace mr::test {
namespace {

using namespace mr::testing_support;

class TrustedTime : public ProcedureFixture {
 protected:
  TrustedTime() {
    tsa_url_ = tsa_.start_http();
    tsa_.write_ca(ca_file_);
    other_tsa_.write_ca(other_ca_file_);
  }
  ~TrustedTime() override {
    std::filesystem::remove(ca_file_);
    std::filesystem::remove(other_ca_file_);
  }
  std::vector<std::string> serve_options() const override {
    return {"--tsa-url", tsa_url_, "--tsa-ca", ca_file_.string(), "--tsa-timeout", "2"};
  }

  std::string server_key() {
    return json::parse(run_cli({"keys", "--data", dir_.string(), "--json"}))[0]["fingerprint"];
  }
  std::filesystem::path export_bundle(const std::string& name) {
    auto res = api("GET", "/api/rooms/" + room_ + "/export", nullptr, mediator_.cookie);
    EXPECT_EQ(res.status, 200) << res.body;
    const auto path = dir_ / name;
    std::ofstream(path, std::ios::binary) << res.body;
    return path;
  }
  CliResult verify(const std::filesystem::path& bundle, std::vector<std::string> extra) {
    std::vector<std::string> args = {"verify", bundle.string(), "--server-key", server_key()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_cli_status(args);
  }

  // Party A registers a key and signs the draft the mediator saves: a signature event.
  void sign_a_draft(WsClient& m, WsClient& a) {
    auto key = crypto::EcdsaP256Signer::generate();
    expect_ack(act(
        a, "key.register",
        {{"public_key", crypto::to_base64(key.public_key().spki_der())}, {"device", "浏览器"}}));
    auto party = [](const Person& p, const char* side, const char* name, const char* id_number) {
      return json{{"participant", p.participant},
                  {"side", side},
                  {"role", "party"},
                  {"name", name},
                  {"sex", nullptr},
                  {"id_type", "居民身份证"},
                  {"id_number", id_number},
                  {"address", "杭州市西湖区文三路100号"},
                  {"contact", "13800000000"},
                  {"agent_of", nullptr}};
    };
    json draft = {
        {"title", "人民调解协议书"},
        {"parties",
         {party(party_a_, "A", "李四", "330102199001011234"),
          party(party_b_, "B", "王五", "330102199202021234")}},
        {"facts", "欠款两万元。"},
        {"issues", "还款期限"},
        {"responsibilities", "被申请人应还款。"},
        {"items", {{{"id", "i1"}, {"text", "被申请人于2026年2月1日前还款两万元"}}}},
        {"performance", {{"way", "银行转账"}, {"place", "杭州市"}, {"deadline", "2026年2月1日前"}}},
        {"copies", 3},
        {"notes", ""}};
    expect_ack(act(m, "draft.save", {{"draft", draft}}));
    const auto saved = event_of_kind(m, "draft.saved")["body"];
    const int version = saved["version"];
    const std::string sha = saved["sha256"];
    const auto [size, root] = head(a);
    const auto time = now_ms();
    const auto statement = record::signing_statement_bytes(
        {room_, version, sha, party_a_.participant, "party", size, root, time});
    expect_ack(act(a, "agreement.sign",
                   {{"version", version},
                    {"draft_sha256", sha},
                    {"key", crypto::sha256_hex(key.public_key().spki_der())},
                    {"record_size", size},
                    {"record_root", root},
                    {"time", time},
                    {"signature", crypto::to_base64(key.sign(statement))}}));
  }

  // The tree sizes a milestone checkpoint covers: just after each phase change and signature.
  static std::vector<std::size_t> milestone_sizes(const BundleFiles& files) {
    std::vector<std::size_t> out;
    const auto headers = lines_of(files.at("events/headers.jsonl"));
    for (std::size_t seq = 0; seq < headers.size(); ++seq) {
      const std::string kind = json::parse(headers[seq])["kind"];
      if (kind == "phase.changed" || kind == "agreement.signed") out.push_back(seq + 1);
    }
    return out;
  }
  static std::string token_file(std::size_t size) {
    return "checkpoints/" + std::to_string(size) + ".tst";
  }

  // Exports until every milestone checkpoint has its token: the store takes a token some time
  // after the TSA issues it, and nothing tells a client when.
  BundleFiles bundle_with_every_milestone_stamped(std::filesystem::path& path) {
    const auto deadline = std::chrono::steady_clock::now() + 15s;
    for (int n = 0;; ++n) {
      path = export_bundle("case-" + std::to_string(n) + ".zip");
      auto files = unzip(path);
      bool all = !milestone_sizes(files).empty();
      for (auto size : milestone_sizes(files)) all = all && files.count(token_file(size));
      if (all || std::chrono::steady_clock::now() > deadline) return files;
      tsa_.await_tokens(tsa_.tokens_issued() + 1, 200ms);
    }
  }

  LocalTsa tsa_{"Test TSA"}, other_tsa_{"Other TSA"};
  std::string tsa_url_;
  std::filesystem::path ca_file_ =
      std::filesystem::temp_directory_path() / ("mr-tsa-ca-" + crypto::random_hex(4) + ".pem");
  std::filesystem::path other_ca_file_ =
      std::filesystem::temp_directory_path() / ("mr-tsa-other-" + crypto::random_hex(4) + ".pem");
};

TEST_F(TrustedTime, TokensAreObtainedStoredExportedAndVerifiedWithTheTimeTheyProve) {
  auto m = join(mediator_);
  auto a = join(party_a_);
  auto b = join(party_b_);
  to_mediation(*m, *a, *b);
  check_identity(*m, party_a_);
  sign_a_draft(*m, *a);

  std::filesystem::path path;
  const auto files = bundle_with_every_milestone_stamped(path);
  const auto milestones = milestone_sizes(files);
  ASSERT_EQ(milestones.size(), 3u);  // notice, mediation, A's signature
  for (auto size : milestones) EXPECT_TRUE(files.count(token_file(size))) << size;

  // The CLI's export (a read-only store) carries the same tokens, byte for byte.
  const auto cli_bundle = dir_ / "case-cli.zip";
  run_cli({"export", room_, "--data", dir_.string(), "--out", cli_bundle.string(), "--json"});
  const auto cli_files = unzip(cli_bundle);
  for (auto size : milestones)
    EXPECT_EQ(cli_files.at(token_file(size)), files.at(token_file(size)));

  auto checked = verify(path, {"--tsa-ca", ca_file_.string()});
  EXPECT_EQ(checked.status, 0) << checked.output;
  EXPECT_NE(checked.output.find("proven by a trusted time-stamping authority"), std::string::npos)
      << checked.output;
  for (auto size : milestones)
    EXPECT_NE(checked.output.find("checkpoint 检查点 " + std::to_string(size) + ": "),
              std::string::npos)
        << checked.output;
  EXPECT_NE(checked.output.find("proven by TSA 经可信时间戳证明此时已存在: CN=Test TSA"),
            std::string::npos)
      << checked.output;

  auto as_json = verify(path, {"--tsa-ca", ca_file_.string(), "--json"});
  ASSERT_EQ(as_json.status, 0) << as_json.output;
  const auto times = json::parse(as_json.output)["checkpoint_times"];
  const auto started = json::parse(lines_of(files.at("events/headers.jsonl"))[0])["time"];
  for (auto size : milestones) {
    bool found = false;
    for (const auto& t : times)
      if (t["size"] == size) {
        found = true;
        EXPECT_EQ(t["source"], "tsa") << t.dump();
        // The TSA's clock is this machine's: the time lies between the case's start and now.
        EXPECT_GE(t["time_ms"].get<std::int64_t>(), started.get<std::int64_t>() - 1000);
        EXPECT_LE(t["time_ms"].get<std::int64_t>(), now_ms());
      }
    EXPECT_TRUE(found) << size;
  }

  // Without --tsa-ca the tokens are there but prove nothing yet; the verdict is unchanged.
  auto unchecked = verify(path, {});
  EXPECT_EQ(unchecked.status, 0) << unchecked.output;
  EXPECT_NE(unchecked.output.find("time-stamp tokens are present but unchecked"), std::string::npos)
      << unchecked.output;
}

TEST_F(TrustedTime, ATokenOverAnotherCheckpointOrFromAnUnconfiguredTsaIsCaught) {
  auto m = join(mediator_);
  auto a = join(party_a_);
  auto b = join(party_b_);
  to_mediation(*m, *a, *b);
  std::filesystem::path path;
  const auto files = bundle_with_every_milestone_stamped(path);
  const auto milestones = milestone_sizes(files);
  ASSERT_EQ(milestones.size(), 2u);
  ASSERT_TRUE(files.count(token_file(milestones[0])) && files.count(token_file(milestones[1])));

  {
    SCOPED_TRACE("the first checkpoint's token put beside the second, the manifest re-signed");
    auto f = files;
    f[token_file(milestones[1])] = f.at(token_file(milestones[0]));
    const auto keys = record::ServerKeys::load_or_create(dir_);
    resign(f, room_, keys.current().name, keys.current_signer());
    const auto tampered = dir_ / "moved-token.zip";
    rezip(f, tampered);
    auto failed = verify(tampered, {"--tsa-ca", ca_file_.string()});
    EXPECT_EQ(failed.status, 2) << failed.output;
    EXPECT_NE(failed.output.find("FAILED 验证失败: " + token_file(milestones[1]) +
                                 ": the token does not stamp checkpoints/" +
                                 std::to_string(milestones[1]) + ".note"),
              std::string::npos)
        << failed.output;
    // Which checkpoint a token stamps needs no trust in the TSA: caught without --tsa-ca too.
    EXPECT_EQ(verify(tampered, {}).status, 2);
  }
  {
    SCOPED_TRACE("checked against another TSA's certificate");
    auto failed = verify(path, {"--tsa-ca", other_ca_file_.string()});
    EXPECT_EQ(failed.status, 2) << failed.output;
    EXPECT_NE(failed.output.find("the token is not from a configured TSA (unconfigured TSA)"),
              std::string::npos)
        << failed.output;
  }
  {
    SCOPED_TRACE("both TSAs configured: the real one vouches for its tokens");
    auto ok = verify(path, {"--tsa-ca", other_ca_file_.string(), "--tsa-ca", ca_file_.string()});
    EXPECT_EQ(ok.status, 0) << ok.output;
  }
}

// A TSA that takes the connection and never answers.
class TrustedTimeTsaDown : public TrustedTime {
 protected:
  TrustedTimeTsaDown() { tsa_.set_mode(LocalTsa::Mode::hang); }
};

TEST_F(TrustedTimeTsaDown, EventsAreStillAckedAtOnceAndVerifySaysTheTimesAreTheServersOwn) {
  auto m = join(mediator_);
  auto a = join(party_a_);
  auto b = join(party_b_);
  const auto began = std::chrono::steady_clock::now();
  to_mediation(*m, *a, *b);  // two phase changes, each a checkpoint the TSA is asked to stamp
  m->send(send_frame("after", "main", "调解开始"));
  event_with_text(*a, "调解开始");
  // Five acts and a message, each acked while the TSA hangs: well under its 2 s timeout each.
  EXPECT_LT(std::chrono::steady_clock::now() - began, 2s);
  EXPECT_EQ(tsa_.tokens_issued(), 0u);

  const auto path = export_bundle("case.zip");
  const auto files = unzip(path);
  for (const auto& [name, _] : files) EXPECT_FALSE(name.ends_with(".tst")) << name;
  auto report = verify(path, {"--tsa-ca", ca_file_.string()});
  EXPECT_EQ(report.status, 0) << report.output;
  EXPECT_NE(report.output.find("the server's own (no trusted time-stamp) 均为服务器自述时间"),
            std::string::npos)
      << report.output;
  EXPECT_NE(report.output.find("— server's own time 服务器自述时间"), std::string::npos)
      << report.output;
}

}  // namespace
}  // namespace mr::test
