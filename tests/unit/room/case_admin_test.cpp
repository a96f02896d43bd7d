// Case administration (room/case_admin): room ids, and invite tokens that never reach the store.
#include "room/case_admin.hpp"

#include <gtest/gtest.h>

#include "crypto/encoding.hpp"
#include "crypto/random.hpp"
#include "secret_scan.hpp"

namespace mr::room {
namespace {

class CaseAdmin : public ::testing::Test {
 protected:
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_ =
      std::filesystem::temp_directory_path() / ("mr-case-admin-" + crypto::random_hex(4));
  std::unique_ptr<store::Store> store_ = store::open_sqlite_store(dir_);
  store::Mediator mediator_{"m1", "m1", "张三", "调委会", "x", 1};
};

TEST_F(CaseAdmin, RoomIdsNeverLookLikeACommandLineOption) {
  ASSERT_TRUE(store_->add_mediator(mediator_));
  // A leading '-' has a 1 in 32 chance per id if nothing prevents it.
  for (int i = 0; i < 200; ++i) {
    auto room = create_room(*store_, mediator_, "案件", "其他", {});
    ASSERT_TRUE(room);
    EXPECT_EQ(room->id.size(), 16u);
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(room->id.front()))) << room->id;
  }
}

// PROTOCOL.md §1: the server stores only the SHA-256 of a token, so a copy of mediation.db does
// not let anyone join.
TEST_F(CaseAdmin, AnInviteTokenIsStoredOnlyAsItsHash) {
  ASSERT_TRUE(store_->add_mediator(mediator_));
  auto room = create_room(*store_, mediator_, "案件", "其他", {});
  ASSERT_TRUE(room);
  auto made = create_invite(*store_, room->id, "party", "A", "李四", 1);
  ASSERT_TRUE(made);
  // The invite is found under the token's SHA-256 ...
  auto found = store_->invite_by_token_hash(token_hash(made->token));
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->id, made->invite.id);
  // ... and neither the token nor the 32 random bytes it encodes are anywhere in the store.
  for (const std::string& secret : {made->token, *crypto::from_base64url(made->token)}) {
    EXPECT_EQ(testing_support::columns_holding(dir_, secret), std::vector<std::string>{});
    EXPECT_EQ(testing_support::files_holding(dir_, secret), std::vector<std::string>{});
  }
}

}  // namespace
}  // namespace mr::room
