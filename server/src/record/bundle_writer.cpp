#include "record/bundle_writer.hpp"

#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"
#include "record/canonical_json.hpp"
#include "record/event.hpp"
#include "record/event_kind.hpp"
#include "record/merkle_tree.hpp"
#include "record/record_html.hpp"

namespace mr::record {
namespace {

using nlohmann::json;

constexpr const char* kVerifyText =
    R"(本压缩包是一次在线调解的过程记录，可在不联网的情况下核验其完整性与真实性。
This archive is the record of one online mediation. It can be checked offline.

核验 / To verify:
    mediation-room verify <本文件.zip> --server-key <服务器密钥指纹 / server key fingerprint>

密钥指纹须从调解组织公布的渠道取得（例如 `mediation-room keys` 的输出），不能只信本压缩包。
Obtain the fingerprint from the mediation organisation through another channel
(the output of `mediation-room keys`); do not take it from this archive alone.

程序会核对：清单签名与每个文件的哈希；事件头的顺序（无缺失、无重复）与规范格式；每个事件内容与其
哈希；每个检查点的 Ed25519 签名，及其根哈希与事件头计算出的默克尔树根一致；最后的检查点覆盖全部事件。
It checks the signed manifest and every file hash; the event headers (in order, no gap, no
duplicate, canonical); each included body against its header's salted hash; every checkpoint's
Ed25519 signature and its Merkle root; and that the last checkpoint covers every event.

它不能证明 / It cannot prove: 记录前内容的真实性 (that what was logged was true); 服务器未另存一份
分叉历史——除非有服务器之外保存的检查点 (that no forked history exists, without a checkpoint kept
outside the server).

格式 / Format: protocol/RECORD.md (record.html 为便于阅读的中文记录 / is the readable record).
)";

// The record as a clerk reads it: case, people, timeline, integrity.
RecordView record_view(const store::RoomSnapshot& s, bool include_private, std::int64_t now) {
  RecordView view;
  view.room = s.room;
  if (s.creator) {
    view.mediator_name = s.creator->name;
    view.mediator_org = s.creator->org;
  }
  view.participants = s.participants;
  view.exported_ms = now;
  view.include_private = include_private;
  for (const auto& e : s.events) {
    RecordView::Entry entry{e.seq, e.time_ms, e.actor, e.kind, e.channel, "", std::nullopt};
    if (include_private || body_always_exported(e.kind, e.channel))
      entry.body = json::parse(e.body, nullptr, false);
    view.events.push_back(std::move(entry));
  }
  return view;
}

// The newest checkpoint covering the whole log: the stored one, or one signed now for the bundle.
// Keeps the origin the room's own checkpoints use, whatever this process is configured with.
std::vector<store::StoredCheckpoint> covering_checkpoints(const store::RoomSnapshot& s,
                                                          const MerkleTree& tree,
                                                          const ServerKeys& keys,
                                                          const BundleOptions& options,
                                                          std::int64_t now, bool& signed_now) {
  auto checkpoints = s.checkpoints;
  signed_now = checkpoints.empty() || std::uint64_t(checkpoints.back().size) < tree.size();
  if (!signed_now) return checkpoints;
  std::string origin = room_origin(s.room.id, options.server_name);
  if (!checkpoints.empty())
    if (auto last = parse_checkpoint(checkpoints.back().note)) origin = last->checkpoint.origin;
  checkpoints.push_back({s.room.id, std::int64_t(tree.size()),
                         std::string(crypto::as_view(tree.root())),
                         keys.sign_checkpoint(origin, tree.size(), tree.root()), now});
  return checkpoints;
}

}  // namespace

