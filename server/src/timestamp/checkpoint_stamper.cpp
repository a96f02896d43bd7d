#include "timestamp/checkpoint_stamper.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

namespace mr::timestamp {
namespace asio = boost::asio;

std::shared_ptr<CheckpointStamper> CheckpointStamper::create(asio::any_io_executor executor,
                                                             store::Store& store,
                                                             StamperOptions options) {
  return std::shared_ptr<CheckpointStamper>(
      new CheckpointStamper(std::move(executor), store, std::move(options)));
}

CheckpointStamper::CheckpointStamper(asio::any_io_executor executor, store::Store& store,
                                     StamperOptions options)
    : executor_(executor),
      strand_(asio::make_strand(executor)),
      store_(store),
      options_(std::move(options)),
      tls_(make_tsa_tls_context()),
      retry_timer_(strand_) {}

void CheckpointStamper::stamp(const store::StoredCheckpoint& checkpoint, bool milestone) {
  asio::post(strand_, [self = shared_from_this(), checkpoint, milestone] {
    if (self->stopped_) return;
    const auto now = std::chrono::steady_clock::now();
    auto [last, first] = self->last_asked_.try_emplace(checkpoint.room, now);
    if (!milestone && !first && now - last->second < self->options_.interval) return;
    last->second = now;
    if (self->pending_.size() >= self->options_.max_pending) {
      const auto& dropped = self->pending_.front();
      spdlog::warn("TSA: {} checkpoints wait for a token; room {} checkpoint {} goes without one",
                   self->pending_.size(), dropped.room, dropped.size);
      self->pending_.pop_front();
    }
    self->pending_.push_back({checkpoint.room, checkpoint.size, checkpoint.note});
    if (!self->busy_) self->next();
  });
}

void CheckpointStamper::stop() {
  asio::post(strand_, [self = shared_from_this()] {
    self->stopped_ = true;
    self->pending_.clear();
    self->retry_timer_.cancel();
  });
}

void CheckpointStamper::next() {
  if (stopped_ || pending_.empty()) {
    busy_ = false;
    return;
  }
  busy_ = true;
  // The exact bytes of the note, as the bundle carries them (RECORD.md §4.1).
  auto request = crypto::make_timestamp_request(pending_.front().note);
  post_timestamp_query(executor_, tls_, options_.url, request.der, options_.timeout,
                       [self = shared_from_this(), request](std::string error, std::string reply) {
                         asio::post(self->strand_, [self, request, error = std::move(error),
                                                    reply = std::move(reply)]() mutable {
                           self->on_reply(request, std::move(error), std::move(reply));
                         });
                       });
}

void CheckpointStamper::on_reply(const crypto::TimestampRequest& request, std::string error,
                                 std::string reply) {
  if (stopped_ || pending_.empty()) return next();
  if (!error.empty()) return failed(error);
  auto token = crypto::token_from_reply(reply, request, options_.trust);
  if (auto* why = std::get_if<1>(&token)) return failed(*why);
  const auto& item = pending_.front();
  auto info = crypto::read_timestamp_token(std::get<0>(token));
  store::StoredTimestamp row{item.room, item.size, std::move(std::get<0>(token)),
                             info ? info->time_ms : 0, options_.clock()};
  // A stream of its own: a refused token write must not stop the rooms' appends.
  store_.append_timestamp(store::Store::new_stream_id(), std::move(row),
                          [self = shared_from_this()](std::error_code ec) {
                            asio::post(self->strand_, [self, ec] { self->on_stored(ec); });
                          });
}

void CheckpointStamper::on_stored(std::error_code ec) {
  if (ec) return failed("the store did not take the token: " + ec.message());
  if (!pending_.empty()) pending_.pop_front();
  ++stamped_;
  backoff_ = std::chrono::milliseconds(0);
  next();
}

void CheckpointStamper::failed(const std::string& why) {
  ++failures_;
  backoff_ =
      backoff_.count() == 0 ? options_.first_retry : std::min(backoff_ * 2, options_.max_retry);
  const auto& item = pending_.front();
  spdlog::warn("TSA {}: no token for room {} checkpoint {}: {}; trying again in {} ms ({} waiting)",
               options_.url.text, item.room, item.size, why, backoff_.count(), pending_.size());
  retry_timer_.expires_after(backoff_);
  retry_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (!ec) self->next();
  });
}

}  // namespace mr::timestamp
