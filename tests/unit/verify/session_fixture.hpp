#pragma once
// A small mediation session written the way the server writes one: rows inserted into a fresh
// store, events appended through the store's group-commit writer, checkpoints signed every few
// events, and a server restart half-way (the store closed, keys and tree reloaded from disk).
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "bundle_files.hpp"
#include "record/checkpoint.hpp"
#include "record/event.hpp"
#include "record/merkle_tree.hpp"
#include "record/server_keys.hpp"
#include "store/sqlite/connection.hpp"
#include "store/store.hpp"

namespace mr::testing_support {

namespace fs = std::filesystem;
using nlohmann::json;

inline constexpr const char* kRoom = "Rm_test-0123456A";
inline constexpr std::int64_t kStart = 1714521600000;  // 2024-05-01 08:00 Beijing time

inline fs::path fresh_dir(const std::string& name) {
  static std::atomic<int> counter{0};
  fs::path dir = fs::temp_directory_path() / ("mr-" + name + "-" + std::to_string(::getpid()) +
                                              "-" + std::to_string(counter++));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

class Session {
 public:
  explicit Session(const std::string& name) : dir_(fresh_dir(name)) {
    // Set-up rows go in with SQL directly: names and ids the tests can spell out.
    auto db = store::sqlite::open_writable(dir_);
    db.exec(
        "INSERT INTO mediators VALUES ('med1', 'wang', '王调解', '东城区人民调解委员会', 'x', " +
        std::to_string(kStart) + ")");
    db.exec(std::string(
                "INSERT INTO rooms(id, title, field, created_by, created_ms, epoch) VALUES ('") +
            kRoom + "', '物业费纠纷 <一期>', " + "'房产物业', 'med1', " + std::to_string(kStart) +
            ", 1)");
    db.exec(std::string("INSERT INTO participants(id, room, role, side, name, mediator) VALUES ") +
            "('p-med', '" + kRoom + "', 'mediator', NULL, '王调解', 'med1'), ('p-a', '" + kRoom +
            "', 'party', 'A', '张三', NULL), ('p-b', '" + kRoom +
            "', 'party', 'B', '李四 & Co', NULL), ('p-adv', '" + kRoom +
            "', 'advisor', NULL, '赵律师', NULL)");
  }
  ~Session() { fs::remove_all(dir_); }

  // Writes the session: 12 events, checkpoints at 5 and 10, a restart after event 6.
  void write() {
    run_server([&](auto& add) {
      add("server", "room.created", "main",
          json{
              {"title", "物业费纠纷 <一期>"},
              {"field", "房产物业"},
              {"parties", json::array({{{"side", "A"}, {"name", "张三"}},
                                       {{"side", "B"}, {"name", "李四 & Co"}}})},
              {"mediator", {{"id", "med1"}, {"name", "王调解"}, {"org", "东城区人民调解委员会"}}}});
      add("p-med", "participant.joined", "main", joined("p-med", "王调解", "mediator", nullptr));
      add("p-a", "participant.joined", "main", joined("p-a", "张三", "party", "A"));
      add("p-b", "participant.joined", "main", joined("p-b", "李四 & Co", "party", "B"));
      add("p-a", "message", "main",
          message("我方要求退还 <b>多收</b> 的物业费 & 违约金\n共 3 项", "c1"));
      add("p-med", "message", "caucus:A", message("背对背：您的底线是多少？", "c2"));
      add("p-a", "message", "caucus:A", message("SECRET-五千元", "c3"));
    });
    run_server([&](auto& add) {
      add("p-adv", "participant.joined", "consult", joined("p-adv", "赵律师", "advisor", nullptr));
      add("p-adv", "message", "consult", message("CONSULT-依《民法典》第九百四十四条", "c4"));
      add("p-b", "message", "main", message("同意调解 \"尽快\"", "c5"));
      add("p-a", "participant.left", "main", json{{"participant", "p-a"}});
      add("p-med", "message", "main", message("今天到此为止", "c6"));
    });
  }

  const fs::path& dir() const { return dir_; }
  record::ServerKeys keys() const {
    return record::ServerKeys::load_or_create(dir_, record::kDefaultServerName, kStart);
  }
  std::unique_ptr<store::Store> store() const { return store::open_sqlite_store(dir_); }

  static json joined(const char* id, const char* name, const char* role, json side) {
    return {{"participant", {{"id", id}, {"name", name}, {"role", role}, {"side", side}}}};
  }
  static json message(const char* text, const char* client_id) {
    return {{"text", text}, {"client_id", client_id}};
  }

 private:
  // One server lifetime: keys loaded, the tree rebuilt from the stored log, then new events
  // appended and a checkpoint signed after every fifth.
  template <class Body>
  void run_server(Body body) {
    auto keys = this->keys();
    record::MerkleTree tree;
    auto writer = store();
    (void)writer->for_each_event(
        kRoom, 0, [&](store::StoredEvent&& e) { tree.append(record::leaf_hash(e.header)); });
    const auto stream = store::Store::new_stream_id();
    auto add = [&](const std::string& actor, const std::string& kind, const std::string& channel,
                   const json& b) {
      const auto seq = std::int64_t(tree.size());
      auto e = record::make_event(kRoom, seq, kStart + seq * 60000, actor, kind, channel, b);
      tree.append(record::leaf_hash(e.header));
      std::optional<std::string> client_id;
      if (kind == "message") client_id = b["client_id"].get<std::string>();
      writer->append(
          stream,
          {e.room, e.seq, e.time_ms, e.actor, e.kind, e.channel, client_id, e.header, e.body},
          nullptr);
      if (tree.size() % 5 == 0) {
        const std::string note =
            keys.sign_checkpoint(record::room_origin(kRoom), tree.size(), tree.root());
        writer->append_checkpoint(
            stream,
            {kRoom, std::int64_t(tree.size()), std::string(crypto::as_view(tree.root())), note,
             kStart + seq * 60000},
            nullptr);
      }
    };
    body(add);
  }  // closing the store commits what is queued: the "restart"

  fs::path dir_;
};

}  // namespace mr::testing_support
