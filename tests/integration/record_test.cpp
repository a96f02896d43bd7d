// The tamper-evident record of a real session: checkpoints and proofs over the WebSocket, the
// judicial-confirmation bundle from the CLI and HTTPS, and the contract of `verify` (exit
// status, VERIFIED or FAILED and the line naming the fault). The full tamper matrix, fault by
// fault, is the verifier's unit test (tests/unit/verify).
#include <fstream>
#include <regex>

#include "bundle_files.hpp"
#include "crypto/encoding.hpp"
#include "record/checkpoint.hpp"
#include "record/merkle_tree.hpp"
#include "record/server_keys.hpp"
#include "room_fixture.hpp"

namespace mr::test {
namespace {

using namespace mr::testing_support;

class Record : public RoomFixture {
 protected:
  std::vector<std::string> serve_options() const override {
    return {"--checkpoint-every", "5", "--checkpoint-interval", "1"};
  }

  json send(WsClient& ws, const std::string& id, const std::string& channel,
            const std::string& text) {
    ws.send(send_frame(id, channel, text));
    return ws.next_of_type("ack");
  }

  // A session with every participant kind, main and private talk, joins and leaves, and a
  // server restart in the middle. Returns the mediator's connection, still open.
  std::unique_ptr<WsClient> hold_session() {
    {
      auto m = join(mediator_);
      auto a = join(party_a_);
      auto b = join(party_b_);
      auto adv = join(advisor_);
      send(*a, "a1", "main", "申请人：公司拖欠三个月工资共两万四千元");
      send(*b, "b1", "main", "被申请人：因经营困难，愿分期支付");
      send(*m, "m1", "caucus:A", "背对背：可否接受分三期？");
      send(*a, "a2", "caucus:A", "PRIVATE-A 可以，但首期不少于一万");
      send(*m, "m2", "caucus:B", "背对背：首期一万是否可行？");
      send(*b, "b2", "caucus:B", "PRIVATE-B 可行");
      send(*adv, "v1", "consult", "PRIVATE-CONSULT 分期协议应写明违约责任");
    }
    restart_server();
    auto m = join(mediator_);
    auto a = join(party_a_);
    send(*m, "m3", "main", "双方同意：首期一万元，余款两期付清");
    send(*a, "a3", "main", "同意");
    return m;
  }

  // Waits for a checkpoint covering `size` events and returns its note.
  std::string checkpoint_covering(WsClient& ws, std::int64_t size) {
    for (;;) {
      std::string note = ws.next_of_type("checkpoint")["note"];
      auto parsed = record::parse_checkpoint(note);
      EXPECT_TRUE(parsed);
      if (parsed && std::int64_t(parsed->checkpoint.size) >= size) return note;
    }
  }

  std::filesystem::path export_cli(const std::string& name, bool include_private) {
    auto out = dir_ / name;
    std::vector<std::string> args = {"export", room_,        "--data", dir_.string(),
                                     "--out",  out.string(), "--json"};
    if (include_private) args.push_back("--include-private");
    run_cli(args);
    return out;
  }

  std::string fingerprint() {
    return json::parse(run_cli({"keys", "--data", dir_.string(), "--json"}))[0]["fingerprint"];
  }

  CliResult verify(const std::filesystem::path& bundle) {
    return run_cli_status({"verify", bundle.string(), "--server-key", fingerprint()});
  }
  CliResult verify(const BundleFiles& files) {
    auto path = dir_ / "tampered.zip";
    rezip(files, path);
    return verify(path);
  }

  BundleFiles download(const std::string& query, HttpResult* response = nullptr) {
    auto res = api("GET", "/api/rooms/" + room_ + "/export" + query, nullptr, mediator_.cookie);
    EXPECT_EQ(res.status, 200) << res.body;
    auto path = dir_ / "download.zip";
    std::ofstream(path, std::ios::binary) << res.body;
    EXPECT_EQ(verify(path).status, 0);
    if (response) *response = res;
    return unzip(path);
  }

