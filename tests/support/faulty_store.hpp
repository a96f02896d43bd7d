#pragma once
// The real store with appends that can be made to fail on demand, for tests of what the room
// does when the store refuses a write. Everything else passes straight through.
//   refuse:          the append is not written and is answered with an I/O error;
//   land_but_refuse: the append is written, yet answered with an I/O error (a commit whose
//                    fsync failed after the data reached the file: the room must notice).
#include <atomic>

#include "store/store.hpp"

namespace mr::test {

class FaultyStore : public store::Store {
 public:
  enum class Fault { none, refuse, land_but_refuse };
  explicit FaultyStore(store::Store& real) : real_(real) {}
  std::atomic<Fault> fault{Fault::none};

  void append(std::uint64_t stream, store::StoredEvent event, Done done) override {
    switch (fault.load()) {
      case Fault::none:
        return real_.append(stream, std::move(event), std::move(done));
      case Fault::refuse:
        return done(make_error_code(store::StoreErrc::io));
      case Fault::land_but_refuse:
        return real_.append(stream, std::move(event), [done](std::error_code) {
          done(make_error_code(store::StoreErrc::io));
        });
    }
  }
  void append_checkpoint(std::uint64_t stream, store::StoredCheckpoint c, Done done) override {
    if (fault.load() == Fault::none)
      return real_.append_checkpoint(stream, std::move(c), std::move(done));
    if (done) done(make_error_code(store::StoreErrc::io));
  }

  // Pass-through.
  store::Result<void> add_mediator(const store::Mediator& m) override {
    return real_.add_mediator(m);
  }
  store::Result<std::optional<store::Mediator>> mediator_by_login(const std::string& l) override {
    return real_.mediator_by_login(l);
  }
  store::Result<std::optional<store::Mediator>> mediator_by_id(const std::string& i) override {
    return real_.mediator_by_id(i);
  }
  store::Result<std::vector<store::Mediator>> mediators() override { return real_.mediators(); }
  store::Result<void> create_room(const store::RoomRow& r, const store::Participant& p,
                                  const store::StoredEvent& e, const std::string& c) override {
    return real_.create_room(r, p, e, c);
  }
  store::Result<void> add_participant(const store::Participant& p) override {
    return real_.add_participant(p);
  }
  store::Result<void> remove_participant(const std::string& i, std::int64_t n) override {
    return real_.remove_participant(i, n);
  }
  store::Result<std::vector<store::CaseRow>> cases_of_mediator(const std::string& m) override {
    return real_.cases_of_mediator(m);
  }
  void append_case_summary(std::uint64_t s, store::CaseSummaryUpdate u, Done d) override {
    if (fault.load() == Fault::none)
      return real_.append_case_summary(s, std::move(u), std::move(d));
    if (d) d(make_error_code(store::StoreErrc::io));
  }
  void append_timestamp(std::uint64_t s, store::StoredTimestamp t, Done d) override {
    if (fault.load() == Fault::none) return real_.append_timestamp(s, std::move(t), std::move(d));
    if (d) d(make_error_code(store::StoreErrc::io));
  }
  store::Result<std::optional<store::RoomRow>> room(const std::string& i) override {
    return real_.room(i);
  }
  store::Result<std::vector<store::RoomRow>> rooms_of_mediator(const std::string& m) override {
    return real_.rooms_of_mediator(m);
  }
  store::Result<std::vector<store::RoomRow>> rooms() override { return real_.rooms(); }
  store::Result<std::vector<store::Participant>> participants(const std::string& r) override {
    return real_.participants(r);
  }
  store::Result<std::optional<store::Participant>> participant(const std::string& i) override {
    return real_.participant(i);
  }
  store::Result<std::optional<store::Participant>> mediator_participant(
      const std::string& r, const std::string& m) override {
    return real_.mediator_participant(r, m);
  }
  store::Result<void> create_invite(const store::Invite& i, const std::string& t,
                                    const store::Participant& p) override {
    return real_.create_invite(i, t, p);
  }
  store::Result<std::optional<store::Invite>> invite_by_token_hash(const std::string& t) override {
    return real_.invite_by_token_hash(t);
  }
  store::Result<std::optional<store::Invite>> invite(const std::string& i) override {
    return real_.invite(i);
  }
  store::Result<std::vector<store::Invite>> invites(const std::string& r) override {
    return real_.invites(r);
  }
  store::Result<std::int64_t> revoke_invite(const std::string& i, std::int64_t n) override {
    return real_.revoke_invite(i, n);
  }
  store::Result<void> create_session(const std::string& t, const store::Session& s) override {
    return real_.create_session(t, s);
  }
  store::Result<std::optional<store::Session>> session(const std::string& t) override {
    return real_.session(t);
  }
  store::Result<void> delete_session(const std::string& t) override {
    return real_.delete_session(t);
  }
  store::Result<std::int64_t> purge_expired_sessions(std::int64_t n) override {
    return real_.purge_expired_sessions(n);
  }
  store::Result<std::vector<store::StoredEvent>> read_events(const std::string& r, std::int64_t f,
                                                             std::int64_t l,
                                                             std::size_t b) override {
    return real_.read_events(r, f, l, b);
  }
  store::Result<void> for_each_event(const std::string& r, std::int64_t f,
                                     const std::function<void(store::StoredEvent&&)>& v) override {
    return real_.for_each_event(r, f, v);
  }
  store::Result<std::int64_t> next_seq(const std::string& r) override { return real_.next_seq(r); }
  std::optional<store::StoredCheckpoint> witnessed_checkpoint(const std::string& r) override {
    return real_.witnessed_checkpoint(r);
  }
  store::Result<std::vector<store::StoredCheckpoint>> checkpoints(const std::string& r) override {
    return real_.checkpoints(r);
  }
  store::Result<std::optional<std::int64_t>> seq_of_request(const std::string& r,
                                                            const std::string& a,
                                                            const std::string& c) override {
    return real_.seq_of_request(r, a, c);
  }
  store::Result<store::RoomSnapshot> snapshot(const std::string& r) override {
    return real_.snapshot(r);
  }
  bool healthy() override { return real_.healthy(); }
  std::uint64_t batches() const override { return real_.batches(); }
  std::uint64_t events_written() const override { return real_.events_written(); }

 private:
  store::Store& real_;
};

}  // namespace mr::test
