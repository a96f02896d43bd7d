// RFC 3161 tokens (crypto/timestamp_token) against a real TSA made with OpenSSL's TS API
// (support/local_tsa): a token over the bytes verifies and tells its time; over other bytes, from
// a TSA one does not trust, for another request, or in a refused reply, it is caught.
#include "crypto/timestamp_token.hpp"

#include <gtest/gtest.h>
#include <openssl/ts.h>

#include "crypto/sha256.hpp"
#include "local_tsa.hpp"

namespace mr::crypto {
namespace {

using mr::test::LocalTsa;

const std::string kNote = "mediation-room.localhost/room/r1\n3\nAAAA\n\n— key sig\n";

TimestampTrust trust_of(const LocalTsa& tsa) {
  return TimestampTrust::from_pem(tsa.ca_pem()).value();
}

std::string token_for(LocalTsa& tsa, std::string_view data) {
  const auto request = make_timestamp_request(data);
  auto token = token_from_reply(tsa.reply(request.der), request, trust_of(tsa));
  if (auto* why = std::get_if<1>(&token)) ADD_FAILURE() << *why;
  return std::get<0>(token);
}

TEST(TimestampToken, ARequestHashesTheBytesWithSha256AndAsksForTheCertificate) {
  const auto request = make_timestamp_request(kNote);
  EXPECT_EQ(request.digest, std::string(as_view(sha256(kNote))));
  EXPECT_EQ(request.nonce.size(), 8u);
  auto p = reinterpret_cast<const unsigned char*>(request.der.data());
  TS_REQ* req = d2i_TS_REQ(nullptr, &p, long(request.der.size()));
  ASSERT_NE(req, nullptr);
  EXPECT_EQ(TS_REQ_get_cert_req(req), 1);
  EXPECT_NE(TS_REQ_get_nonce(req), nullptr);
  TS_REQ_free(req);
  EXPECT_NE(make_timestamp_request(kNote).nonce, request.nonce);  // fresh each time
}

TEST(TimestampToken, ATokenOverTheBytesVerifiesAndTellsTheTsasTime) {
  LocalTsa tsa("Unit TSA");
  tsa.set_time(1764620000123);  // with milliseconds: the TSA writes three digits
  const auto token = token_for(tsa, kNote);
  auto check = check_timestamp_token(token, kNote, trust_of(tsa));
  EXPECT_EQ(check.fault, TokenFault::none) << check.why;
  EXPECT_EQ(check.info.time_ms, 1764620000123);
  EXPECT_TRUE(check.info.sha256);
  EXPECT_NE(check.info.tsa.find("CN=Unit TSA"), std::string::npos) << check.info.tsa;
  auto read = read_timestamp_token(token);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->time_ms, 1764620000123);
}

TEST(TimestampToken, ATokenOverOtherBytesIsCaught) {
  LocalTsa tsa;
  const auto token = token_for(tsa, kNote);
  auto check = check_timestamp_token(token, kNote + "x", trust_of(tsa));
  EXPECT_EQ(check.fault, TokenFault::other_data) << check.why;
}

TEST(TimestampToken, ATokenFromATsaThatIsNotTrustedIsCaught) {
  LocalTsa tsa("Trusted TSA"), other("Other TSA");
  const auto token = token_for(other, kNote);
  auto check = check_timestamp_token(token, kNote, trust_of(tsa));
  EXPECT_EQ(check.fault, TokenFault::untrusted_tsa) << check.why;
  // Trusting the TSA certificate itself, not a CA, is not enough either: it is no root.
  auto leaf = TimestampTrust::from_pem(other.tsa_cert_pem()).value();
  EXPECT_EQ(check_timestamp_token(token, kNote, leaf).fault, TokenFault::untrusted_tsa);
}

TEST(TimestampToken, AReplyIsTakenOnlyForItsOwnRequestFromATrustedTsa) {
  LocalTsa tsa, other("Other TSA");
  const auto request = make_timestamp_request(kNote);
  const auto second = make_timestamp_request(kNote);  // same bytes, another nonce
  EXPECT_EQ(token_from_reply(tsa.reply(second.der), request, trust_of(tsa)).index(), 1u);
  const auto elsewhere = make_timestamp_request("other bytes");
  EXPECT_EQ(token_from_reply(tsa.reply(elsewhere.der), request, trust_of(tsa)).index(), 1u);
  EXPECT_EQ(token_from_reply(other.reply(request.der), request, trust_of(tsa)).index(), 1u);
  EXPECT_EQ(token_from_reply("not DER", request, trust_of(tsa)).index(), 1u);
  // A refusal (the TSA cannot parse the request) is a reply without a token.
  auto refused = token_from_reply(tsa.reply("garbage"), request, trust_of(tsa));
  ASSERT_EQ(refused.index(), 1u);
  EXPECT_NE(std::get<1>(refused).find("refused"), std::string::npos) << std::get<1>(refused);
  EXPECT_EQ(token_from_reply(tsa.reply(request.der), request, trust_of(tsa)).index(), 0u);
}

TEST(TimestampToken, TrustIsReadFromPemCertificatesOnly) {
  LocalTsa tsa;
  std::string why;
  EXPECT_FALSE(TimestampTrust::from_pem("", &why));
  EXPECT_FALSE(
      TimestampTrust::from_pem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END "
                               "CERTIFICATE-----\n",
                               &why));
  EXPECT_TRUE(TimestampTrust::from_pem(tsa.ca_pem() + tsa.tsa_cert_pem()));
  EXPECT_FALSE(read_timestamp_token("not a token"));
}

}  // namespace
}  // namespace mr::crypto
