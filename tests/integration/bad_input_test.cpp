// Malformed, oversized and forbidden frames get the documented error, and nothing breaks.
#include "room_fixture.hpp"

namespace mr::test {
namespace {

class BadInput : public RoomFixture {
 protected:
  std::vector<std::string> serve_options() const override {
    return {"--rate", "5", "--burst", "20", "--leave-grace", "0"};
  }
};

std::string error_code_for(WsClient& ws, const std::string& text) {
  ws.send_text(text);
  return ws.next_of_type("error")["code"];
}

TEST_F(BadInput, EachMalformedFrameGetsItsErrorAndTheConnectionLivesOn) {
  auto a = connect(party_a_);
  EXPECT_EQ(error_code_for(*a, R"({"type":"send","id":"x","channel":"main","text":"hi"})"),
            "not_ready");
  hello(*a);
  EXPECT_EQ(error_code_for(*a, "{not json"), "bad_json");
  EXPECT_EQ(error_code_for(*a, "[1,2]"), "bad_json");
  EXPECT_EQ(error_code_for(*a, R"({"type":"teleport"})"), "unknown_type");
  EXPECT_EQ(error_code_for(*a, R"({"type":"send","id":"x","channel":"main"})"), "bad_frame");
  EXPECT_EQ(
      error_code_for(*a, R"({"type":"send","id":"x","channel":"main","text":"hi","extra":1})"),
      "bad_frame");
  EXPECT_EQ(error_code_for(*a, R"({"type":"send","id":"x y","channel":"main","text":"hi"})"),
            "bad_frame");
  EXPECT_EQ(error_code_for(*a, R"({"type":"send","id":"x","channel":"lobby","text":"hi"})"),
            "unknown_channel");
  EXPECT_EQ(error_code_for(*a, R"({"type":"send","id":"x","channel":"caucus:B","text":"hi"})"),
            "forbidden_channel");
  EXPECT_EQ(error_code_for(*a, R"({"type":"hello"})"), "not_ready");

  // The connection still works: a valid send is acknowledged.
  a->send({{"type", "send"}, {"id", "ok-1"}, {"channel", "main"}, {"text", "仍然可以发言"}});
  EXPECT_EQ(a->next_of_type("ack")["id"], "ok-1");
}

TEST_F(BadInput, TextLimitsAreEnforced) {
  auto a = join(party_a_);
  std::string long_text;
  for (int i = 0; i < 4001; ++i) long_text += "字";
  auto refused = error_code_for(
      *a, json{{"type", "send"}, {"id", "long"}, {"channel", "main"}, {"text", long_text}}.dump());
  EXPECT_EQ(refused, "text_too_long");
  EXPECT_EQ(
      error_code_for(*a, R"({"type":"send","id":"blank","channel":"main","text":" \u3000 "})"),
      "empty_text");
}

TEST_F(BadInput, AnOversizedFrameClosesWith1009) {
  auto a = join(party_a_);
  a->send_text(std::string(70 * 1024, 'x'));
  EXPECT_EQ(a->wait_close(), 1009);
}

TEST_F(BadInput, ATextFrameThatIsNotUtf8ClosesWith1007) {
  auto a = join(party_a_);
  a->send_text("{\"type\":\"typing\",\"channel\":\"main\xff\"}");
  EXPECT_EQ(a->wait_close(), 1007);
}

TEST_F(BadInput, ABinaryFrameClosesWith4009) {
  auto m = join(mediator_);
  auto a = join(party_a_);
  a->send_binary("\x01\x02");
  EXPECT_EQ(a->wait_close(), 4009);
  // The room knows the party is gone: the mediator sees the departure.
  for (;;) {
    auto e = m->next_of_type("event");
    if (e["header"]["kind"] == "participant.left" &&
        e["body"]["participant"] == party_a_.participant)
      break;
  }
}

TEST_F(BadInput, FloodingIsRateLimitedThenClosed) {
  auto a = join(party_a_);
  // The burst is 20: of 30 frames sent at once, some must be refused as rate_limited.
  for (int i = 0; i < 30; ++i) a->send({{"type", "typing"}, {"channel", "main"}});
  int limited = 0;
  while (auto f = a->next(2s)) {
    if ((*f)["type"] == "error" && (*f)["code"] == "rate_limited") ++limited;
    if (limited >= 10) break;
  }
  EXPECT_GE(limited, 10);
  // A client that keeps going after 100 refusals in a row is closed.
  auto b = join(party_b_);
  for (int i = 0; i < 200; ++i) b->send({{"type", "typing"}, {"channel", "main"}});
  EXPECT_EQ(b->wait_close(), 4008);
}

}  // namespace
}  // namespace mr::test
