#include "net/response_head.hpp"

#include <charconv>

namespace mr::net {

ResponseHead::ResponseHead(boost::beast::http::message_generator inner, std::string_view extra,
                           int& status)
    : inner_(std::move(inner)), extra_(extra), status_(&status) {}

bool ResponseHead::is_done() const {
  return head_read_ && head_sent_ == head_.size() && inner_.is_done();
}

// Takes the header's bytes out of the inner generator, up to and including its empty line.
void ResponseHead::read_head(boost::beast::error_code& ec) {
  static constexpr std::string_view kEnd = "\r\n\r\n";
  while (!inner_.is_done()) {
    auto buffers = inner_.prepare(ec);
    if (ec) return;
    std::size_t taken = 0;
    for (const auto& b : buffers) {
      const auto* bytes = static_cast<const char*>(b.data());
      for (std::size_t i = 0; i < b.size(); ++i) {
        head_.push_back(bytes[i]);
        ++taken;
        if (head_.size() >= kEnd.size() && head_.ends_with(kEnd)) {
          inner_.consume(taken);
          head_.insert(head_.size() - 2, extra_);
          // "HTTP/1.1 200 OK": the code is the second word.
          const auto code = head_.find(' ') + 1;
          std::from_chars(head_.data() + code, head_.data() + code + 3, *status_);
          head_read_ = true;
          return;
        }
      }
    }
    inner_.consume(taken);
  }
  head_read_ = true;  // no header end: write what there is unchanged
}

ResponseHead::const_buffers_type ResponseHead::prepare(boost::beast::error_code& ec) {
  if (!head_read_) read_head(ec);
  if (ec) return {};
  if (head_sent_ < head_.size()) {
    head_buffer_ = boost::asio::const_buffer(head_.data() + head_sent_, head_.size() - head_sent_);
    return {&head_buffer_, 1};
  }
  return inner_.prepare(ec);
}

void ResponseHead::consume(std::size_t n) {
  if (head_sent_ < head_.size()) {
    head_sent_ += n;
    if (head_sent_ == head_.size()) {
      head_.clear();
      head_.shrink_to_fit();
      head_sent_ = 0;
    }
    return;
  }
  inner_.consume(n);
}

}  // namespace mr::net