  // Talk in main and in A's caucus, without a restart: enough for an export to leave out.
  void private_talk() {
    auto m = join(mediator_);
    auto a = join(party_a_);
    send(*a, "a1", "main", "公开陈述");
    send(*a, "a2", "caucus:A", "PRIVATE-A 私下底线");
  }
};

bool holds(const BundleFiles& files, const std::string& text) {
  for (const auto& [_, data] : files)
    if (data.find(text) != std::string::npos) return true;
  return false;
}

record::Hash hash_of(const std::string& hex) {
  record::Hash h{};
  auto raw = crypto::from_hex(hex);
  std::copy(raw->begin(), raw->end(), h.begin());
  return h;
}

// The exact bytes of the object member `name` in a frame's text (PROTOCOL.md §4: headers are
// spliced in verbatim, so these are the stored bytes, not a re-serialisation).
std::string member_bytes(const std::string& frame, const std::string& name) {
  const auto key = "\"" + name + "\":";
  auto start = frame.find(key);
  if (start == std::string::npos) return {};
  start += key.size();
  int depth = 0;
  bool in_string = false;
  for (auto i = start; i < frame.size(); ++i) {
    const char c = frame[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}' && --depth == 0) {
      return frame.substr(start, i + 1 - start);
    }
  }
  return {};
}

TEST_F(Record, ClientsGetCheckpointsAndProofsThatVerify) {
  auto m = hold_session();
  auto last = send(*m, "m9", "main", "本次调解结束")["seq"].get<std::int64_t>();
  auto note = checkpoint_covering(*m, last + 1);
  auto checkpoint = record::parse_checkpoint(note)->checkpoint;

  // The note is signed by the key `keys` lists.
  auto keys = json::parse(https(*tls_, server_->port(), "GET", "/api/keys").body)["keys"];
  auto pub = crypto::from_base64(keys.back()["public_key"].get<std::string>());
  EXPECT_TRUE(record::verify_note_signature(*record::parse_signed_note(note),
                                            keys.back()["name"].get<std::string>(), *pub));

  // An inclusion proof of the last message, against the checkpoint's root.
  m->send({{"type", "proof"}, {"seq", last}, {"size", checkpoint.size}});
  auto proof = m->next_of_type("proof");
  std::vector<record::Hash> path;
  for (const auto& h : proof["path"]) path.push_back(hash_of(h));
  EXPECT_TRUE(record::verify_inclusion(hash_of(proof["leaf"]), std::uint64_t(last), checkpoint.size,
                                       path, checkpoint.root));

  // The mediator has every header as its exact stored bytes: the bundle's headers.jsonl line
  // for line, and, rebuilt locally, the tree with the checkpoint's root.
  const auto stored = lines_of(unzip(export_cli("case.zip", false))["events/headers.jsonl"]);
  record::MerkleTree local;
  for (std::size_t i = 0; i < m->received().size(); ++i) {
    const auto& frame = m->received()[i];
    if (frame["type"] != "event" || frame["seq"].get<std::uint64_t>() != local.size()) continue;
    const auto header = member_bytes(m->received_text()[i], "header");
    ASSERT_LT(local.size(), stored.size());
    EXPECT_EQ(header, stored[local.size()]) << "seq " << local.size();
    local.append(record::leaf_hash(header));
  }
  ASSERT_GE(local.size(), checkpoint.size);
  EXPECT_EQ(*local.root(checkpoint.size), checkpoint.root);

  // A consistency proof from an earlier size to this checkpoint.
  m->send({{"type", "consistency"}, {"from", 5}, {"to", checkpoint.size}});
  auto consistency = m->next_of_type("consistency");
  std::vector<record::Hash> cpath;
  for (const auto& h : consistency["path"]) cpath.push_back(hash_of(h));
  EXPECT_TRUE(
      record::verify_consistency(5, checkpoint.size, *local.root(5), checkpoint.root, cpath));
}

TEST_F(Record, ABundleFromARealSessionVerifiesAndLeavesPrivateBodiesOut) {
  auto m = hold_session();
  m.reset();
  auto public_bundle = export_cli("case.zip", false);
  auto private_bundle = export_cli("case-private.zip", true);
  const auto root = json::parse(run_cli({"export", room_, "--data", dir_.string(), "--out",
                                         (dir_ / "again.zip").string(), "--json"}))["root"];

  auto ok = verify(public_bundle);
  EXPECT_EQ(ok.status, 0) << ok.output;
  EXPECT_EQ(ok.output.rfind("VERIFIED 验证通过\n", 0), 0u) << ok.output;
  EXPECT_NE(ok.output.find("李四(party A)"), std::string::npos);  // the participants are named
  EXPECT_NE(ok.output.find("final root 最终根哈希: " + root.get<std::string>()), std::string::npos);
  EXPECT_EQ(verify(private_bundle).status, 0);

  const auto files = unzip(public_bundle);
  for (const auto& [name, data] : files)
    EXPECT_EQ(data.find("PRIVATE-"), std::string::npos) << name << " leaks a private body";
  EXPECT_TRUE(holds(unzip(private_bundle), "PRIVATE-CONSULT"));
}

// The CLI contract: exit status 2, and one line "FAILED 验证失败: <file> (seq N): <what>;
// expected <e>, found <f>" naming the first fault.
TEST_F(Record, TheVerifierNamesTheFirstFaultOnOneLineAndExitsNonZero) {
  hold_session().reset();
  const auto files = unzip(export_cli("case.zip", false));
  const auto headers = lines_of(files.at("events/headers.jsonl"));
  auto keys = record::ServerKeys::load_or_create(dir_);

  {
    SCOPED_TRACE("a body changed and the manifest re-signed by an insider");
    auto f = files;
    std::string body_file;
    for (const auto& [name, data] : f)
      if (name.starts_with("events/bodies/") && data.find("两万四千元") != std::string::npos)
        body_file = name;
    ASSERT_FALSE(body_file.empty());
    auto& body = f[body_file];
    body.replace(body.find("四千"), std::string("四").size(), "九");  // another amount
    resign(f, room_, keys.current().name, keys.current_signer());
    auto failed = verify(f);
    EXPECT_EQ(failed.status, 2);
    std::smatch line;
    ASSERT_TRUE(std::regex_match(
        failed.output, line,
        std::regex(R"(FAILED 验证失败: events/bodies/(\d+)\.json \(seq (\d+)\): [^\n]+; )"
                   R"(expected ([0-9a-f]{64}), found ([0-9a-f]{64})\n)")))
        << failed.output;
    EXPECT_EQ(line[1], line[2]);
    EXPECT_EQ("events/bodies/" + line[1].str() + ".json", body_file);
    const auto header = json::parse(headers.at(std::stoul(line[1])));
    EXPECT_EQ(line[3], header["body_sha256"].get<std::string>());
    EXPECT_NE(line[4], line[3]);
  }
  {
    SCOPED_TRACE("the server key replaced, against the pinned fingerprint");
    auto f = files;
    auto forged = crypto::Ed25519Key::generate();
    auto listing = json::parse(f["keys/keys.json"]);
    auto& key = listing["keys"].back();
    key["public_key"] = crypto::to_base64(forged.public_key());
    key["fingerprint"] = crypto::sha256_hex(forged.public_key());
    key["key_id"] = record::key_id_hex(
        record::note_key_id(key["name"].get<std::string>(), forged.public_key()));
    f["keys/keys.json"] = listing.dump(2) + "\n";
    resign(f, room_, key["name"], forged);
    auto failed = verify(f);
    EXPECT_EQ(failed.status, 2);
    EXPECT_EQ(failed.output,
              "FAILED 验证失败: manifest.sig: signed by a server key other than the one given "
              "with --server-key; expected " +
                  fingerprint() + ", found " + crypto::sha256_hex(forged.public_key()) + "\n");
  }
}

// Issue 12 item 12: without a pinned key the bundle is only self-consistent, said plainly and
// with its own exit status (3), never "VERIFIED".
TEST_F(Record, VerifyingWithoutAPinnedKeySaysTheOriginIsUnprovenAndNamesTheKeyToCompare) {
  private_talk();
  auto out = run_cli_status({"verify", export_cli("case.zip", false).string()});
  EXPECT_EQ(out.status, 3) << out.output;
  EXPECT_EQ(out.output.find("VERIFIED"), std::string::npos) << out.output;
  EXPECT_EQ(out.output.rfind("SELF-CONSISTENT ONLY, ORIGIN UNPROVEN 仅内部一致，来源未经证实", 0),
            0u)
      << out.output;
  EXPECT_NE(out.output.find("server key 服务器密钥: " + fingerprint()), std::string::npos)
      << out.output;
  // The key listing the server publishes pins it as well as the fingerprint does.
  const auto listing = dir_ / "keys-from-server.json";
  std::ofstream(listing) << https(*tls_, server_->port(), "GET", "/api/keys").body;
  auto pinned = run_cli_status(
      {"verify", (dir_ / "case.zip").string(), "--server-keys", listing.string(), "--json"});
  EXPECT_EQ(pinned.status, 0) << pinned.output;
  EXPECT_EQ(json::parse(pinned.output)["verdict"], "verified");
}

// Issue 12 item 13: checkpoints a participant holds (the room page's download) pin the bundle;
// a bundle exported before a later held checkpoint is caught as missing events.
TEST_F(Record, ABundleIsCheckedAgainstCheckpointsHeldOutsideTheServer) {
  private_talk();
  const auto early = export_cli("early.zip", false);
  const auto held = dir_ / "held.note";
  {
    auto a = join(party_a_);
    a->send(send_frame("later", "main", "导出之后又说的话"));
    const std::int64_t seq = a->next_of_type("ack")["seq"];
    std::ofstream(held) << checkpoint_covering(*a, seq + 1);  // what A's room page keeps
  }
  const auto late = export_cli("late.zip", false);
  auto late_verified = run_cli_status({"verify", late.string(), "--checkpoint", held.string()});
  EXPECT_EQ(late_verified.status, 0) << late_verified.output;
  EXPECT_EQ(late_verified.output.rfind("VERIFIED 验证通过", 0), 0u) << late_verified.output;
  auto truncated = run_cli_status({"verify", early.string(), "--checkpoint", held.string()});
  EXPECT_EQ(truncated.status, 2) << truncated.output;
  EXPECT_NE(truncated.output.find("fewer events than this checkpoint held outside the server"),
            std::string::npos)
      << truncated.output;
  auto unreadable =
      run_cli_status({"verify", early.string(), "--checkpoint", (dir_ / "no-such.note").string()});
  EXPECT_EQ(unreadable.status, 1) << unreadable.output;
}

TEST_F(Record, TheMediatorDownloadsTheBundleOverHttpsWithOrWithoutPrivateBodies) {
  private_talk();
  HttpResult res;
  auto plain = download("", &res);
  EXPECT_EQ(res.header("content-type"), "application/zip");
  EXPECT_EQ(res.header("content-disposition"), "attachment; filename=\"case-" + room_ + ".zip\"");
  EXPECT_EQ(res.header("cache-control"), "no-store");
  EXPECT_FALSE(holds(plain, "PRIVATE-A"));
  EXPECT_TRUE(holds(plain, "公开陈述"));
  EXPECT_EQ(json::parse(plain["manifest.json"])["private_bodies"], false);

  auto with_private = download("?private=1");
  EXPECT_TRUE(holds(with_private, "PRIVATE-A"));
  EXPECT_EQ(json::parse(with_private["manifest.json"])["private_bodies"], true);

  // Parties cannot export.
  EXPECT_EQ(api("GET", "/api/rooms/" + room_ + "/export", nullptr, party_a_.cookie).status, 401);
}

// Only the parameter private=1 asks for private bodies; another value of it is an error.
TEST_F(Record, OnlyPrivateEqualsOneAsksForPrivateBodies) {
  private_talk();
  for (const char* query : {"?xprivate=1", "?a=private=1", "?private=0"}) {
    SCOPED_TRACE(query);
    auto files = download(query);
    EXPECT_FALSE(holds(files, "PRIVATE-A"));
    EXPECT_EQ(json::parse(files["manifest.json"])["private_bodies"], false);
  }
  auto bad = api("GET", "/api/rooms/" + room_ + "/export?private=10", nullptr, mediator_.cookie);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json_body()["error"], "bad_request");
}

