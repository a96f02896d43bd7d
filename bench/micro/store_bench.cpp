// Appending a batch of events through the store's single writer: one transaction and one fsync
// per batch (WAL, synchronous=FULL), into a fresh database in a temporary directory.
#include <benchmark/benchmark.h>

#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace {

std::filesystem::path temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "store-bench.XXXXXX").string();
  if (!mkdtemp(pattern.data())) std::abort();
  return pattern;
}

// A message event of `room` as the server stores one (a 320-byte header, a 96-byte body).
mr::store::StoredEvent message(std::string room, std::int64_t seq) {
  mr::store::StoredEvent e;
  e.room = std::move(room);
  e.seq = seq;
  e.time_ms = 1795888065000;
  e.actor = "0123456789ab";
  e.kind = "message";
  e.channel = "main";
  e.client_id = "m" + std::to_string(seq);
  e.header = std::string(320, 'h');
  e.body = std::string(96, 'b');
  return e;
}

// Queues the whole batch before the writer can wake, as concurrent rooms would, and waits until
// every event of it is committed.
void append_all(mr::store::Store& store, std::uint64_t stream,
                std::vector<mr::store::StoredEvent> batch) {
  std::mutex mutex;
  std::condition_variable done_cv;
  std::size_t done = 0;
  const auto count = batch.size();
  for (auto& e : batch)
    store.append(stream, std::move(e), [&](std::error_code) {
      std::lock_guard lock(mutex);
      if (++done == count) done_cv.notify_one();
    });
  std::unique_lock lock(mutex);
  done_cv.wait(lock, [&] { return done == count; });
}

void BM_append_batch(benchmark::State& state) {
  const auto dir = temp_dir();
  {
    auto writer = mr::store::open_sqlite_store(dir);
    const auto stream = mr::store::Store::new_stream_id();
    const auto size = std::size_t(state.range(0));
    std::int64_t seq = 0;
    for (auto _ : state) {
      std::vector<mr::store::StoredEvent> batch;
      for (std::size_t i = 0; i < size; ++i) batch.push_back(message("AbCdEfGhIjKlMnOp", seq++));
      append_all(*writer, stream, std::move(batch));
    }
    state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(size));
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
    const auto size = std::size_t(state.range(0));
    std::vector<std::int64_t> seqs(100, 0);
    std::size_t events = 0;
    const double before = bytes_written();
    for (auto _ : state) {
      std::vector<mr::store::StoredEvent> batch;
      for (std::size_t i = 0; i < size; ++i, ++events) {
        const auto room = events % seqs.size();
        batch.push_back(message("room" + std::to_string(1000 + room) + "AbCdEfGh", seqs[room]++));
      }
      append_all(*writer, stream, std::move(batch));
    }
    state.SetItemsProcessed(std::int64_t(events));
    state.counters["wal_bytes_per_event"] = (bytes_written() - before) / double(events);
  }
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_append_many_rooms)->Arg(16)->Arg(64)->Arg(256)->UseRealTime();

}  // namespace
