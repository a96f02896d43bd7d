#include "record/signing_statement.hpp"

#include <gtest/gtest.h>

#include "crypto/ecdsa_p256.hpp"
#include "record/canonical_json.hpp"

namespace mr::record {
namespace {

SigningStatement example() {
  return {"Rm_test-0123456A", 3, std::string(64, 'a'), "p-a", "party", 12, std::string(64, 'b'),
          1714525200000};
}

TEST(SigningStatement, IsTheDocumentedCanonicalJson) {
  const std::string bytes = signing_statement_bytes(example());
  EXPECT_TRUE(is_canonical(bytes));
  EXPECT_EQ(bytes, R"({"draft_sha256":")" + std::string(64, 'a') +
                       R"(","draft_version":3,"record_root":")" + std::string(64, 'b') +
                       R"(","record_size":12,"role":"party","room":"Rm_test-0123456A",)"
                       R"("signer":"p-a","time":1714525200000,)"
                       R"("type":"mediation-room/agreement-signature/v1"})");
}

TEST(SigningStatement, ABrowserSignatureOverItVerifies) {
  auto signer = crypto::EcdsaP256Signer::generate();
  const std::string bytes = signing_statement_bytes(example());
  EXPECT_TRUE(signer.public_key().verify(bytes, signer.sign(bytes)));
  auto other = example();
  other.record_size = 11;  // a signature covers the record as it was
  EXPECT_FALSE(signer.public_key().verify(signing_statement_bytes(other), signer.sign(bytes)));
}

TEST(SigningStatement, RejectsOutOfRangeFields) {
  auto s = example();
  s.draft_version = 0;
  EXPECT_THROW(signing_statement_bytes(s), std::invalid_argument);
  s = example();
  s.record_root = "abc";
  EXPECT_THROW(signing_statement_bytes(s), std::invalid_argument);
}

}  // namespace
}  // namespace mr::record