// Checkpoint and proof requests, with checkpoints every 5 events and none by time for 5 s.
class Proofs : public RoomFixture {
 protected:
  std::vector<std::string> serve_options() const override { return {"--checkpoint-every", "5"}; }
  std::int64_t message(WsClient& ws, const std::string& id) {
    ws.send(send_frame(id, "main", "消息 " + id));
    return ws.next_of_type("ack")["seq"];
  }
};

TEST_F(Proofs, ACheckpointRequestIsRefusedUntilOneIsSignedThenAnsweredWithTheLatest) {
  auto m = join(mediator_);
  m->send({{"type", "checkpoint"}});
  auto refused = m->next_of_type("error");
  EXPECT_EQ(refused["code"], "out_of_range");

  for (int i = 0; i < 3; ++i) message(*m, "m" + std::to_string(i));  // 5 events in all
  const std::string pushed = m->next_of_type("checkpoint")["note"];
  EXPECT_EQ(record::parse_checkpoint(pushed)->checkpoint.size, 5u);
  m->send({{"type", "checkpoint"}});
  EXPECT_EQ(m->next_of_type("checkpoint")["note"], pushed);
}

TEST_F(Proofs, RequestsBeyondTheLogAreRefusedAndTheConnectionLivesOn) {
  auto m = join(mediator_);
  const auto head = message(*m, "m0");
  const auto size = head + 1;
  const std::vector<json> beyond = {
      {{"type", "proof"}, {"seq", 0}, {"size", size + 1}},
      {{"type", "proof"}, {"seq", size}, {"size", size}},
      {{"type", "consistency"}, {"from", 1}, {"to", size + 1}},
      {{"type", "consistency"}, {"from", size}, {"to", size - 1}},
  };
  for (const auto& request : beyond) {
    m->send(request);
    EXPECT_EQ(m->next_of_type("error")["code"], "out_of_range") << request;
  }
  // At the edge of the log both are answered.
  m->send({{"type", "proof"}, {"seq", head}, {"size", size}});
  EXPECT_EQ(m->next_of_type("proof")["size"], size);
  m->send({{"type", "consistency"}, {"from", 1}, {"to", size}});
  EXPECT_EQ(m->next_of_type("consistency")["to"], size);
}

}  // namespace
}  // namespace mr::test
