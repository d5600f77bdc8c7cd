// The registry file: accounts, sessions, claims, holders, declarations.
#include "manrs/web/accounts.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>

namespace manrs::web {
namespace {

class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/manrs-accounts-test.XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    auto store = AccountStore::Open(dir_ + "/accounts.sqlite");
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm"})
      std::remove((dir_ + "/accounts.sqlite" + suffix).c_str());
    rmdir(dir_.c_str());
  }
  std::string dir_;
  std::unique_ptr<AccountStore> store_;
};

TEST_F(AccountsTest, AccountsAndPasswords) {
  auto id = store_->CreateAccount("noc@example.net", "correct horse battery");
  ASSERT_TRUE(id);
  auto again = store_->CreateAccount("NOC@example.net", "another good password");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().message, "exists");
  EXPECT_FALSE(store_->CreateAccount("not-an-address", "correct horse battery"));
  EXPECT_FALSE(store_->CreateAccount("a b@example.net", "correct horse battery"));
  EXPECT_FALSE(store_->CreateAccount("x@example.net", "short"));
  EXPECT_EQ(*store_->CheckPassword("noc@example.net", "correct horse battery"), *id);
  EXPECT_FALSE(*store_->CheckPassword("noc@example.net", "wrong password here"));
  EXPECT_FALSE(*store_->CheckPassword("nobody@example.net", "correct horse battery"));
  ASSERT_TRUE(store_->SetPassword(*id, "a new long password"));
  EXPECT_FALSE(*store_->CheckPassword("noc@example.net", "correct horse battery"));
  EXPECT_EQ(*store_->CheckPassword("noc@example.net", "a new long password"), *id);
}

TEST_F(AccountsTest, Sessions) {
  auto id = store_->CreateAccount("noc@example.net", "correct horse battery");
  ASSERT_TRUE(id);
  auto session = store_->CreateSession(*id, 1000);
  ASSERT_TRUE(session);
  EXPECT_EQ(session->token.size(), 64u);
  EXPECT_NE(session->token, session->csrf);
  auto found = store_->FindSession(session->token, 1001);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->account, *id);
  EXPECT_EQ((*found)->csrf, session->csrf);
  EXPECT_FALSE(*store_->FindSession(session->token, 1000 + AccountStore::kSessionSeconds + 1));
  EXPECT_FALSE(*store_->FindSession(std::string(64, '0'), 1001));
  EXPECT_FALSE(*store_->FindSession("short", 1001));
  ASSERT_TRUE(store_->DeleteSession(session->token));
  EXPECT_FALSE(*store_->FindSession(session->token, 1001));
}

TEST_F(AccountsTest, ClaimsAndDeclarations) {
  auto a = store_->CreateAccount("a@example.net", "correct horse battery");
  auto b = store_->CreateAccount("b@example.net", "correct horse battery");
  ASSERT_TRUE(a && b);
  auto claim_a = store_->CreateClaim(*a, 64500, 1000);
  auto claim_b = store_->CreateClaim(*b, 64500, 1000);
  ASSERT_TRUE(claim_a && claim_b);
  EXPECT_NE(claim_a->token, claim_b->token);
  EXPECT_EQ(store_->CreateClaim(*a, 64500, 2000)->token, claim_a->token);  // the same claim
  // An unproven token past its life is replaced.
  EXPECT_NE(store_->CreateClaim(*b, 64500, 1000 + AccountStore::kClaimSeconds + 1)->token,
            claim_b->token);
  EXPECT_FALSE(*store_->HolderOf(64500));
  ASSERT_TRUE(store_->SetVerified(*a, 64500, "irr", 3000));
  EXPECT_EQ(*store_->HolderOf(64500), *a);
  EXPECT_EQ(store_->VerifiedClaims()->size(), 1u);

  Participant p;
  p.asn = 64500;
  p.account = *a;
  p.actions = {"coordination", "filtering"};
  p.notes = {{"filtering", "it's <b>fine</b>'; DROP TABLE participants;--"}};
  p.rule = "manrs-2014";
  p.updated = 4000;
  ASSERT_TRUE(store_->Declare(p));
  p.updated = 5000;
  ASSERT_TRUE(store_->Declare(p));
  auto stored = store_->ParticipantOf(64500);
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ((*stored)->actions, p.actions);
  EXPECT_EQ((*stored)->notes, p.notes);
  EXPECT_EQ((*stored)->joined, 4000);  // joined stays, updated moves
  EXPECT_EQ((*stored)->updated, 5000);
  EXPECT_EQ(store_->Participants()->size(), 1u);

  ASSERT_TRUE(store_->Revoke(*a, 64500));
  EXPECT_FALSE(*store_->HolderOf(64500));
}

TEST(AccountsOpenTest, UnwritablePathNamesTheFile) {
  auto store = AccountStore::Open("/nonexistent-dir/accounts.sqlite");
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().message.find("/nonexistent-dir/accounts.sqlite"), std::string::npos);
}

}  // namespace
}  // namespace manrs::web
