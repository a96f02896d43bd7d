#pragma once
// The HTTP(S) side of asking a time-stamping authority (RFC 3161 §3.4): POST a TimeStampReq as
// application/timestamp-query, read the application/timestamp-reply. Asynchronous on the
// caller's executor, with one deadline for the whole exchange (resolve, connect, TLS, write,
// read), so a TSA that is down or hangs costs a timer, never a thread.
//
// Thread-safety: post_timestamp_query may be called from any thread; `done` runs once, on
// `executor`. The TLS context must outlive the exchange.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace mr::timestamp {

struct TsaUrl {
  bool tls = false;  // https
  std::string host, port, target;
  std::string text;  // as given, for logs

  // http:// or https:// URLs only; nullopt with `why` otherwise.
  static std::optional<TsaUrl> parse(std::string_view url, std::string* why = nullptr);
};

// `error` is empty when `reply` holds the TSA's DER answer (status 200, the reply type).
using QueryDone = std::function<void(std::string error, std::string reply)>;

void post_timestamp_query(boost::asio::any_io_executor executor, boost::asio::ssl::context& tls,
                          const TsaUrl& url, std::string query, std::chrono::milliseconds timeout,
                          QueryDone done);

// A TLS client context that checks the TSA's certificate against the system's roots.
boost::asio::ssl::context make_tsa_tls_context();

}  // namespace mr::timestamp
