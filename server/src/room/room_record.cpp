// The room's side of the record: signing checkpoints and answering proof requests.
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "room/refusal_codes.hpp"
#include "room/room.hpp"

namespace mr::room {
namespace asio = boost::asio;

void Room::checkpoint_now(bool milestone) {
  auto checkpoint = record_.sign_checkpoint(services_.clock());
  ++in_flight_;
  quiet_ = false;
  services_.store.append_checkpoint(
      stream_, checkpoint, [self = shared_from_this(), checkpoint, milestone](std::error_code ec) {
        asio::post(self->executor_, [self, checkpoint, milestone, ec] {
          --self->in_flight_;
          if (ec || self->write_failed_) {
            self->record_.not_stored();
            self->write_failed_ = true;
            if (self->in_flight_ == 0) self->resync();
            return self->update_quiet();
          }
          // Pushed only once stored, so a client never holds a
          // checkpoint the store lacks.
          self->record_.stored(checkpoint);
          if (self->services_.stamp) self->services_.stamp(checkpoint, milestone);
          for (auto& [_, a] : self->attendance_)
            if (a.live) a.member->on_checkpoint(checkpoint.note, "");
          self->update_quiet();
        });
      });
}

void Room::schedule_checkpoint() {
  if (checkpoint_scheduled_) return;
  checkpoint_scheduled_ = true;
  checkpoint_timer_.expires_after(services_.checkpoint_interval);
  checkpoint_timer_.async_wait([self = shared_from_this()](boost::system::error_code) {
    self->checkpoint_scheduled_ = false;
    if (!self->write_failed_ && self->record_.checkpoint_due(1)) self->checkpoint_now();
  });
}

void Room::update_quiet() {
  const bool quiet =
      attendance_.empty() && presence_.empty() && in_flight_ == 0 && !record_.checkpoint_due(1);
  if (quiet && !quiet_)
    quiet_since_ns_ = std::chrono::steady_clock::now().time_since_epoch().count();
  quiet_ = quiet;
}

bool Room::quiet_since(std::chrono::steady_clock::time_point since) const {
  return quiet_ && quiet_since_ns_ <= since.time_since_epoch().count();
}

void Room::latest_checkpoint(MemberPtr member, std::string ref) {
  asio::post(executor_,
             [self = shared_from_this(), member = std::move(member), ref = std::move(ref)] {
               if (auto note = self->record_.latest_note())
                 return member->on_checkpoint(*note, ref);
               member->on_refused(kOutOfRange, "no checkpoint has been signed yet", ref);
             });
}

void Room::inclusion_proof(MemberPtr member, std::string ref, std::int64_t seq, std::int64_t size) {
  asio::post(executor_, [self = shared_from_this(), member = std::move(member), ref = std::move(ref),
                       seq, size] {
    auto proof = self->record_.inclusion(seq, size);
    if (!proof)
      return member->on_refused(
          kOutOfRange, "need 0 <= seq < size <= " + std::to_string(self->record_.size()), ref);
    // A proof hands out the event's leaf hash: only for events the asker may read.
    auto rows = self->services_.store.read_events(self->info_.id, seq, seq, 1);
    if (!rows || rows->empty())
      return member->on_refused(kUnavailable, "the store cannot read that event now", ref);
    CommittedEvent e;
    e.seq = seq;
    e.channel = parse_channel(rows->front().channel).value_or(Channel::main);
    if (!self->visible(member->identity(), e))
      return member->on_refused(kForbidden, "you may not read event " + std::to_string(seq), ref);
    member->on_inclusion_proof(ref, seq, size, proof->leaf, proof->path);
  });
}

void Room::consistency_proof(MemberPtr member, std::string ref, std::int64_t from,
                             std::int64_t to) {
  asio::post(executor_, [self = shared_from_this(), member = std::move(member), ref = std::move(ref),
                       from, to] {
    auto path = self->record_.consistency(from, to);
    if (!path)
      return member->on_refused(
          kOutOfRange, "need 1 <= from <= to <= " + std::to_string(self->record_.size()), ref);
    member->on_consistency_proof(ref, from, to, *path);
  });
}

}  // namespace mr::room
