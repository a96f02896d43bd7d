// The TLS profile an outside audit checks (issue 15): Mozilla's intermediate by default, modern on
// request, ALPN http/1.1, HSTS on every answer once a real certificate is configured, and an OCSP
// response stapled while it is valid.
#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <fstream>

#include "net/dev_certificate.hpp"
#include "server_process.hpp"
#include "tls_client.hpp"
#include "tls_probe.hpp"

namespace mr::test {
namespace {

ProbeOptions offering(int version, std::string ciphers = {}) {
  ProbeOptions o;
  o.version = version;
  o.ciphers = std::move(ciphers);
  return o;
}

ProbeOptions offering_alpn(std::vector<std::string> protocols) {
  ProbeOptions o;
  o.alpn = std::move(protocols);
  return o;
}

ProbeOptions asking_ocsp() {
  ProbeOptions o;
  o.ask_ocsp = true;
  return o;
}

class TlsProfile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fresh_dir("tls-profile");
    cert_ = net::ensure_dev_certificate(dir_ / "configured");
  }
  void TearDown() override {
    if (server_ && HasFailure()) std::cerr << "server log:\n" << server_->log();
    server_.reset();
    std::filesystem::remove_all(dir_);
  }
  void start(std::vector<std::string> extra) {
    server_ = std::make_unique<ServerProcess>(dir_ / "data", std::move(extra));
  }
  void start_configured(std::vector<std::string> extra = {}) {
    extra.insert(extra.end(), {"--cert", cert_.chain.string(), "--key", cert_.key.string()});
    start(extra);
  }
  boost::asio::ssl::context trusting_configured() {
    boost::asio::ssl::context tls(boost::asio::ssl::context::tls_client);
    tls.load_verify_file(cert_.chain.string());
    tls.set_verify_mode(boost::asio::ssl::verify_peer);
    return tls;
  }

  std::filesystem::path dir_;
  net::CertificatePaths cert_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(TlsProfile, IntermediateTakesTls12WithEcdheAeadOnlyAndTls13) {
  start({});
  EXPECT_EQ(probe_tls(server_->port(), offering(TLS1_3_VERSION)).version, "TLSv1.3");
  EXPECT_EQ(probe_tls(server_->port(), offering(TLS1_2_VERSION)).version, "TLSv1.2");
  // CBC (LUCKY13) and RSA key transport are what the audit found: both refused now.
  for (const char* suite :
       {"ECDHE-ECDSA-AES128-SHA256", "ECDHE-ECDSA-AES256-SHA", "AES128-GCM-SHA256"})
    EXPECT_NE(probe_tls(server_->port(), offering(TLS1_2_VERSION, suite)).error, "") << suite;
  EXPECT_EQ(
      probe_tls(server_->port(), offering(TLS1_2_VERSION, "ECDHE-ECDSA-CHACHA20-POLY1305")).error,
      "");
}

TEST_F(TlsProfile, ModernTakesTls13Only) {
  start({"--tls-profile", "modern"});
  EXPECT_EQ(probe_tls(server_->port(), offering(TLS1_3_VERSION)).version, "TLSv1.3");
  EXPECT_NE(probe_tls(server_->port(), offering(TLS1_2_VERSION)).error, "");
}

TEST_F(TlsProfile, AlpnNamesHttp11AndAnH2OnlyClientStillConnects) {
  start({});
  EXPECT_EQ(probe_tls(server_->port(), offering_alpn({"h2", "http/1.1"})).alpn, "http/1.1");
  auto h2_only = probe_tls(server_->port(), offering_alpn({"h2"}));
  EXPECT_EQ(h2_only.error, "");
  EXPECT_EQ(h2_only.alpn, "");
}

TEST_F(TlsProfile, EveryAnswerCarriesHstsWithAConfiguredCertificate) {
  start_configured();
  auto tls = trusting_configured();
  const auto port = server_->port();
  const std::string hsts = "max-age=63072000";
  EXPECT_EQ(https(tls, port, "GET", "/healthz").header("strict-transport-security"), hsts);
  EXPECT_EQ(https(tls, port, "GET", "/api/nothing").header("strict-transport-security"), hsts);
  EXPECT_EQ(https(tls, port, "POST", "/api/login", "{}").header("strict-transport-security"), hsts);
  EXPECT_EQ(refused_upgrade(tls, port, "/r/nowhere/ws", "").header("strict-transport-security"),
            hsts);
  // An answer of the transport itself, before any handler.
  RawTls raw(tls, port);
  raw.send("POST /api/login HTTP/1.1\r\nHost: localhost\r\nContent-Length: 9999999\r\n\r\n");
  auto too_large = raw.response();
  EXPECT_EQ(too_large.status, 413);
  EXPECT_EQ(too_large.header("strict-transport-security"), hsts);
  // The one from the configured files is served, not the development certificate.
  EXPECT_EQ(probe_tls(port).fingerprint, certificate_fingerprint(cert_.chain));
}

TEST_F(TlsProfile, TheDevelopmentCertificateSendsNoHsts) {
  start({});
  auto tls = client_tls(server_->data_dir());
  EXPECT_EQ(https(tls, server_->port(), "GET", "/healthz").header("strict-transport-security"), "");
}

TEST_F(TlsProfile, AFreshOcspResponseIsStapledAndAStaleOneIsNot) {
  const auto fresh = ocsp_response(cert_.chain, cert_.key);
  std::ofstream(dir_ / "ocsp.der", std::ios::binary) << fresh;
  start_configured({"--ocsp-response", (dir_ / "ocsp.der").string()});
  EXPECT_EQ(probe_tls(server_->port(), asking_ocsp()).ocsp_der, fresh);
  server_->stop();

  // Expired an hour ago: a strict client would refuse the connection over it, so it is left out.
  std::ofstream(dir_ / "ocsp.der", std::ios::binary | std::ios::trunc)
      << ocsp_response(cert_.chain, cert_.key, -48, -1);
  start_configured({"--ocsp-response", (dir_ / "ocsp.der").string()});
  auto probe = probe_tls(server_->port(), asking_ocsp());
  EXPECT_EQ(probe.error, "");
  EXPECT_EQ(probe.ocsp_der, "");
  EXPECT_NE(server_->startup_log().find("is not stapled: it has expired"), std::string::npos)
      << server_->startup_log();
}

}  // namespace
}  // namespace mr::test
