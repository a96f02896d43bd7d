// Appending a batch of events through the store's single writer: one transaction and one fsync
// per batch (WAL, synchronous=FULL), into a fresh database in a temporary directory.
#include <benchmark/benchmark.h>

#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>

#include "store/store.hpp"

namespace {

std::filesystem::path temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "store-bench.XXXXXX").string();
  if (!mkdtemp(pattern.data())) std::abort();
  return pattern;
}

void BM_append_batch(benchmark::State& state) {
  const auto dir = temp_dir();
  {
    auto writer = mr::store::open_sqlite_store(dir);
    const auto stream = mr::store::Store::new_stream_id();
    const auto batch = std::size_t(state.range(0));
    const std::string header(320, 'h'), body(96, 'b');
    std::int64_t seq = 0;
    std::mutex mutex;
    std::condition_variable done_cv;
    for (auto _ : state) {
      std::size_t done = 0;
      // Queue the whole batch before the writer can wake, as concurrent rooms would.
      for (std::size_t i = 0; i < batch; ++i) {
        mr::store::StoredEvent e;
        e.room = "AbCdEfGhIjKlMnOp";
        e.seq = seq++;
        e.time_ms = 1795888065000;
        e.actor = "0123456789ab";
        e.kind = "message";
        e.channel = "main";
        e.client_id = "m" + std::to_string(e.seq);
        e.header = header;
        e.body = body;
        writer->append(stream, std::move(e), [&](std::error_code) {
          std::lock_guard lock(mutex);
          if (++done == batch) done_cv.notify_one();
        });
      }
      std::unique_lock lock(mutex);
      done_cv.wait(lock, [&] { return done == batch; });
    }
    state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(batch));
    state.counters["batches"] = double(writer->batches());
  }
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_append_batch)->Arg(1)->Arg(16)->Arg(128)->Arg(1024)->UseRealTime();

// Bytes this process has handed to write(2) and pwrite(2) so far (/proc/self/io `wchar`).
double bytes_written() {
  std::ifstream io("/proc/self/io");
  std::string key;
  double value = 0;
  while (io >> key >> value)
    if (key == "wchar:") return value;
  return 0;
}

// Batches of events spread over 100 rooms, as group commits under load are: the WAL bytes each
// event costs (the `wal_bytes_per_event` counter), which decide how much a commit writes.
void BM_append_many_rooms(benchmark::State& state) {
  const auto dir = temp_dir();
  {
    auto writer = mr::store::open_sqlite_store(dir);
    const auto stream = mr::store::Store::new_stream_id();
    const auto batch = std::size_t(state.range(0));
    const std::string header(320, 'h'), body(96, 'b');
    std::vector<std::int64_t> seqs(100, 0);
    std::mutex mutex;
    std::condition_variable done_cv;
    std::size_t events = 0;
    const double before = bytes_written();
    for (auto _ : state) {
      std::size_t done = 0;
      for (std::size_t i = 0; i < batch; ++i, ++events) {
        mr::store::StoredEvent e;
        const auto room = events % seqs.size();
        e.room = "room" + std::to_string(1000 + room) + "AbCdEfGh";
        e.seq = seqs[room]++;
        e.time_ms = 1795888065000;
        e.actor = "0123456789ab";
        e.kind = "message";
        e.channel = "main";
        e.client_id = "m" + std::to_string(events);
        e.header = header;
        e.body = body;
        writer->append(stream, std::move(e), [&](std::error_code) {
          std::lock_guard lock(mutex);
          if (++done == batch) done_cv.notify_one();
        });
      }
      std::unique_lock lock(mutex);
      done_cv.wait(lock, [&] { return done == batch; });
    }
    state.SetItemsProcessed(std::int64_t(events));
    state.counters["wal_bytes_per_event"] = (bytes_written() - before) / double(events);
  }
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_append_many_rooms)->Arg(16)->Arg(64)->Arg(256)->UseRealTime();

}  // namespace
