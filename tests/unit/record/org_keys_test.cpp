#include "record/org_keys.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "../verify/session_fixture.hpp"
#include "crypto/ed25519.hpp"
#include "crypto/sha256.hpp"

namespace mr::record {
namespace {

using testing_support::fresh_dir;

TEST(OrgKeys, AnAddedKeyIsListedAndSignsAfterALoadFromDisk) {
  const auto dir = fresh_dir("orgs-add");
  EXPECT_TRUE(OrgKeys::load(dir).list().empty());
  const auto made = OrgKeys::add(dir, "西湖区人民调解委员会", 1000);
  OrgKeys::add(dir, "上城区人民调解委员会", 2000);
  EXPECT_THROW(OrgKeys::add(dir, "西湖区人民调解委员会", 3000), std::runtime_error);

  const auto keys = OrgKeys::load(dir);
  ASSERT_EQ(keys.list().size(), 2u);
  const auto* k = keys.find("西湖区人民调解委员会");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->public_key, made.public_key);
  EXPECT_EQ(k->fingerprint, crypto::sha256_hex(made.public_key));
  EXPECT_EQ(k->created_ms, 1000);
  const auto seal = keys.sign("西湖区人民调解委员会", "statement");
  ASSERT_TRUE(seal);
  EXPECT_TRUE(crypto::ed25519_verify(made.public_key, "statement", *seal));
  EXPECT_FALSE(keys.sign("别的委员会", "statement"));

  struct stat st {};
  ::stat((dir / "orgs" / "org-1.pem").c_str(), &st);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mr::record
