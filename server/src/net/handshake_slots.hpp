#pragma once
// A bound on the TLS handshakes in progress at once: each costs the server a key exchange, and a
// client that opens connections and never finishes them would otherwise hold one each until the
// handshake timeout. A connection over the bound is closed at once, before any TLS work.
// Thread-safety: all member functions may be called from any thread.
#include <atomic>
#include <cstddef>
#include <memory>

namespace mr::net {

class HandshakeSlots : public std::enable_shared_from_this<HandshakeSlots> {
 public:
  explicit HandshakeSlots(std::size_t max) : max_(max) {}

  // Held by a session until its handshake ends, however it ends.
  class Slot {
   public:
    explicit Slot(std::shared_ptr<HandshakeSlots> owner) : owner_(std::move(owner)) {}
    Slot(Slot&&) = default;
    Slot& operator=(Slot&&) = default;
    ~Slot() {
      if (owner_) --owner_->in_use_;
    }

   private:
    std::shared_ptr<HandshakeSlots> owner_;
  };

  // A slot, or nothing when `max` handshakes are in progress.
  std::unique_ptr<Slot> take() {
    if (++in_use_ > max_) {
      --in_use_;
      return nullptr;
    }
    return std::make_unique<Slot>(shared_from_this());
  }

 private:
  const std::size_t max_;
  std::atomic<std::size_t> in_use_{0};
};

}  // namespace mr::net
