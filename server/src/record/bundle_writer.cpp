#include "record/bundle_writer.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <zip.h>

#include <map>
#include <memory>

#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"
#include "record/canonical_json.hpp"
#include "record/event.hpp"
#include "record/merkle_tree.hpp"
#include "record/record_html.hpp"
#include "store/event_reader.hpp"
#include "store/event_writer.hpp"

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

bool body_included(const store::StoredEvent& e, bool include_private) {
  return e.kind != "message" || e.channel == "main" || include_private;
}

BundleResult failure(std::string why) {
  BundleResult r;
  r.error = std::move(why);
  return r;
}

// Writes `files` as a zip at `out` (through a temporary file, so a failed export leaves nothing
// that looks like a bundle). Returns an error text, empty on success.
std::string write_zip(const std::map<std::string, std::string>& files,
                      const std::filesystem::path& out, std::int64_t time_ms) {
  const std::filesystem::path tmp = out.string() + ".tmp";
  int code = 0;
  zip_t* archive = zip_open(tmp.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (!archive) return "cannot create " + tmp.string();
  for (const auto& [name, data] : files) {
    zip_source_t* source = zip_source_buffer(archive, data.data(), data.size(), 0);
    zip_int64_t index = source ? zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8) : -1;
    if (index < 0) {
      if (source) zip_source_free(source);
      std::string why = std::string("cannot add ") + name + ": " + zip_strerror(archive);
      zip_discard(archive);
      return why;
    }
    zip_file_set_mtime(archive, zip_uint64_t(index), time_t(time_ms / 1000), 0);
  }
  if (zip_close(archive) != 0) {
    std::string why = std::string("cannot write ") + tmp.string() + ": " + zip_strerror(archive);
    zip_discard(archive);
    std::filesystem::remove(tmp);
    return why;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, out, ec);
  if (ec) return "cannot move the bundle to " + out.string() + ": " + ec.message();
  return {};
}

}  // namespace

BundleResult export_bundle(SQLite::Database& db, const std::string& room, const ServerKeys& keys,
                           bool include_private, const std::filesystem::path& out,
                           const BundleOptions& options) {
  const std::int64_t now = options.now_ms != 0 ? options.now_ms : now_ms();
  RecordView view;
  view.exported_ms = now;
  view.include_private = include_private;
  MerkleTree tree;
  std::map<std::string, std::string> files;
  std::string headers;
  std::vector<store::StoredCheckpoint> checkpoints;
  BundleResult result;

  try {
    // One read transaction: the events and checkpoints come from the same snapshot even while
    // the room keeps appending.
    SQLite::Transaction snapshot(db);
    SQLite::Statement q_room(
        db, "SELECT id, title, field, created_by, created_ms, epoch FROM rooms WHERE id=?");
    q_room.bind(1, room);
    if (!q_room.executeStep()) return failure("no room " + room);
    view.room = {q_room.getColumn(0).getString(), q_room.getColumn(1).getString(),
                 q_room.getColumn(2).getString(), q_room.getColumn(3).getString(),
                 q_room.getColumn(4).getInt64(),  q_room.getColumn(5).getInt64()};
    SQLite::Statement q_mediator(db, "SELECT name, org FROM mediators WHERE id=?");
    q_mediator.bind(1, view.room.created_by);
    if (q_mediator.executeStep()) {
      view.mediator_name = q_mediator.getColumn(0).getString();
      view.mediator_org = q_mediator.getColumn(1).getString();
    }
    SQLite::Statement q_people(
        db, "SELECT id, role, side, name, mediator FROM participants WHERE room=? ORDER BY rowid");
    q_people.bind(1, room);
    while (q_people.executeStep()) {
      store::Participant p;
      p.id = q_people.getColumn(0).getString();
      p.room = room;
      p.role = q_people.getColumn(1).getString();
      if (!q_people.getColumn(2).isNull()) p.side = q_people.getColumn(2).getString();
      p.name = q_people.getColumn(3).getString();
      if (!q_people.getColumn(4).isNull()) p.mediator = q_people.getColumn(4).getString();
      view.participants.push_back(std::move(p));
    }

    std::string gap;
    store::for_each_event(db, room, [&](store::StoredEvent&& e) {
      if (!gap.empty()) return;
      if (e.seq != std::int64_t(tree.size())) {
        gap = "the stored log of room " + room + " has no event " + std::to_string(tree.size());
        return;
      }
      tree.append(leaf_hash(e.header));
      headers += e.header;
      headers += '\n';
      RecordView::Entry entry{e.seq, e.time_ms, e.actor, e.kind, e.channel, "", std::nullopt};
      if (body_included(e, include_private)) {
        entry.body = json::parse(e.body, nullptr, false);
        files["events/bodies/" + std::to_string(e.seq) + ".json"] = std::move(e.body);
        ++result.bodies;
      }
      view.events.push_back(std::move(entry));
    });
    if (!gap.empty()) return failure(gap);
    checkpoints = store::read_checkpoints(db, room);
    snapshot.commit();
  } catch (const SQLite::Exception& e) {
    return failure(std::string("store: ") + e.what());
  }

  const std::uint64_t n = tree.size();
  if (checkpoints.empty() || std::uint64_t(checkpoints.back().size) < n) {
    // Nothing signed yet covers the end of the log: sign it now and keep it in the store, so
    // the next export and the room's clients see the same checkpoint.
    // Keep the origin the room's own checkpoints use, whatever this process is configured with.
    std::string origin = room_origin(room, options.server_name);
    if (!checkpoints.empty())
      if (auto last = parse_checkpoint(checkpoints.back().note)) origin = last->checkpoint.origin;
    store::StoredCheckpoint c{room, std::int64_t(n), std::string(crypto::as_view(tree.root())),
                              keys.sign_checkpoint(origin, n, tree.root()), now};
    try {
      store::insert_checkpoint(db, c);
    } catch (const SQLite::Exception& e) {
      return failure(std::string("store: cannot keep the final checkpoint: ") + e.what());
    }
    checkpoints.push_back(std::move(c));
    result.signed_final_checkpoint = true;
  }
  for (const auto& c : checkpoints)
    files["checkpoints/" + std::to_string(c.size) + ".note"] = c.note;

  files["events/headers.jsonl"] = std::move(headers);
  files["keys/keys.json"] = keys.public_listing_json();
  view.size = n;
  view.root_hex = crypto::to_hex(crypto::as_view(tree.root()));
  view.key_name = keys.current().name;
  view.key_fingerprint = keys.current().fingerprint;
  files["record.html"] = render_record_html(view);
  files["VERIFY.txt"] = kVerifyText;

  json listing = json::object();
  for (const auto& [name, data] : files) listing[name] = crypto::sha256_hex(data);
  const std::string manifest = to_canonical({{"bundle", kBundleFormat},
                                             {"room", room},
                                             {"exported_ms", now},
                                             {"events", n},
                                             {"private_bodies", include_private},
                                             {"files", listing}});
  const std::string manifest_body =
      std::string(kBundleFormat) + "\n" + room + "\n" + crypto::sha256_hex(manifest) + "\n";
  files["manifest.sig"] = sign_note(manifest_body, keys.current().name, keys.current_signer());
  files["manifest.json"] = manifest;

  if (auto why = write_zip(files, out, now); !why.empty()) return failure(why);
  result.ok = true;
  result.events = n;
  result.checkpoints = checkpoints.size();
  result.root_hex = view.root_hex;
  return result;
}

}  // namespace mr::record
