#pragma once
// A room fixture that speaks the procedure (PROTOCOL.md §6-7): acts and their answers, events by
// kind, the case's phase, the ordinary way to mediation, and what a signer's browser needs (a key
// of its own, the record's head from a checkpoint).
#include <chrono>

#include "crypto/ecdsa_p256.hpp"
#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"
#include "record/checkpoint.hpp"
#include "room_fixture.hpp"

namespace mr::test {

inline std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A signer's browser: a key pair of its own, and the connection it speaks on.
struct Signer {
  const Person& who;
  std::string role;  // "party" or "mediator"
  WsClient* ws = nullptr;
  crypto::EcdsaP256Signer key = crypto::EcdsaP256Signer::generate();
  std::string fingerprint() const { return crypto::sha256_hex(key.public_key().spki_der()); }
};

// The record's size and root as the latest signed checkpoint gives them.
struct Head {
  std::int64_t size = 0;
  std::string root;  // hex
};

class ProcedureFixture : public RoomFixture {
 protected:
  // Sends an act and answers the ack or the error that answers it.
  json act(WsClient& ws, const std::string& action, json args) {
    const auto id = "act-" + std::to_string(++acts_);
    ws.send({{"type", "act"}, {"id", id}, {"action", action}, {"args", std::move(args)}});
    for (;;) {
      auto f = ws.next(5s);
      if (!f) throw std::runtime_error("no answer to " + action);
      if ((f->value("type", "") == "ack" && f->value("id", "") == id) ||
          (f->value("type", "") == "error" && f->value("ref", json()) == id))
        return *f;
    }
  }
  static void expect_ack(const json& answer) {
    EXPECT_EQ(answer.value("type", ""), "ack") << answer.dump();
  }
  static void expect_refused(const json& answer, const std::string& code,
                             const std::string& rule = {}) {
    EXPECT_EQ(answer.value("type", ""), "error") << answer.dump();
    EXPECT_EQ(answer.value("code", ""), code) << answer.dump();
    if (!rule.empty()) {
      EXPECT_EQ(answer.value("rule", ""), rule) << answer.dump();
    }
  }
  json notice(const Person& who, const std::string& lang = "zh-CN") {
    return api("GET", "/r/" + room_ + "/api/notice?lang=" + lang, nullptr, who.cookie).json_body();
  }
  // The latest event of `kind` the client has received, reading on until one comes.
  static json event_of_kind(WsClient& ws, const std::string& kind) {
    for (auto it = ws.received().rbegin(); it != ws.received().rend(); ++it)
      if ((*it)["type"] == "event" && (*it)["header"]["kind"] == kind) return *it;
    for (;;)
      if (auto e = ws.next_of_type("event"); e["header"]["kind"] == kind) return e;
  }
  // Reads case frames until one says `phase`.
  static void wait_phase(WsClient& ws, const std::string& phase) {
    for (;;)
      if (ws.next_of_type("case", 5s)["case"]["phase"] == phase) return;
  }
  void check_identity(WsClient& m, const Person& who) {
    expect_ack(act(m, "identity.check",
                   {{"participant", who.participant},
                    {"method", "id_card_video"},
                    {"document", "330102199001011234"}}));
  }
  // Disclosure, notice acknowledged by both parties, mediation.
  void to_mediation(WsClient& m, WsClient& a, WsClient& b) {
    expect_ack(
        act(m, "disclosure.make", {{"conflict", false}, {"statement", "与双方均无利害关系"}}));
    expect_ack(act(m, "phase.advance", {{"to", "notice"}}));
    for (auto* ws : {&a, &b})
      expect_ack(act(*ws, "notice.acknowledge",
                     {{"language", "zh-CN"}, {"text_sha256", notice(party_a_)["sha256"]}}));
    expect_ack(act(m, "phase.advance", {{"to", "mediation"}}));
  }
  // The record's head as a checkpoint asked for on `ws` gives it, for a signing statement.
  Head head(WsClient& ws) {
    const auto id = "cp-" + std::to_string(++acts_);
    ws.send({{"type", "checkpoint"}, {"id", id}});
    for (;;) {
      auto f = ws.next_of_type("checkpoint");
      if (f.value("id", "") != id) continue;
      const auto c = record::parse_checkpoint(f["note"].get<std::string>()).value().checkpoint;
      return {std::int64_t(c.size), crypto::to_hex(crypto::as_view(c.root))};
    }
  }
  int acts_ = 0;
};

}  // namespace mr::test
