#include "record/org_keys.hpp"

#include <gtest/gtest.h>

#include "../verify/session_fixture.hpp"
#include "crypto/ed25519.hpp"
#include "crypto/sha256.hpp"

namespace mr::record {
namespace {

using testing_support::fresh_dir;

// What the running server does when an administrator has added a key meanwhile: load the
// listing again, find the organisation and seal with its key.
TEST(OrgKeys, AKeyAddedIsFoundAndSignsWhenLoadedAgain) {
  const auto dir = fresh_dir("org-keys");
  EXPECT_TRUE(OrgKeys::load(dir).list().empty());
  const auto made = OrgKeys::add(dir, "西湖区人民调解委员会", 1000);
  OrgKeys::add(dir, "上城区人民调解委员会", 2000);
  const auto keys = OrgKeys::load(dir);
  ASSERT_EQ(keys.list().size(), 2u);
  const OrgKey* found = keys.find("西湖区人民调解委员会");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->public_key, made.public_key);
  EXPECT_EQ(found->fingerprint, crypto::sha256_hex(made.public_key));
  const auto seal = keys.sign("西湖区人民调解委员会", "statement");
  ASSERT_TRUE(seal);
  EXPECT_TRUE(crypto::ed25519_verify(made.public_key, "statement", *seal));
  EXPECT_FALSE(keys.sign("no such organisation", "statement"));
  EXPECT_THROW(OrgKeys::add(dir, "西湖区人民调解委员会", 3000), std::runtime_error);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mr::record
