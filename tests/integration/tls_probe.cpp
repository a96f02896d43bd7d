#include "tls_probe.hpp"

#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <cstdio>
#include <memory>
#include <stdexcept>

namespace mr::test {
namespace {

namespace asio = boost::asio;

template <typename T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, decltype([](T* p) { Free(p); })>;

std::string hex_fingerprint(X509* cert) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  X509_digest(cert, EVP_sha256(), digest, &length);
  std::string out;
  for (unsigned i = 0; i < length; ++i) {
    char byte[3];
    std::snprintf(byte, sizeof byte, "%02X", digest[i]);
    out += byte;
  }
  return out;
}

template <typename T, T* (*Read)(std::FILE*, T**, pem_password_cb*, void*)>
T* read_pem(const std::filesystem::path& file) {
  std::FILE* f = std::fopen(file.c_str(), "rb");
  if (f == nullptr) throw std::runtime_error("cannot read " + file.string());
  T* value = Read(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  if (value == nullptr) throw std::runtime_error("no PEM in " + file.string());
  return value;
}

}  // namespace

TlsProbe probe_tls(unsigned short port, const ProbeOptions& options) {
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ctx.set_verify_mode(asio::ssl::verify_none);
  if (options.version) {
    SSL_CTX_set_min_proto_version(ctx.native_handle(), options.version);
    SSL_CTX_set_max_proto_version(ctx.native_handle(), options.version);
  }
  if (!options.ciphers.empty())
    SSL_CTX_set_cipher_list(ctx.native_handle(), options.ciphers.c_str());
  std::string wire;
  for (const auto& p : options.alpn) wire += char(p.size()) + p;
  if (!wire.empty())
    SSL_CTX_set_alpn_protos(ctx.native_handle(),
                            reinterpret_cast<const unsigned char*>(wire.data()),
                            unsigned(wire.size()));
  asio::io_context ioc;
  asio::ssl::stream<asio::ip::tcp::socket> stream(ioc, ctx);
  stream.next_layer().connect({asio::ip::make_address("127.0.0.1"), port});
  SSL_set_tlsext_host_name(stream.native_handle(), "localhost");
  if (options.ask_ocsp) SSL_set_tlsext_status_type(stream.native_handle(), TLSEXT_STATUSTYPE_ocsp);
  TlsProbe out;
  boost::system::error_code ec;
  stream.handshake(asio::ssl::stream_base::client, ec);
  if (ec) {
    out.error = ec.message();
    return out;
  }
  SSL* ssl = stream.native_handle();
  out.version = SSL_get_version(ssl);
  const unsigned char* chosen = nullptr;
  unsigned int length = 0;
  SSL_get0_alpn_selected(ssl, &chosen, &length);
  out.alpn.assign(reinterpret_cast<const char*>(chosen), length);
  const unsigned char* der = nullptr;
  long der_length = SSL_get_tlsext_status_ocsp_resp(ssl, &der);
  if (der && der_length > 0) out.ocsp_der.assign(reinterpret_cast<const char*>(der), der_length);
  Owned<X509, X509_free> cert(SSL_get1_peer_certificate(ssl));
  if (cert) out.fingerprint = hex_fingerprint(cert.get());
  stream.shutdown(ec);
  return out;
}

std::string certificate_fingerprint(const std::filesystem::path& pem) {
  Owned<X509, X509_free> cert(read_pem<X509, PEM_read_X509>(pem));
  return hex_fingerprint(cert.get());
}

std::string ocsp_response(const std::filesystem::path& cert_pem,
                          const std::filesystem::path& key_pem, int from_hours, int to_hours) {
  Owned<X509, X509_free> cert(read_pem<X509, PEM_read_X509>(cert_pem));
  Owned<EVP_PKEY, EVP_PKEY_free> key(read_pem<EVP_PKEY, PEM_read_PrivateKey>(key_pem));
  Owned<OCSP_BASICRESP, OCSP_BASICRESP_free> basic(OCSP_BASICRESP_new());
  OCSP_CERTID* id = OCSP_cert_to_id(nullptr, cert.get(), cert.get());  // the response keeps a copy
  Owned<ASN1_TIME, ASN1_TIME_free> this_update(X509_gmtime_adj(nullptr, from_hours * 3600L));
  Owned<ASN1_TIME, ASN1_TIME_free> next_update(X509_gmtime_adj(nullptr, to_hours * 3600L));
  if (!OCSP_basic_add1_status(basic.get(), id, V_OCSP_CERTSTATUS_GOOD, 0, nullptr,
                              this_update.get(), next_update.get()) ||
      !OCSP_basic_sign(basic.get(), cert.get(), key.get(), EVP_sha256(), nullptr, 0))
    throw std::runtime_error("cannot make an OCSP response");
  OCSP_CERTID_free(id);
  Owned<OCSP_RESPONSE, OCSP_RESPONSE_free> response(
      OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, basic.get()));
  unsigned char* der = nullptr;
  int length = i2d_OCSP_RESPONSE(response.get(), &der);
  std::string out(reinterpret_cast<const char*>(der), std::size_t(length));
  OPENSSL_free(der);
  return out;
}

}  // namespace mr::test
