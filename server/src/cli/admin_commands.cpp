#include "cli/admin_commands.hpp"

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "api/qr_code.hpp"
#include "cli/store_access.hpp"
#include "control/control_socket.hpp"
#include "crypto/password.hpp"
#include "crypto/random.hpp"
#include "protocol/objects.hpp"
#include "record/event.hpp"
#include "room/case_admin.hpp"

namespace mr::cli {
namespace {

using json = nlohmann::json;

struct Common {
  std::string data = "data";
  bool json_output = false;
};

void add_common(CLI::App* cmd, Common& c) {
  cmd->add_option("--data", c.data, "data directory")->capture_default_str();
  cmd->add_flag("--json", c.json_output, "print the result as JSON");
}

// Prints the outcome; a refusal goes to stderr and exits 1.
template <typename T>
void report(const Common& c, room::Outcome<T>& outcome, const std::function<json(T&)>& to_json,
            const std::function<std::string(T&)>& to_text) {
  if (!outcome) {
    if (c.json_output)
      std::cout << json{{"error", outcome.refusal().code}, {"message", outcome.refusal().message}}
                << "\n";
    else
      std::cerr << "error: " << outcome.refusal().message << "\n";
    throw CLI::RuntimeError(1);
  }
  if (c.json_output)
    std::cout << to_json(*outcome).dump() << "\n";
  else
    std::cout << to_text(*outcome) << "\n";
}

using protocol::mediator_json;
using protocol::participant_json;

void add_mediator_commands(CLI::App& app) {
  auto* mediator =
      app.add_subcommand("mediator", "manage mediator accounts")->require_subcommand(1);

  static Common add_c;
  static std::string login, name, org, password;
  static bool password_stdin = false;
  auto* add = mediator->add_subcommand("add", "create a mediator account");
  add_common(add, add_c);
  add->add_option("--login", login, "login name (a-z 0-9 . _ -)")->required();
  add->add_option("--name", name, "full name, e.g. 张三")->required();
  add->add_option("--org", org, "organisation, e.g. 西湖区人民调解委员会")->required();
  add->add_option("--password", password, "password (else a random one is made and printed)");
  add->add_flag("--password-stdin", password_stdin, "read the password from standard input");
  add->callback([] {
    if (password_stdin) std::getline(std::cin, password);
    const bool generated = password.empty();
    if (generated) password = crypto::random_token().substr(0, 16);
    auto store = open_store(add_c.data);
    auto made = room::add_mediator(*store, login, name, org, password);
    report<store::Mediator>(
        add_c, made,
        [&](store::Mediator& m) {
          json out = mediator_json(m);
          if (generated) out["password"] = password;
          return out;
        },
        [&](store::Mediator& m) {
          return "mediator " + m.login + " (" + m.id + ") created" +
                 (generated ? "; password: " + password : "");
        });
  });

  static Common list_c;
  auto* list = mediator->add_subcommand("list", "list mediator accounts");
  add_common(list, list_c);
  list->callback([] {
    auto store = open_store(list_c.data);
    json out = json::array();
    for (const auto& m : need(store->mediators())) {
      out.push_back(mediator_json(m));
      if (!list_c.json_output) std::cout << m.login << "\t" << m.name << "\t" << m.org << "\n";
    }
    if (list_c.json_output) std::cout << out.dump() << "\n";
  });
}

void add_room_commands(CLI::App& app) {
  auto* room_cmd = app.add_subcommand("room", "manage case rooms")->require_subcommand(1);

  static Common create_c;
  static std::string mediator_login, title, field;
  static std::vector<std::string> side_a, side_b;
  auto* create = room_cmd->add_subcommand("create", "open a case room");
  add_common(create, create_c);
  create->add_option("--mediator", mediator_login, "login of the presiding mediator")->required();
  create->add_option("--title", title, "case title")->required();
  create
      ->add_option("--field", field,
                   "case field: 市场监管 房产物业 劳动社保 婚姻家庭 投资融资 "
                   "治安交通 城市管理 生态环境 自然资源 教育 商事 其他")
      ->required();
  create->add_option("--party-a", side_a, "name of an applicant (申请人); repeatable");
  create->add_option("--party-b", side_b, "name of a respondent (被申请人); repeatable");
  create->callback([] {
    auto store = open_store(create_c.data);
    auto m = need(store->mediator_by_login(mediator_login));
    room::Outcome<store::RoomRow> made = room::Refusal{"not_found", "no such mediator"};
    if (m) {
      std::vector<room::PartyName> parties;
      for (auto& n : side_a) parties.push_back({room::Side::A, n});
      for (auto& n : side_b) parties.push_back({room::Side::B, n});
      made = room::create_room(*store, *m, title, field, parties);
    }
    report<store::RoomRow>(
        create_c, made, [](store::RoomRow& r) { return protocol::room_json(r); },
        [](store::RoomRow& r) { return "room " + r.id + " created: " + r.title; });
  });

  static Common list_c;
  auto* list = room_cmd->add_subcommand("list", "list case rooms");
  add_common(list, list_c);
  list->callback([] {
    auto store = open_store(list_c.data);
    json out = json::array();
    for (const auto& r : need(store->rooms())) {
      out.push_back(protocol::room_json(r));
      if (!list_c.json_output) std::cout << r.id << "\t" << r.field << "\t" << r.title << "\n";
    }
    if (list_c.json_output) std::cout << out.dump() << "\n";
  });
}

void add_invite_commands(CLI::App& app) {
  auto* invite = app.add_subcommand("invite", "manage invitation links")->require_subcommand(1);

  static Common create_c;
  static std::string room_id, role, side, name, base_url = "https://localhost:8443";
  static std::int64_t ttl = room::kDefaultInviteHours;
  auto* create = invite->add_subcommand("create", "create an invitation link for one person");
  add_common(create, create_c);
  create->add_option("room", room_id, "room id")->required();
  create->add_option("--role", role, "party, advisor or observer")->required();
  create->add_option("--side", side, "A (申请人) or B (被申请人), for parties");
  create->add_option("--name", name, "the person's name")->required();
  create->add_option("--ttl-hours", ttl, "hours until the link expires")->capture_default_str();
  create->add_option("--base-url", base_url, "server address used in the link")
      ->capture_default_str();
  static std::string qr_file;
  create->add_option("--qr", qr_file, "also write the link as a QR code (SVG) to this file");
  create->callback([] {
    auto store = open_store(create_c.data);
    auto made = room::create_invite(*store, room_id, role, side, name, ttl);
    if (made && !qr_file.empty())
      std::ofstream(qr_file) << api::qr_svg(base_url + "/join#" + made->token).value_or("");
    report<room::NewInvite>(
        create_c, made,
        [](room::NewInvite& i) {
          return json{{"invite", i.invite.id},
                      {"participant", participant_json(i.participant)},
                      {"expires_at", i.invite.expires_ms},
                      {"link", base_url + "/join#" + i.token}};
        },
        [](room::NewInvite& i) { return base_url + "/join#" + i.token; });
  });

  static Common list_c;
  static std::string list_room;
  auto* list = invite->add_subcommand("list", "list a room's invitations");
  add_common(list, list_c);
  list->add_option("room", list_room, "room id")->required();
  list->callback([] {
    auto store = open_store(list_c.data);
    json out = json::array();
    for (const auto& i : need(store->invites(list_room))) {
      auto p = need(store->participant(i.participant));
      if (!p) continue;
      out.push_back({{"id", i.id},
                     {"participant", participant_json(*p)},
                     {"expires_at", i.expires_ms},
                     {"revoked_at", i.revoked_ms ? json(*i.revoked_ms) : json(nullptr)}});
      if (!list_c.json_output)
        std::cout << i.id << "\t" << p->role << (p->side ? " " + *p->side : "") << "\t" << p->name
                  << (i.revoked_ms ? "\trevoked" : "") << "\n";
    }
    if (list_c.json_output) std::cout << out.dump() << "\n";
  });

  static Common revoke_c;
  static std::string invite_id;
  auto* revoke = invite->add_subcommand(
      "revoke",
      "revoke an invitation: the link and its sessions stop working, and a server running on "
      "this data directory closes that person's open connections at once");
  add_common(revoke, revoke_c);
  revoke->add_option("invite", invite_id, "invite id")->required();
  revoke->callback([] {
    auto store = open_store(revoke_c.data);
    room::Outcome<std::string> done =
        room::Refusal{"not_found", "no such invite, or already revoked"};
    if (need(store->revoke_invite(invite_id, record::now_ms())) > 0) done = invite_id;
    // The running server (another process) learns of it through the control socket and closes
    // the person's live connections; with no server running there is nothing to close.
    std::optional<std::int64_t> closed;
    if (done) {
      auto invite = need(store->invite(invite_id));
      if (invite && std::filesystem::exists(control::socket_path(revoke_c.data))) {
        auto answer = control::ask(
            revoke_c.data, {{"command", "end_participant"}, {"participant", invite->participant}},
            std::chrono::seconds(10));
        if (answer.value("ok", false))
          closed = answer.value("closed", 0);
        else
          std::cerr << "warning 警告: 服务器未确认关闭该人的连接 the running server did not "
                       "confirm closing this person's connections: "
                    << answer.value("message", "") << "\n";
      }
    }
    report<std::string>(
        revoke_c, done,
        [&](std::string& id) {
          json out{{"revoked", id}};
          if (closed) out["connections_closed"] = *closed;
          return out;
        },
        [&](std::string& id) {
          return "invite " + id + " revoked" +
                 (closed ? "; " + std::to_string(*closed) + " live connections closed" : "");
        });
  });
}

}  // namespace

void add_admin_commands(CLI::App& app) {
  add_mediator_commands(app);
  add_room_commands(app);
  add_invite_commands(app);
}

}  // namespace mr::cli
