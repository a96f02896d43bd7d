#pragma once
// Plain rows of the store. No JSON, no sockets: the store sees bytes and numbers only.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mr::store {

struct StoredEvent {
  std::string room;
  std::int64_t seq = 0;
  std::int64_t time_ms = 0;
  std::string actor;
  std::string kind;
  std::string channel;
  std::optional<std::string> client_id;  // set for messages: makes retried sends idempotent
  std::string header;                    // canonical bytes (RECORD.md §2)
  std::string body;
};

struct StoredCheckpoint {
  std::string room;
  std::int64_t size = 0;
  std::string root;  // 32 raw bytes
  std::string note;  // the signed note text (RECORD.md §4)
  std::int64_t created_ms = 0;
};

// An RFC 3161 time-stamp token over a stored checkpoint's note (RECORD.md §4.1), kept beside it.
struct StoredTimestamp {
  std::string room;
  std::int64_t size = 0;         // the checkpoint's tree size
  std::string token;             // DER TimeStampToken
  std::int64_t tsa_time_ms = 0;  // the time it states (genTime), for listing without parsing
  std::int64_t created_ms = 0;   // when the server received it
};

struct Mediator {
  std::string id, login, name, org, password_hash;
  std::int64_t created_ms = 0;
};

struct RoomRow {
  std::string id, title, field, created_by;
  std::int64_t created_ms = 0;
  std::int64_t epoch = 1;
};

struct Participant {
  std::string id, room, role;
  std::optional<std::string> side;
  std::string name;
  std::optional<std::string> mediator;     // set when the participant is a mediator account
  std::optional<std::int64_t> removed_ms;  // a mediator recused from the case
};

// A row of a mediator's case list: the room, its case summary as the room last wrote it (the
// Case object of PROTOCOL.md §6, JSON text; empty until the room writes one), its parties and
// the time of its newest event.
struct CaseRow {
  RoomRow room;
  std::string case_summary;
  std::vector<Participant> parties;
  std::int64_t last_activity_ms = 0;
};

// The room's case summary, written through the event writer so it never runs ahead of the log.
struct CaseSummaryUpdate {
  std::string room;
  std::string case_summary;  // JSON text
};

struct Invite {
  std::string id, room, participant;
  std::int64_t created_ms = 0, expires_ms = 0;
  std::optional<std::int64_t> revoked_ms;
};

// Who a session cookie stands for: a mediator account, or one participant of one room.
struct Session {
  std::optional<std::string> mediator;
  std::optional<std::string> participant;
  std::optional<std::string> invite;
  std::int64_t expires_ms = 0;
  std::optional<std::int64_t> revoked_ms;  // its invite was revoked

  bool valid_at(std::int64_t now_ms) const { return !revoked_ms && expires_ms > now_ms; }
};

// Everything an export needs of one room, read in one transaction so that it is consistent even
// while the room keeps appending.
struct RoomSnapshot {
  RoomRow room;
  std::optional<Mediator> creator;
  std::vector<Participant> participants;
  std::vector<StoredEvent> events;            // in seq order, 0..n-1
  std::vector<StoredCheckpoint> checkpoints;  // ascending size
  std::vector<StoredTimestamp> timestamps;    // ascending size; not every checkpoint has one
};

}  // namespace mr::store
