#pragma once
// Every open room connection, indexed by the participant, the session and the address behind it:
// so that ending someone's access (a revoked invite, whichever process revoked it; a logout)
// closes their connections at once, and so that one person or one address cannot hold an
// unbounded number of connections, each with its own rate budget.
// Thread-safety: all member functions may be called from any thread.
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace mr::protocol {
class RoomConnection;
}

namespace mr::api {

struct ConnectionCaps {
  std::size_t per_participant = 8;  // a person's phone, computer and a few reloaded tabs
  std::size_t per_address = 64;     // a whole office behind one NAT address
};

class LiveConnections {
 public:
  struct Owner {
    std::string participant;
    std::string session;  // the SHA-256 of the session token that admitted it
    std::string address;
  };
  enum class Added { yes, participant_full, address_full };

  explicit LiveConnections(ConnectionCaps caps = {}) : caps_(caps) {}

  // Counts `connection` as open for `owner` unless a cap is reached; the connection forgets
  // itself when it closes (RoomConnection::on_closed).
  Added add(const std::shared_ptr<protocol::RoomConnection>& connection, Owner owner);
  void remove(const protocol::RoomConnection* connection);
  // Close every connection of a participant, or of a session, with 4001; answer how many.
  std::size_t end_participant(const std::string& participant);
  std::size_t end_session(const std::string& session);

 private:
  struct Entry {
    std::weak_ptr<protocol::RoomConnection> connection;
    Owner owner;
  };
  template <class Match>
  std::size_t end_where(Match match);

  const ConnectionCaps caps_;
  std::mutex mutex_;
  std::unordered_map<const protocol::RoomConnection*, Entry> open_;
};

}  // namespace mr::api
