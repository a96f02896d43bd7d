#include "room_fixture.hpp"

namespace mr::test {

void RoomFixture::SetUp() {
  dir_ = make_data_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
  run_cli({"mediator", "add", "--data", dir_.string(), "--login", "m1", "--name", "张三", "--org",
           "西湖区人民调解委员会", "--password", "correct-horse", "--json"});
  server_ = std::make_unique<ServerProcess>(dir_, serve_options());
  tls_ = std::make_unique<boost::asio::ssl::context>(client_tls(dir_));

  auto login = api("POST", "/api/login", {{"login", "m1"}, {"password", "correct-horse"}});
  ASSERT_EQ(login.status, 200) << login.body;
  mediator_.cookie = login.set_cookie;
  auto room =
      api("POST", "/api/rooms",
          {{"title", "劳动报酬纠纷"},
           {"field", "劳动社保"},
           {"parties", {{{"side", "A"}, {"name", "李四"}}, {{"side", "B"}, {"name", "某公司"}}}}},
          mediator_.cookie);
  ASSERT_EQ(room.status, 201) << room.body;
  room_ = room.json_body()["room"]["id"];
  party_a_ = invite("party", "A", "李四");
  party_b_ = invite("party", "B", "王五");
  advisor_ = invite("advisor", "", "赵法官");
  observer_ = invite("observer", "", "旁听人");
  auto detail = api("GET", "/api/rooms/" + room_, nullptr, mediator_.cookie).json_body();
  for (const auto& p : detail["participants"])
    if (p["role"] == "mediator") mediator_.participant = p["id"];
}

void RoomFixture::TearDown() {
  if (server_) {
    if (HasFailure()) std::cerr << "server log:\n" << server_->log();
    server_->stop();
  }
  remove_data_dir();
}

void RoomFixture::remove_data_dir() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

HttpResult RoomFixture::api(const std::string& method, const std::string& target, const json& body,
                            const std::string& cookie, const std::string& origin) {
  return https(*tls_, server_->port(), method, target, body.is_null() ? "" : body.dump(), cookie,
               origin);
}

Person RoomFixture::invite(const std::string& role, const std::string& side,
                           const std::string& name) {
  json req = {{"role", role}, {"name", name}};
  if (!side.empty()) req["side"] = side;
  auto made = api("POST", "/api/rooms/" + room_ + "/invites", req, mediator_.cookie);
  EXPECT_EQ(made.status, 201) << made.body;
  auto body = made.json_body();
  auto joined = api("POST", "/api/join", {{"token", token_of(body["link"])}});
  EXPECT_EQ(joined.status, 200) << joined.body;
  return {joined.json_body()["participant"]["id"], joined.set_cookie, body["invite"]["id"]};
}

std::unique_ptr<WsClient> RoomFixture::connect(const Person& who, const std::string& origin) {
  return std::make_unique<WsClient>(*tls_, server_->port(), ws_path(), who.cookie, origin);
}

std::unique_ptr<WsClient> RoomFixture::join(const Person& who, std::vector<json>* replay) {
  auto ws = connect(who);
  auto frames = hello(*ws);
  if (replay) *replay = frames;
  return ws;
}

void RoomFixture::restart_server(const std::vector<std::string>& extra) {
  EXPECT_EQ(server_->stop(), 0);
  auto options = serve_options();
  options.insert(options.end(), extra.begin(), extra.end());
  server_ = std::make_unique<ServerProcess>(dir_, options);
}

void RoomFixture::crash_and_restart() {
  server_->crash();
  server_ = std::make_unique<ServerProcess>(dir_, serve_options());
}

std::vector<json> events_in(const std::vector<json>& frames) {
  std::vector<json> out;
  for (const auto& f : frames)
    if (f["type"] == "event") out.push_back(f);
  return out;
}

json send_frame(const std::string& id, const std::string& channel, const std::string& text) {
  return {{"type", "send"}, {"id", id}, {"channel", channel}, {"text", text}};
}

json event_with_text(WsClient& ws, const std::string& text) {
  for (;;) {
    auto e = ws.next_of_type("event");
    if (e["body"].value("text", "") == text) return e;
  }
}

std::string token_of(const std::string& link) { return link.substr(link.find('#') + 1); }

}  // namespace mr::test
