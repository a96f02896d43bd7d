// The tamper-evident record of a real session: checkpoints and proofs over the WebSocket, the
// judicial-confirmation bundle from the CLI and HTTPS, `verify`, and a tamper matrix.
#include <fstream>

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
    ws.send({{"type", "send"}, {"id", id}, {"channel", channel}, {"text", text}});
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

  // Runs `verify`; returns its exit status and output.
  std::pair<int, std::string> verify(const std::filesystem::path& bundle) {
    try {
      return {0, run_cli({"verify", bundle.string(), "--server-key", fingerprint()})};
    } catch (const std::runtime_error& e) {
      return {1, e.what()};
    }
  }

  std::pair<int, std::string> verify(const BundleFiles& files) {
    auto path = dir_ / "tampered.zip";
    rezip(files, path);
    return verify(path);
  }

  void resign(BundleFiles& files) {
    auto keys = record::ServerKeys::load_or_create(dir_);
    testing_support::resign(files, room_, keys.current().name, keys.current_signer());
  }
};

record::Hash hash_of(const std::string& hex) {
  record::Hash h{};
  auto raw = crypto::from_hex(hex);
  std::copy(raw->begin(), raw->end(), h.begin());
  return h;
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

  // The mediator has every header: rebuilt locally, the tree has the checkpoint's root.
  record::MerkleTree local;
  for (const auto& e : events_in(m->received()))
    if (e["seq"].get<std::uint64_t>() == local.size())
      local.append(record::leaf_hash(e["header"].dump(-1, ' ', false)));
  ASSERT_GE(local.size(), checkpoint.size);
  EXPECT_EQ(*local.root(checkpoint.size), checkpoint.root);

  // A consistency proof from an earlier size to this checkpoint.
  m->send({{"type", "consistency"}, {"from", 5}, {"to", checkpoint.size}});
  auto consistency = m->next_of_type("consistency");
  std::vector<record::Hash> cpath;
  for (const auto& h : consistency["path"]) cpath.push_back(hash_of(h));
  EXPECT_TRUE(
      record::verify_consistency(5, checkpoint.size, *local.root(5), checkpoint.root, cpath));

  // Out-of-range requests are refused, not crashed on.
  m->send({{"type", "proof"}, {"seq", last}, {"size", last}});
  EXPECT_EQ(m->next_of_type("error")["code"], "out_of_range");
}

