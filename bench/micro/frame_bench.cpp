// Parsing and validating client frames (PROTOCOL.md §4): the first thing done with every frame.
#include <benchmark/benchmark.h>

#include <string>

#include "protocol/client_frames.hpp"

namespace {

void parse(benchmark::State& state, const std::string& frame) {
  for (auto _ : state) {
    auto result = mr::protocol::parse_client_frame(frame);
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(std::int64_t(state.iterations()) * std::int64_t(frame.size()));
}

void BM_parse_send(benchmark::State& state) {
  const std::string text(std::size_t(state.range(0)), 'x');
  parse(state, R"({"type":"send","id":"m123456","channel":"main","text":")" + text + R"("})");
}
BENCHMARK(BM_parse_send)->Arg(64)->Arg(1000)->Arg(4000);

void BM_parse_send_chinese(benchmark::State& state) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "调解";  // code points are counted, not bytes
  parse(state, R"({"type":"send","id":"m1","channel":"caucus:A","text":")" + text + R"("})");
}
BENCHMARK(BM_parse_send_chinese);

void BM_parse_hello(benchmark::State& state) {
  parse(state, R"({"type":"hello","last_seq":123456,"epoch":1})");
}
BENCHMARK(BM_parse_hello);

void BM_parse_refused(benchmark::State& state) {
  parse(state, R"({"type":"send","id":"m1","channel":"main","text":"hi","extra":1})");
}
BENCHMARK(BM_parse_refused);

}  // namespace
