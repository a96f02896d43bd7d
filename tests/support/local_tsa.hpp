#pragma once
// A real RFC 3161 time-stamping authority for tests: its own CA and a TSA certificate
// (extendedKeyUsage critical timeStamping), made with OpenSSL when constructed, answering
// TimeStampReqs with OpenSSL's TS_RESP_CTX, in-process and over HTTP on a free loopback port
// (POST application/timestamp-query), as a TSA answers.
//
// Thread-safety: every member may be called from any thread.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace mr::test {

class LocalTsa {
 public:
  // How the HTTP side behaves: answers; answers 503 (a TSA out of service); or takes the
  // connection and never answers (a TSA that hangs).
  enum class Mode { up, refuse, hang };

  // `name` goes into the certificates' common names.
  explicit LocalTsa(const std::string& name = "Test TSA");
  ~LocalTsa();
  LocalTsa(const LocalTsa&) = delete;
  LocalTsa& operator=(const LocalTsa&) = delete;

  std::string ca_pem() const { return ca_pem_; }         // the root to trust
  std::string tsa_cert_pem() const { return tsa_pem_; }  // the signer
  // Writes the CA certificate to `file` and answers it.
  std::filesystem::path write_ca(const std::filesystem::path& file) const;

  // The reply (DER TimeStampResp) to a DER TimeStampReq, made as the HTTP side makes it.
  std::string reply(const std::string& request_der);

  // Starts the HTTP side on 127.0.0.1 (once); answers its URL, "http://127.0.0.1:<port>/tsa".
  std::string start_http();
  void set_mode(Mode mode);
  // The time the TSA puts in its tokens; unset: the clock.
  void set_time(std::optional<std::int64_t> ms);

  std::size_t tokens_issued() const;
  // Waits until at least `n` tokens were issued; false when `timeout` passes first.
  bool await_tokens(std::size_t n, std::chrono::milliseconds timeout) const;

 private:
  struct Keys;
  struct Http;
  std::unique_ptr<Keys> keys_;
  std::string ca_pem_, tsa_pem_;
  std::unique_ptr<Http> http_;
  mutable std::mutex mutex_;
  mutable std::condition_variable issued_cv_;
  std::size_t issued_ = 0;
  long serial_ = 0;
  std::optional<std::int64_t> time_ms_;
  Mode mode_ = Mode::up;
};

}  // namespace mr::test