std::variant<Bundle, std::string> assemble_bundle(const store::RoomSnapshot& s,
                                                  const ServerKeys& keys, bool include_private,
                                                  const BundleOptions& options) {
  const std::int64_t now = options.now_ms != 0 ? options.now_ms : now_ms();
  const std::string& room = s.room.id;
  Bundle bundle;
  auto& files = bundle.files;
  auto& summary = bundle.summary;

  MerkleTree tree;
  std::string headers;
  std::map<std::string, std::string> known_hashes;  // files on disk, named by their hash
  for (const auto& e : s.events) {
    if (e.seq != std::int64_t(tree.size()))
      return "the stored log of room " + room + " has no event " + std::to_string(tree.size());
    tree.append(leaf_hash(e.header));
    headers.append(e.header).append(1, '\n');
    if (!include_private && !body_always_exported(e.kind, e.channel)) continue;
    files["events/bodies/" + std::to_string(e.seq) + ".json"] = e.body;
    ++summary.bodies;
    // The documents and draft versions the included events name (RECORD.md §6).
    if (e.kind == to_string(EventKind::document_shared)) {
      const auto sha = json::parse(e.body).value("sha256", "");
      auto file = options.document_file ? options.document_file(sha) : std::nullopt;
      if (!file) return "the bytes of document " + sha + " are not in the blob store";
      files["documents/" + sha] = FileOnDisk{*file};
      known_hashes["documents/" + sha] = sha;
    } else if (e.kind == to_string(EventKind::draft_saved)) {
      const auto body = json::parse(e.body);
      files["agreement/versions/" + std::to_string(body.value("version", 0)) + ".json"] =
          to_canonical(body["draft"]);
    }
  }
  files["events/headers.jsonl"] = std::move(headers);

  auto checkpoints =
      covering_checkpoints(s, tree, keys, options, now, summary.signed_final_checkpoint);
  for (const auto& c : checkpoints)
    files["checkpoints/" + std::to_string(c.size) + ".note"] = c.note;
  // Each checkpoint's time-stamp token beside its note (RECORD.md §4.1, §6).
  for (const auto& t : s.timestamps)
    if (files.count("checkpoints/" + std::to_string(t.size) + ".note")) {
      files["checkpoints/" + std::to_string(t.size) + ".tst"] = t.token;
      ++summary.timestamps;
    }
  files["keys/keys.json"] = keys.public_listing_json();

  auto view = record_view(s, include_private, now);
  view.size = tree.size();
  view.root_hex = crypto::to_hex(crypto::as_view(tree.root()));
  view.key_name = keys.current().name;
  view.key_fingerprint = keys.current().fingerprint;
  files["record.html"] = render_record_html(view);
  files["VERIFY.txt"] = std::string(kVerifyText);
  for (const auto& [name, data] : options.extra_files) files[name] = data;

  json listing = json::object();
  for (const auto& [name, data] : files)
    listing[name] = std::holds_alternative<std::string>(data)
                        ? crypto::sha256_hex(std::get<std::string>(data))
                        : known_hashes.at(name);
  const std::string manifest = to_canonical({{"bundle", kBundleFormat},
                                             {"room", room},
                                             {"exported_ms", now},
                                             {"events", tree.size()},
                                             {"private_bodies", include_private},
                                             {"files", listing}});
  const std::string manifest_body =
      std::string(kBundleFormat) + "\n" + room + "\n" + crypto::sha256_hex(manifest) + "\n";
  files["manifest.sig"] = sign_note(manifest_body, keys.current().name, keys.current_signer());
  files["manifest.json"] = manifest;

  summary.ok = true;
  summary.events = tree.size();
  summary.checkpoints = checkpoints.size();
  summary.root_hex = view.root_hex;
  return bundle;
}

BundleResult export_bundle(store::Store& store, const std::string& room, const ServerKeys& keys,
                           bool include_private, const std::filesystem::path& out,
                           BundleOptions options) {
  if (options.now_ms == 0) options.now_ms = now_ms();
  BundleResult failed;
  auto snapshot = store.snapshot(room);
  if (!snapshot) {
    failed.error = "cannot read room " + room + ": " + snapshot.error().message();
    return failed;
  }
  auto assembled = assemble_bundle(*snapshot, keys, include_private, options);
  if (auto* why = std::get_if<std::string>(&assembled)) {
    failed.error = *why;
    return failed;
  }
  auto& bundle = std::get<Bundle>(assembled);
  if (auto why = write_zip(bundle.files, out, options.now_ms); !why.empty()) {
    failed.error = why;
    return failed;
  }
  return bundle.summary;
}

}  // namespace mr::record
