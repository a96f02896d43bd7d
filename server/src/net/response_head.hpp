#pragma once
// An answer on its way out, with header lines the transport adds to every answer (HSTS) and its
// status read back for the access log. The application answers with an opaque
// http::message_generator; the transport cannot reach its fields, so it adds its lines to the
// serialised header instead, which ends at the first empty line (RFC 9112 §2.1).
//
// Thread-safety: one writer at a time, like the generator it wraps.
#include <boost/beast/http/message_generator.hpp>
#include <string>
#include <string_view>

namespace mr::net {

class ResponseHead {
 public:
  using const_buffers_type = boost::beast::http::message_generator::const_buffers_type;

  // `extra` is whole header lines, each ending in CRLF ("" adds none); `status` receives the
  // answer's status code once its header has been prepared. Both must outlive the write.
  ResponseHead(boost::beast::http::message_generator inner, std::string_view extra, int& status);

  // BuffersGenerator
  bool is_done() const;
  const_buffers_type prepare(boost::beast::error_code& ec);
  void consume(std::size_t n);

 private:
  void read_head(boost::beast::error_code& ec);

  boost::beast::http::message_generator inner_;
  std::string_view extra_;
  std::string head_;  // the header with the extra lines, while it is being written
  std::size_t head_sent_ = 0;
  boost::asio::const_buffer head_buffer_;
  bool head_read_ = false;
  int* status_;
};

}  // namespace mr::net
