#include "crypto/ecdsa_p256.hpp"

#include <gtest/gtest.h>
#include <openssl/ecdsa.h>

#include "crypto/encoding.hpp"

namespace mr::crypto {
namespace {

std::string raw_from(const std::string& r_hex, const std::string& s_hex) {
  return *from_hex(r_hex) + *from_hex(s_hex);
}

TEST(EcdsaDer, EncodesMinimalIntegers) {
  // r has its top bit set: a 0x00 goes in front. s starts with zero bytes: they are dropped.
  const std::string r = "80" + std::string(62, '1');
  const std::string s = "0000" + std::string(58, '2') + "7f";
  auto der = ecdsa_raw_to_der(raw_from(r, s));
  ASSERT_TRUE(der);
  EXPECT_EQ(to_hex(*der),
            "3043"
            "022100" +
                r + "021e" + std::string(58, '2') + "7f");
  EXPECT_EQ(ecdsa_der_to_raw(*der), raw_from(r, s));
}

TEST(EcdsaDer, LeadingZeroFollowedByHighBitKeepsOneZero) {
  const std::string r =
      "00"
      "ff" +
      std::string(60, 'a');
  const std::string s = "01" + std::string(62, '0');
  auto der = ecdsa_raw_to_der(raw_from(r, s));
  ASSERT_TRUE(der);
  EXPECT_EQ(to_hex(*der),
            "3044"
            "022000ff" +
                std::string(60, 'a') + "0220" + s);
  EXPECT_EQ(ecdsa_der_to_raw(*der), raw_from(r, s));
}

TEST(EcdsaDer, AgreesWithOpenSsl) {
  for (int i = 0; i < 64; ++i) {
    std::string raw(64, '\0');
    for (int j = 0; j < 64; ++j) raw[j] = char((i * 37 + j * 11) & 0xff);
    raw[0] = char(i < 16 ? 0 : i * 4);  // vary leading zeros and high bits of r
    raw[32] = char(i % 2 ? 0x80 : 0x01);
    auto der = ecdsa_raw_to_der(raw);
    ASSERT_TRUE(der);
    const unsigned char* p = reinterpret_cast<const unsigned char*>(der->data());
    ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, long(der->size()));
    ASSERT_NE(sig, nullptr) << i;
    unsigned char* again = nullptr;
    int len = i2d_ECDSA_SIG(sig, &again);
    EXPECT_EQ(std::string(reinterpret_cast<char*>(again), len), *der) << i;
    OPENSSL_free(again);
    ECDSA_SIG_free(sig);
  }
}

TEST(EcdsaDer, RejectsMalformed) {
  EXPECT_FALSE(ecdsa_raw_to_der(std::string(63, '\1')));
  EXPECT_FALSE(ecdsa_der_to_raw(""));
  EXPECT_FALSE(ecdsa_der_to_raw(*from_hex("3006020101020101ff")));  // trailing byte
  EXPECT_FALSE(ecdsa_der_to_raw(*from_hex("30060201ff020101")));    // negative r
  EXPECT_FALSE(ecdsa_der_to_raw(*from_hex("300702020001020101")));  // non-minimal r
  EXPECT_FALSE(ecdsa_der_to_raw(*from_hex("3006020100020101")));    // r = 0
  EXPECT_TRUE(ecdsa_der_to_raw(*from_hex("3006020101020101")));
}

TEST(EcdsaP256, VerifiesWhatTheTestSignerSigns) {
  auto signer = EcdsaP256Signer::generate();
  auto pub = signer.public_key();
  EXPECT_EQ(pub.raw().size(), 65u);
  EXPECT_EQ(pub.raw()[0], '\x04');
  auto from_raw = EcdsaP256PublicKey::from_raw(pub.raw());
  auto from_spki = EcdsaP256PublicKey::from_spki_der(pub.spki_der());
  ASSERT_TRUE(from_raw);
  ASSERT_TRUE(from_spki);
  EXPECT_EQ(from_raw->spki_der(), pub.spki_der());

  const std::string msg = R"({"room":"r1","type":"x"})";
  const std::string sig = signer.sign(msg);
  ASSERT_EQ(sig.size(), 64u);
  EXPECT_TRUE(from_raw->verify(msg, sig));
  EXPECT_TRUE(from_spki->verify(msg, sig));
  EXPECT_FALSE(from_raw->verify(msg + " ", sig));
  std::string bad = sig;
  bad[40] ^= 4;
  EXPECT_FALSE(from_raw->verify(msg, bad));
  EXPECT_FALSE(EcdsaP256Signer::generate().public_key().verify(msg, sig));
  EXPECT_FALSE(from_raw->verify(msg, *ecdsa_raw_to_der(sig)));  // DER is not what browsers send
}

// Signatures whose r or s has a leading zero byte or a high top bit are where r||s → DER goes
// wrong; sign until both kinds have turned up and check each verifies.
TEST(EcdsaP256, VerifiesSignaturesWithLeadingZerosAndHighBits) {
  auto signer = EcdsaP256Signer::generate();
  auto pub = signer.public_key();
  bool saw_zero = false, saw_high = false;
  for (int i = 0; i < 6000 && !(saw_zero && saw_high); ++i) {
    const std::string msg = "statement " + std::to_string(i);
    const std::string sig = signer.sign(msg);
    const bool zero = sig[0] == '\0' || sig[32] == '\0';
    const bool high =
        (static_cast<unsigned char>(sig[0]) & 0x80) || (static_cast<unsigned char>(sig[32]) & 0x80);
    if (!zero && !high) continue;
    saw_zero |= zero;
    saw_high |= high;
    ASSERT_TRUE(pub.verify(msg, sig)) << "signature " << i;
  }
  EXPECT_TRUE(saw_zero);
  EXPECT_TRUE(saw_high);
}

TEST(EcdsaP256, RejectsBadPublicKeys) {
  EXPECT_FALSE(EcdsaP256PublicKey::from_raw(std::string(65, '\0')));
  std::string off_curve = "\x04" + std::string(64, '\1');
  EXPECT_FALSE(EcdsaP256PublicKey::from_raw(off_curve));
  auto pub = EcdsaP256Signer::generate().public_key();
  EXPECT_FALSE(EcdsaP256PublicKey::from_raw(pub.raw().substr(1)));
  EXPECT_FALSE(EcdsaP256PublicKey::from_spki_der(pub.spki_der() + "x"));
  EXPECT_FALSE(EcdsaP256PublicKey::from_spki_der("not der"));
}

}  // namespace
}  // namespace mr::crypto
