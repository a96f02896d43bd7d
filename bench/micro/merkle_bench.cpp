// The record's cost per event: Merkle appends alone, and a room's whole record path (canonical
// event, leaf, append, a signed checkpoint every 1,000 events) over 100,000 events, with and
// without the SQLite store. The per-10,000 counters show whether the cost stays flat as the log
// grows.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <future>

#include "record/checkpoint.hpp"
#include "record/event.hpp"
#include "record/merkle_tree.hpp"
#include "record/server_keys.hpp"
#include "store/store.hpp"

namespace {

using namespace mr;
using Clock = std::chrono::steady_clock;

constexpr int kEvents = 100000;
constexpr int kCheckpointEvery = 1000;
constexpr int kSegment = 10000;

void BM_MerkleAppend(benchmark::State& state) {
  record::MerkleTree tree;
  const auto leaf = record::leaf_hash("header");
  for (auto _ : state) {
    tree.append(leaf);
    benchmark::DoNotOptimize(tree.size());
  }
  state.counters["leaves"] = double(tree.size());
}
BENCHMARK(BM_MerkleAppend);

void BM_MerkleRootOfEarlierSize(benchmark::State& state) {
  record::MerkleTree tree;
  for (int i = 0; i < kEvents; ++i) tree.append(record::leaf_hash(std::to_string(i)));
  std::uint64_t size = 1;
  for (auto _ : state) {
    benchmark::DoNotOptimize(tree.root(size));
    size = size * 7919 % kEvents + 1;
  }
}
BENCHMARK(BM_MerkleRootOfEarlierSize);

std::filesystem::path temp_dir(const char* name) {
  auto dir = std::filesystem::temp_directory_path() /
             (std::string("mr-bench-") + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// One room's record path for kEvents events. With a writer, every event and checkpoint is also
// queued to the store, and the run ends when the last one is committed.
void run_room(benchmark::State& state, bool with_store) {
  const auto dir = temp_dir(with_store ? "store" : "memory");
  auto keys = record::ServerKeys::load_or_create(dir);
  const std::string origin = record::room_origin("benchRoom0000001");
  const nlohmann::json body = {{"text", "一条普通长度的调解消息，用于测量每个事件的记录开销。"},
                               {"client_id", "c"}};
  std::vector<double> segment_us(kEvents / kSegment, 0.0);
  for (auto _ : state) {
    std::unique_ptr<store::Store> writer;
    std::uint64_t stream = 0;
    if (with_store) {
      std::filesystem::remove(dir / "mediation.db");
      writer = store::open_sqlite_store(dir);
      stream = store::Store::new_stream_id();
    }
    std::promise<void> committed;
    record::MerkleTree tree;
    auto segment_start = Clock::now();
    for (int seq = 0; seq < kEvents; ++seq) {
      auto e = record::make_event("benchRoom0000001", seq, 1714521600000 + seq, "p1", "message",
                                  "main", body);
      tree.append(record::leaf_hash(e.header));
      if (writer)
        writer->append(stream,
                       {e.room, e.seq, e.time_ms, e.actor, e.kind, e.channel,
                        "c" + std::to_string(seq), std::move(e.header), std::move(e.body)},
                       nullptr);
      if (tree.size() % kCheckpointEvery == 0) {
        auto note = keys.sign_checkpoint(origin, tree.size(), tree.root());
        // Outcomes arrive in queue order: the last checkpoint's means everything is committed.
        store::Store::Done done;
        if (seq + 1 == kEvents) done = [&](std::error_code) { committed.set_value(); };
        if (writer)
          writer->append_checkpoint(stream,
                                    {"benchRoom0000001", std::int64_t(tree.size()),
                                     std::string(crypto::as_view(tree.root())), std::move(note), 0},
                                    std::move(done));
      }
      if ((seq + 1) % kSegment == 0) {
        const auto now = Clock::now();
        segment_us[seq / kSegment] +=
            std::chrono::duration<double, std::micro>(now - segment_start).count() / kSegment;
        segment_start = now;
      }
    }
    if (writer) committed.get_future().wait();
  }
  state.SetItemsProcessed(std::int64_t(state.iterations()) * kEvents);
  state.counters["per_event"] =
      benchmark::Counter(double(state.iterations()) * kEvents,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  // Wall-clock microseconds per event while the log grew through each 10,000 events (for the
  // store run this is the producing side; commits overlap with later segments).
  for (std::size_t i = 0; i < segment_us.size(); ++i)
    state.counters["us_at_" + std::to_string(i * kSegment / 1000) + "k"] =
        segment_us[i] / double(state.iterations());
  std::filesystem::remove_all(dir);
}

void BM_Room100kEventsCheckpointEvery1000(benchmark::State& state) { run_room(state, false); }
BENCHMARK(BM_Room100kEventsCheckpointEvery1000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(2)
    ->UseRealTime();

void BM_Room100kEventsWithStore(benchmark::State& state) { run_room(state, true); }
BENCHMARK(BM_Room100kEventsWithStore)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

}  // namespace
