// Encoding one message event: canonical body, salt, body hash, canonical header (RECORD.md §2).
#include <benchmark/benchmark.h>

#include <nlohmann/json.hpp>
#include <string>

#include "record/event.hpp"

namespace {

void BM_make_message_event(benchmark::State& state) {
  const nlohmann::json body = {{"text", std::string(std::size_t(state.range(0)), 'x')},
                               {"client_id", "m123456"}};
  std::int64_t seq = 0;
  for (auto _ : state) {
    auto event = mr::record::make_event("AbCdEfGhIjKlMnOp", seq++, 1795888065000, "0123456789ab",
                                        "message", "main", body);
    benchmark::DoNotOptimize(event);
  }
}
BENCHMARK(BM_make_message_event)->Arg(64)->Arg(1000);

}  // namespace