TEST_F(Record, ABundleFromARealSessionVerifiesAndEveryTamperingIsNamed) {
  auto m = hold_session();
  m.reset();
  auto public_bundle = export_cli("case.zip", false);
  auto private_bundle = export_cli("case-private.zip", true);

  auto [ok_status, ok_output] = verify(public_bundle);
  EXPECT_EQ(ok_status, 0) << ok_output;
  EXPECT_NE(ok_output.find("VERIFIED"), std::string::npos);
  EXPECT_NE(ok_output.find("李四"), std::string::npos);  // the participants are named
  EXPECT_EQ(verify(private_bundle).first, 0);

  const auto files = unzip(public_bundle);
  for (const auto& [name, data] : files)
    EXPECT_EQ(data.find("PRIVATE-"), std::string::npos) << name << " leaks a private body";
  bool private_seen = false;
  for (const auto& [name, data] : unzip(private_bundle))
    private_seen = private_seen || data.find("PRIVATE-CONSULT") != std::string::npos;
  EXPECT_TRUE(private_seen);

  const auto headers = lines_of(files.at("events/headers.jsonl"));
  // The first message body in the bundle, to change.
  std::string body_file;
  for (const auto& [name, data] : files)
    if (name.rfind("events/bodies/", 0) == 0 && data.find("两万四千元") != std::string::npos)
      body_file = name;
  ASSERT_FALSE(body_file.empty());
  std::string last_checkpoint;  // the one of the largest size
  std::uint64_t largest = 0;
  for (const auto& [name, _] : files)
    if (name.rfind("checkpoints/", 0) == 0) {
      auto size = std::stoull(name.substr(std::string("checkpoints/").size()));
      if (size >= largest) largest = size, last_checkpoint = name;
    }

  // 两万四千元 -> 两万九千元: one character, a different amount.
  auto change_amount = [&](BundleFiles& f) {
    auto& body = f[body_file];
    body.replace(body.find("四千"), std::string("四").size(), "九");
  };
  struct Case {
    const char* name;
    std::function<void(BundleFiles&)> tamper;
    bool resign;
    std::string expect;
  };
  const std::vector<Case> cases = {
      {"a body byte", change_amount, false, body_file + ": SHA-256 differs from manifest.json"},
      {"a body byte, manifest re-signed", change_amount, true, "SHA-256(salt || body) differs"},
      {"a header byte",
       [&](BundleFiles& f) {
         auto lines = headers;
         auto at = lines[3].find("\"salt\":\"") + 8;
         lines[3][at] = lines[3][at] == 'a' ? 'b' : 'a';
         f["events/headers.jsonl"] = join_lines(lines);
       },
       true, "was changed"},
      {"a checkpoint byte",
       [&](BundleFiles& f) {
         auto& note = f[last_checkpoint];
         auto root = note.find('\n', note.find('\n') + 1) + 1;
         note[root] = note[root] == 'A' ? 'B' : 'A';
       },
       true, "does not verify"},
      {"the manifest", [&](BundleFiles& f) { f["manifest.json"][5] ^= 1; }, false, "manifest"},
      {"an event deleted",
       [&](BundleFiles& f) {
         auto lines = headers;
         lines.erase(lines.begin() + 4);
         f["events/headers.jsonl"] = join_lines(lines);
       },
       true, "out of sequence"},
      {"two events swapped",
       [&](BundleFiles& f) {
         auto lines = headers;
         std::swap(lines[4], lines[5]);
         f["events/headers.jsonl"] = join_lines(lines);
       },
       true, "out of sequence"},
      {"an event inserted in the middle",
       [&](BundleFiles& f) {
         auto lines = headers;
         lines.insert(lines.begin() + 6, lines[6]);
         f["events/headers.jsonl"] = join_lines(lines);
       },
       true, "out of sequence"},
      {"an event appended at the end",
       [&](BundleFiles& f) {
         // A private message: its body is left out of this bundle, so only the checkpoints
         // can tell that it was never logged.
         auto lines = headers;
         auto extra = *std::find_if(lines.begin(), lines.end(), [](const std::string& l) {
           return l.find("\"caucus:A\"") != std::string::npos;
         });
         auto old_seq = extra.substr(extra.find("\"seq\":"));
         old_seq = old_seq.substr(0, old_seq.find(','));
         extra.replace(extra.find(old_seq), old_seq.size(),
                       "\"seq\":" + std::to_string(lines.size()));
         auto time = extra.substr(extra.find("\"time\":"));
         time = time.substr(0, time.find(','));
         auto last_time = lines.back().substr(lines.back().find("\"time\":"));
         extra.replace(extra.find(time), time.size(), last_time.substr(0, last_time.find(',')));
         lines.push_back(extra);
         f["events/headers.jsonl"] = join_lines(lines);
       },
       true, "does not cover the whole log"},
      {"the last checkpoint dropped", [&](BundleFiles& f) { f.erase(last_checkpoint); }, true,
       "does not cover the whole log"},
      {"the server key replaced",
       [&](BundleFiles& f) {
         auto forged = crypto::Ed25519Key::generate();
         auto keys = json::parse(f["keys/keys.json"]);
         std::string name = keys["keys"].back()["name"];
         keys["keys"].back()["public_key"] = crypto::to_base64(forged.public_key());
         keys["keys"].back()["fingerprint"] = crypto::sha256_hex(forged.public_key());
         keys["keys"].back()["key_id"] =
             record::key_id_hex(record::note_key_id(name, forged.public_key()));
         f["keys/keys.json"] = keys.dump(2) + "\n";
         testing_support::resign(f, room_, name, forged);
       },
       false, "manifest.sig"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto f = files;
    c.tamper(f);
    if (c.resign) resign(f);
    auto [status, output] = verify(f);
    EXPECT_NE(status, 0);
    EXPECT_NE(output.find("FAILED"), std::string::npos) << output;
    EXPECT_NE(output.find(c.expect), std::string::npos) << output;
  }
}

TEST_F(Record, TheMediatorDownloadsTheBundleOverHttps) {
  hold_session();
  auto res = api("GET", "/api/rooms/" + room_ + "/export", nullptr, mediator_.cookie);
  ASSERT_EQ(res.status, 200);
  auto path = dir_ / "download.zip";
  std::ofstream(path, std::ios::binary) << res.body;
  EXPECT_EQ(verify(path).first, 0);
  // Parties cannot export.
  EXPECT_EQ(api("GET", "/api/rooms/" + room_ + "/export", nullptr, party_a_.cookie).status, 401);
}

}  // namespace
}  // namespace mr::test
