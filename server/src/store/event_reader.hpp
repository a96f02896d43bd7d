#pragma once
// Reads of the event log and checkpoints. Each call takes the connection to use; SQLite's WAL lets
// these run while the writer commits. Thread-safety: that of the connection passed in.
#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "store/records.hpp"

namespace mr::store {

// Events of `room` with first <= seq <= last, in seq order.
std::vector<StoredEvent> read_events(SQLite::Database& db, const std::string& room,
                                     std::int64_t first, std::int64_t last);

// Calls `visit` for every event of `room` in seq order without holding them all in memory.
void for_each_event(SQLite::Database& db, const std::string& room,
                    const std::function<void(StoredEvent&&)>& visit);

// The seq the next event of `room` gets (0 for an empty room).
std::int64_t next_seq(SQLite::Database& db, const std::string& room);

std::vector<StoredCheckpoint> read_checkpoints(SQLite::Database& db, const std::string& room);

}  // namespace mr::store
