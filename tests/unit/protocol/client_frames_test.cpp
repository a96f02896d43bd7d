// Validation of every client frame (PROTOCOL.md §4).
#include "protocol/client_frames.hpp"

#include <gtest/gtest.h>

namespace mr::protocol {
namespace {

std::string error_of(std::string_view text) {
  auto parsed = parse_client_frame(text);
  auto* e = std::get_if<FrameError>(&parsed);
  return e ? std::string(e->code) : "ok";
}

template <typename T>
T frame_of(std::string_view text) {
  auto parsed = parse_client_frame(text);
  EXPECT_TRUE(std::holds_alternative<ClientFrame>(parsed)) << text;
  return std::get<T>(std::get<ClientFrame>(parsed));
}

TEST(ClientFrames, HelloDefaultsAndRanges) {
  EXPECT_EQ(frame_of<Hello>(R"({"type":"hello"})").last_seq, -1);
  auto h = frame_of<Hello>(R"({"type":"hello","last_seq":41,"epoch":2})");
  EXPECT_EQ(h.last_seq, 41);
  EXPECT_EQ(h.epoch, 2);
  EXPECT_EQ(error_of(R"({"type":"hello","last_seq":-2})"), "bad_frame");
  EXPECT_EQ(error_of(R"({"type":"hello","last_seq":1.5})"), "bad_frame");
  EXPECT_EQ(error_of(R"({"type":"hello","last_seq":"3"})"), "bad_frame");
  EXPECT_EQ(error_of(R"({"type":"hello","epoch":0})"), "bad_frame");
  EXPECT_EQ(error_of(R"({"type":"hello","last_seq":9007199254740993})"), "bad_frame");
}

TEST(ClientFrames, SendIsValidatedMemberByMember) {
  auto s = frame_of<Send>(R"({"type":"send","id":"a-1","channel":"caucus:B","text":"您好"})");
  EXPECT_EQ(s.id, "a-1");
  EXPECT_EQ(s.channel, room::Channel::caucus_b);
  EXPECT_EQ(s.text, "您好");
  EXPECT_EQ(error_of(R"({"type":"send","channel":"main","text":"x"})"), "bad_frame");
  EXPECT_EQ(error_of(R"({"type":"send","id":"","channel":"main","text":"x"})"), "bad_frame");
  EXPECT_EQ(error_of(R"({"type":"send","id":"a/b","channel":"main","text":"x"})"), "bad_frame");
  EXPECT_EQ(error_of(R"({"type":"send","id":"a","channel":"Main","text":"x"})"), "unknown_channel");
  EXPECT_EQ(error_of(R"({"type":"send","id":"a","channel":7,"text":"x"})"), "bad_frame");
  EXPECT_EQ(error_of(R"({"type":"send","id":"a","channel":"main","text":""})"), "empty_text");
  EXPECT_EQ(error_of(R"({"type":"send","id":"a","channel":"main","text":" \n\t"})"), "empty_text");
  EXPECT_EQ(error_of(R"({"type":"send","id":"a","channel":"main","text":"x","to":"b"})"),
            "bad_frame");
}

TEST(ClientFrames, TextLengthCountsCharactersNotBytes) {
  std::string chinese;
  for (int i = 0; i < 4000; ++i) chinese += "调";  // 12,000 bytes, 4,000 characters
  std::string frame = R"({"type":"send","id":"a","channel":"main","text":")" + chinese + "\"}";
  EXPECT_EQ(error_of(frame), "ok");
  frame = R"({"type":"send","id":"a","channel":"main","text":")" + chinese + "解\"}";
  EXPECT_EQ(error_of(frame), "text_too_long");
}

TEST(ClientFrames, ErrorsCarryTheSendId) {
  auto parsed = parse_client_frame(R"({"type":"send","id":"x-9","channel":"nowhere","text":"t"})");
  EXPECT_EQ(std::get<FrameError>(parsed).ref, "x-9");
}

TEST(ClientFrames, NotAFrameAtAll) {
  EXPECT_EQ(error_of(""), "bad_json");
  EXPECT_EQ(error_of("{"), "bad_json");
  EXPECT_EQ(error_of("null"), "bad_json");
  EXPECT_EQ(error_of(R"(["type","hello"])"), "bad_json");
  EXPECT_EQ(error_of(R"({"kind":"hello"})"), "bad_frame");
  EXPECT_EQ(error_of(R"({"type":"sned"})"), "unknown_type");
}

TEST(ClientFrames, RecordRequests) {
  EXPECT_EQ(error_of(R"({"type":"checkpoint"})"), "ok");
  auto p = frame_of<ProofRequest>(R"({"type":"proof","seq":3,"size":10})");
  EXPECT_EQ(p.seq, 3);
  EXPECT_EQ(p.size, 10);
  EXPECT_EQ(error_of(R"({"type":"proof","seq":-1,"size":10})"), "bad_frame");
  auto c = frame_of<ConsistencyRequest>(R"({"type":"consistency","from":4,"to":9})");
  EXPECT_EQ(c.from, 4);
  EXPECT_EQ(error_of(R"({"type":"consistency","from":0,"to":9})"), "bad_frame");
}

TEST(ClientFrames, AdvisorFrames) {
  auto a = frame_of<AdvisorAccess>(R"({"type":"advisor","id":"x1","participant":"abc123def456","in_main":true})");
  EXPECT_EQ(a.id, "x1");
  EXPECT_EQ(a.participant, "abc123def456");
  EXPECT_TRUE(a.in_main);
  EXPECT_EQ(error_of(R"({"type":"advisor","id":"x1","participant":"p","in_main":"yes"})"), "bad_frame");
  EXPECT_EQ(error_of(R"({"type":"advisor","participant":"p","in_main":true})"), "bad_frame");
  auto parsed = parse_client_frame(R"({"type":"advisor","id":"x2","participant":"p","in_main":true,"x":1})");
  EXPECT_EQ(std::get<FrameError>(parsed).ref, "x2");
}

TEST(ClientFrames, TypingNeedsAKnownChannel) {
  EXPECT_EQ(frame_of<Typing>(R"({"type":"typing","channel":"consult"})").channel,
            room::Channel::consult);
  EXPECT_EQ(error_of(R"({"type":"typing"})"), "bad_frame");
  EXPECT_EQ(error_of(R"({"type":"typing","channel":"x"})"), "unknown_channel");
}

}  // namespace
}  // namespace mr::protocol
