#include "local_tsa.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fstream>
#include <list>
#include <stdexcept>

namespace mr::test {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

std::string pem_of(X509* cert) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  std::string out(data, std::size_t(n));
  BIO_free(bio);
  return out;
}

void add_ext(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (!ext) throw std::runtime_error("cannot make certificate extension");
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// A certificate for `key` named `cn`, issued by (issuer, issuer_key), or self-signed.
X509* make_cert(EVP_PKEY* key, const std::string& cn, X509* issuer, EVP_PKEY* issuer_key,
                long serial, bool ca) {
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), serial);
  // Valid for long either side of now: tests stamp times in the past and the future.
  X509_gmtime_adj(X509_getm_notBefore(cert), -10L * 365 * 24 * 3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 10L * 365 * 24 * 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>("Mediation Room Tests"), -1, -1,
                             0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509* signer = issuer ? issuer : cert;
  X509_set_issuer_name(cert, X509_get_subject_name(signer));
  add_ext(cert, signer, NID_subject_key_identifier, "hash");
  add_ext(cert, signer, NID_authority_key_identifier, "keyid:always");
  if (ca) {
    add_ext(cert, signer, NID_basic_constraints, "critical,CA:TRUE");
    add_ext(cert, signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    add_ext(cert, signer, NID_basic_constraints, "critical,CA:FALSE");
    add_ext(cert, signer, NID_key_usage, "critical,digitalSignature,nonRepudiation");
    add_ext(cert, signer, NID_ext_key_usage, "critical,timeStamping");
  }
  X509_sign(cert, issuer_key ? issuer_key : key, EVP_sha256());
  return cert;
}

int time_cb(TS_RESP_CTX*, void* data, long* sec, long* usec) {
  const auto ms = *static_cast<std::int64_t*>(data);
  *sec = long(ms / 1000);
  *usec = long(ms % 1000) * 1000;
  return 1;
}

ASN1_INTEGER* serial_cb(TS_RESP_CTX*, void* data) {
  ASN1_INTEGER* serial = ASN1_INTEGER_new();
  ASN1_INTEGER_set(serial, *static_cast<long*>(data));
  return serial;
}

std::int64_t clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

struct LocalTsa::Keys {
  EVP_PKEY* ca_key = nullptr;
  EVP_PKEY* tsa_key = nullptr;
  X509* ca = nullptr;
  X509* tsa = nullptr;
  ~Keys() {
    X509_free(tsa);
    X509_free(ca);
    EVP_PKEY_free(tsa_key);
    EVP_PKEY_free(ca_key);
  }
};

// One thread accepting and answering one connection at a time; hung connections are kept open
// until the TSA goes away.
struct LocalTsa::Http {
  asio::io_context ioc;
  asio::ip::tcp::acceptor acceptor{ioc};
  std::list<asio::ip::tcp::socket> hung;
  std::thread thread;
  unsigned short port = 0;
};

LocalTsa::LocalTsa(const std::string& name) : keys_(std::make_unique<Keys>()) {
  keys_->ca_key = EVP_EC_gen("P-256");
  keys_->tsa_key = EVP_EC_gen("P-256");
  if (!keys_->ca_key || !keys_->tsa_key) throw std::runtime_error("cannot make TSA keys");
  keys_->ca = make_cert(keys_->ca_key, name + " Root CA", nullptr, nullptr, 1, true);
  keys_->tsa = make_cert(keys_->tsa_key, name, keys_->ca, keys_->ca_key, 2, false);
  ca_pem_ = pem_of(keys_->ca);
  tsa_pem_ = pem_of(keys_->tsa);
}

LocalTsa::~LocalTsa() {
  if (!http_) return;
  http_->ioc.stop();
  http_->thread.join();
}

std::filesystem::path LocalTsa::write_ca(const std::filesystem::path& file) const {
  std::ofstream(file, std::ios::binary) << ca_pem_;
  return file;
}

std::string LocalTsa::reply(const std::string& request_der) {
  std::lock_guard lock(mutex_);
  std::int64_t now = time_ms_.value_or(clock_ms());
  long serial = ++serial_;
  TS_RESP_CTX* ctx = TS_RESP_CTX_new();
  TS_RESP_CTX_set_signer_cert(ctx, keys_->tsa);
  TS_RESP_CTX_set_signer_key(ctx, keys_->tsa_key);
  TS_RESP_CTX_set_signer_digest(ctx, EVP_sha256());
  ASN1_OBJECT* policy = OBJ_txt2obj("1.3.6.1.4.1.99999.1", 1);
  TS_RESP_CTX_set_def_policy(ctx, policy);
  ASN1_OBJECT_free(policy);
  TS_RESP_CTX_add_md(ctx, EVP_sha256());
  TS_RESP_CTX_set_clock_precision_digits(ctx, 3);
  TS_RESP_CTX_set_time_cb(ctx, time_cb, &now);
  TS_RESP_CTX_set_serial_cb(ctx, serial_cb, &serial);
  BIO* in = BIO_new_mem_buf(request_der.data(), int(request_der.size()));
  TS_RESP* resp = TS_RESP_create_response(ctx, in);
  BIO_free(in);
  std::string out;
  if (resp) {
    unsigned char* der = nullptr;
    const int n = i2d_TS_RESP(resp, &der);
    if (n > 0) out.assign(reinterpret_cast<char*>(der), std::size_t(n));
    OPENSSL_free(der);
    if (TS_RESP_get_token(resp)) {
      ++issued_;
      issued_cv_.notify_all();
    }
    TS_RESP_free(resp);
  }
  TS_RESP_CTX_free(ctx);
  return out;
}

std::string LocalTsa::start_http() {
  if (!http_) {
    http_ = std::make_unique<Http>();
    auto& h = *http_;
    const asio::ip::tcp::endpoint at(asio::ip::make_address("127.0.0.1"), 0);
    h.acceptor.open(at.protocol());
    h.acceptor.set_option(asio::socket_base::reuse_address(true));
    h.acceptor.bind(at);
    h.acceptor.listen();
    h.port = h.acceptor.local_endpoint().port();
    auto accept = std::make_shared<std::function<void()>>();
    // Only the pending accept holds the loop alive (a strong self-capture would never be freed).
    *accept = [this, weak = std::weak_ptr(accept)] {
      auto accept = weak.lock();
      if (!accept) return;
      http_->acceptor.async_accept(
          [this, accept](boost::system::error_code ec, asio::ip::tcp::socket socket) {
            if (ec) return;
            Mode mode;
            {
              std::lock_guard lock(mutex_);
              mode = mode_;
            }
            if (mode == Mode::hang) {
              http_->hung.push_back(std::move(socket));
              return (*accept)();
            }
            boost::system::error_code io;
            beast::flat_buffer buffer;
            http::request<http::string_body> req;
            http::read(socket, buffer, req, io);
            http::response<http::string_body> res;
            res.version(11);
            res.keep_alive(false);
            if (io) {
              return (*accept)();
            } else if (mode == Mode::refuse) {
              res.result(http::status::service_unavailable);
              res.body() = "out of service";
            } else if (req.method() != http::verb::post ||
                       req[http::field::content_type] != "application/timestamp-query") {
              res.result(http::status::bad_request);
            } else {
              res.result(http::status::ok);
              res.set(http::field::content_type, "application/timestamp-reply");
              res.body() = reply(req.body());
            }
            res.prepare_payload();
            http::write(socket, res, io);
            socket.shutdown(asio::ip::tcp::socket::shutdown_both, io);
            (*accept)();
          });
    };
    (*accept)();
    h.thread = std::thread([this] { http_->ioc.run(); });
  }
  return "http://127.0.0.1:" + std::to_string(http_->port) + "/tsa";
}

void LocalTsa::set_mode(Mode mode) {
  std::lock_guard lock(mutex_);
  mode_ = mode;
}

void LocalTsa::set_time(std::optional<std::int64_t> ms) {
  std::lock_guard lock(mutex_);
  time_ms_ = ms;
}

std::size_t LocalTsa::tokens_issued() const {
  std::lock_guard lock(mutex_);
  return issued_;
}

bool LocalTsa::await_tokens(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return issued_cv_.wait_for(lock, timeout, [&] { return issued_ >= n; });
}

}  // namespace mr::test
