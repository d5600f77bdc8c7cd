// M6 and M8 on real RPSL (the irrd sample objects and RIPE's AS3257) and
// on crafted PeeringDB records.
#include "manrs/observe/registration.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "observe/observe_test_util.h"

namespace manrs {
namespace {

std::string ReadTestdata(const std::string& name) {
  std::ifstream in(std::string(MANRS_TESTDATA) + "/" + name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// "M6: routing policy registered: aut-num has at least one import and one export."
TEST(RegistrationTest, PolicyNeedsImportAndExport) {
  IrrDatabase db = observe_test::IrrFrom(
      ReadTestdata("irr/rpsl-rs__aut-num_AS3257.txt") +
      "\naut-num: AS64500\nas-name: ONLY-IMPORT\nimport: from AS1 accept ANY\nsource: TEST\n"
      "\naut-num: AS64501\nas-name: MP-ONLY\nmp-import: afi ipv6.unicast from AS1 accept ANY\n"
      "mp-export: afi ipv6.unicast to AS1 announce AS64501\nsource: TEST\n");
  EXPECT_EQ(PolicyRegistered(&db, 3257), true);
  EXPECT_EQ(PolicyRegistered(&db, 64500), false);
  EXPECT_EQ(PolicyRegistered(&db, 64501), true);
  EXPECT_EQ(PolicyRegistered(&db, 64502), false);  // no aut-num
  EXPECT_EQ(PolicyRegistered(nullptr, 3257), std::nullopt);
}

// "M8: a reachable non-abuse contact in the aut-num's admin-c/tech-c
// role/person objects, or a PeeringDB POC".
TEST(RegistrationTest, ContactsFromRpslAndPeeringDb) {
  IrrDatabase db = observe_test::IrrFrom(
      ReadTestdata("irr/irrd__rpsl_samples_valid.rpsl") +
      "\naut-num: AS64500\nas-name: X\nadmin-c: ROLE-TEST\ntech-c: PERSON-TEST\nsource: TEST\n"
      "\naut-num: AS64501\nas-name: ABUSE-ONLY\ntech-c: ABUSE-ROLE\nsource: TEST\n"
      "\nrole: Abuse Desk\nnic-hdl: ABUSE-ROLE\nabuse-mailbox: abuse@example.com\nsource: TEST\n");
  ContactFindings f = FindContacts(&db, nullptr, 64500);
  EXPECT_EQ(f.registered, true);
  ASSERT_EQ(f.contacts.size(), 2u);
  EXPECT_EQ(f.contacts[0].object, "role ROLE-TEST");
  EXPECT_EQ(f.contacts[0].email, "unread@example.com");
  EXPECT_EQ(f.contacts[1].object, "person PERSON-TEST");
  EXPECT_EQ(f.contacts[1].role, "tech-c");
  // An abuse-mailbox alone is not a contact for operations.
  EXPECT_EQ(FindContacts(&db, nullptr, 64501).registered, false);
  EXPECT_EQ(FindContacts(nullptr, nullptr, 64500).registered, std::nullopt);

  ProblemLog problems;
  auto pdb = PeeringDb::Parse(
      R"({"data": [{"id": 7, "asn": 64501, "name": "X", "info_type": "NSP", "poc_set": [
        {"id": 1, "net_id": 7, "role": "Abuse", "visible": "Public", "email": "abuse@x"},
        {"id": 2, "net_id": 7, "role": "NOC", "visible": "Users", "email": "noc@x"},
        {"id": 3, "net_id": 7, "role": "NOC", "visible": "Public", "email": "", "phone": "+1 555"}]}]})",
      "pdb", problems);
  ASSERT_TRUE(pdb) << pdb.error().message;
  f = FindContacts(&db, &*pdb, 64501);
  EXPECT_EQ(f.registered, true);
  ASSERT_EQ(f.contacts.size(), 1u);
  EXPECT_EQ(f.contacts[0].source, "peeringdb");
  EXPECT_EQ(f.contacts[0].object, "poc 3");
  EXPECT_EQ(f.contacts[0].phone, "+1 555");
}

}  // namespace
}  // namespace manrs
