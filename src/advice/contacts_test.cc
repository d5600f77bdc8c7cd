// `manrs contacts` on real RPSL (irrd's sample objects, RIPE's AS3257), the
// real PeeringDB records of AS3333 and AS10745, and crafted POCs.
#include "manrs/advice/contacts.h"

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

const ContactFinding* FindCheck(const ContactsReport& r, std::string_view object,
                                std::string_view check) {
  for (const ContactFinding& f : r.findings) {
    if (f.object == object && f.check == check) return &f;
  }
  return nullptr;
}

constexpr std::int64_t k2026 = 1767225600;  // 2026-01-01

TEST(ContactsTest, WellFormedEmail) {
  EXPECT_TRUE(WellFormedEmail("noc@example.net"));
  EXPECT_TRUE(WellFormedEmail("abuse+x@mail.example-1.org"));
  EXPECT_FALSE(WellFormedEmail("noc.example.net"));
  EXPECT_FALSE(WellFormedEmail("noc@localhost"));
  EXPECT_FALSE(WellFormedEmail("a b@example.net"));
  EXPECT_FALSE(WellFormedEmail("a@b@example.net"));
  EXPECT_FALSE(WellFormedEmail("@example.net"));
  EXPECT_FALSE(WellFormedEmail("a@example..net"));
  EXPECT_FALSE(WellFormedEmail("a@-example.net"));
}

TEST(ContactsTest, LastChangedPrefersLastModified) {
  IrrDatabase db = observe_test::IrrFrom(
      "mntner: A-MNT\nchanged: x@example.net 20010203\nchanged: x@example.net 20050607\n"
      "source: TEST\n\nmntner: B-MNT\nchanged: x@example.net 20010203\n"
      "last-modified: 2024-05-06T07:08:09Z\nsource: TEST\n");
  std::vector<std::int64_t> seen;
  for (const IrrObjectRef& ref : db.objects()) {
    RpslReader reader(db.Text(ref), "t", nullptr);
    RpslObject o;
    ASSERT_TRUE(reader.Next(&o));
    seen.push_back(LastChanged(o).value_or(-1));
  }
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(IsoTime(seen[0]), "2005-06-07T00:00:00Z");
  EXPECT_EQ(IsoTime(seen[1]), "2024-05-06T07:08:09Z");
}

// The irrd sample aut-num (AS65537) names PERSON-TEST as admin-c and
// tech-c; the crafted AS64500 names a role with an abuse-mailbox, an irt,
// a handle nobody holds and a mntner that is not loaded.
TEST(ContactsTest, RpslChecks) {
  IrrDatabase db = observe_test::IrrFrom(
      ReadTestdata("irr/irrd__rpsl_samples_valid.rpsl") +
      "\naut-num: AS64500\nas-name: X\nadmin-c: NOBODY-TEST\ntech-c: TEST-IRT\n"
      "abuse-c: ABUSE-ROLE\nmnt-by: MISSING-MNT\nlast-modified: 2025-06-01T00:00:00Z\n"
      "source: TEST\n"
      "\nrole: Abuse Desk\nnic-hdl: ABUSE-ROLE\nabuse-mailbox: abuse at example.com\n"
      "source: TEST\n");
  ContactsOptions options;
  options.now = k2026;
  ContactsReport r = CheckContacts(&db, nullptr, 65537, options);
  EXPECT_TRUE(r.known);
  EXPECT_EQ(r.registered, true);
  ASSERT_NE(FindCheck(r, "person PERSON-TEST", "email"), nullptr);
  EXPECT_TRUE(FindCheck(r, "person PERSON-TEST", "email")->ok);
  EXPECT_TRUE(FindCheck(r, "person PERSON-TEST", "phone")->ok);
  // changed: 20190701, over two years before 2026.
  EXPECT_FALSE(FindCheck(r, "aut-num AS65537", "not-stale")->ok);
  EXPECT_TRUE(FindCheck(r, "aut-num AS65537", "mntner-exists")->ok);
  EXPECT_FALSE(FindCheck(r, "aut-num AS65537", "abuse-c-present")->ok);
  EXPECT_FALSE(FindCheck(r, "-", "peeringdb-loaded")->ok);

  r = CheckContacts(&db, nullptr, 64500, options);
  EXPECT_TRUE(FindCheck(r, "aut-num AS64500", "not-stale")->ok);
  EXPECT_FALSE(FindCheck(r, "aut-num AS64500", "admin-c-resolves")->ok);
  EXPECT_FALSE(FindCheck(r, "aut-num AS64500", "mntner-exists")->ok);
  // The irt resolves through its own class; its e-mail counts.
  ASSERT_NE(FindCheck(r, "irt TEST-IRT", "email"), nullptr);
  const ContactFinding* abuse = FindCheck(r, "role ABUSE-ROLE", "abuse-mailbox");
  ASSERT_NE(abuse, nullptr);
  EXPECT_FALSE(abuse->ok);  // "abuse at example.com"
  // M8: an irt is neither admin-c nor tech-c person/role: not registered.
  EXPECT_EQ(r.registered, false);
  EXPECT_FALSE(FindCheck(r, "AS64500", "manrs-coordination")->ok);
}

TEST(ContactsTest, PeeringDbChecks) {
  ProblemLog problems;
  auto real = PeeringDb::Load(
      std::string(MANRS_TESTDATA) + "/peeringdb/arouteserver__peeringdb_net_3333_10745.json",
      problems);
  ASSERT_TRUE(real) << real.error().message;
  ContactsOptions options;
  options.now = k2026;
  ContactsReport r = CheckContacts(nullptr, &*real, 3333, options);
  EXPECT_TRUE(r.known);
  EXPECT_EQ(FindCheck(r, "net 5104", "irr-as-set")->detail, "AS-RIPENCC");
  EXPECT_EQ(FindCheck(r, "net 5104", "info-prefixes")->detail,
            "IPv4 30, IPv6 20 (peers set max-prefix from these)");
  EXPECT_EQ(FindCheck(r, "net 5104", "info-scope")->detail, "scope Global");
  EXPECT_FALSE(FindCheck(r, "net 5104", "poc-noc")->ok);  // the record has no POCs
  EXPECT_FALSE(FindCheck(r, "-", "irr-loaded")->ok);
  // Context: the record has no netfac_set (fac_count 0), and none is made up.
  EXPECT_EQ(FindCheck(r, "net 5104", "facilities")->detail, "present at no facility in the data");

  auto pdb = PeeringDb::Parse(
      R"({"data": [{"id": 7, "asn": 64501, "name": "X", "info_type": "NSP", "poc_set": [
        {"id": 1, "net_id": 7, "role": "Abuse", "visible": "Public", "email": "abuse@x.example"},
        {"id": 2, "net_id": 7, "role": "NOC", "visible": "Users", "email": "noc@x.example"},
        {"id": 3, "net_id": 7, "role": "NOC", "visible": "Public", "phone": "+1 555"}],
        "netfac_set": [{"id": 4, "fac_id": 9, "name": "Telehouse North", "city": "London",
                        "country": "GB"}, {"id": 5, "fac_id": 10, "country": "NL"}]}]})",
      "crafted", problems);
  ASSERT_TRUE(pdb) << pdb.error().message;
  std::vector<std::string> asked;
  options.mx_lookup = [&](std::string_view domain, std::vector<std::string>* mx, std::string*) {
    asked.emplace_back(domain);
    mx->push_back("mx." + std::string(domain));
    return true;
  };
  r = CheckContacts(nullptr, &*pdb, 64501, options);
  EXPECT_EQ(r.registered, true);  // the public NOC POC with a phone
  EXPECT_TRUE(FindCheck(r, "net 7", "poc-noc")->ok);
  EXPECT_TRUE(FindCheck(r, "net 7", "poc-abuse")->ok);
  EXPECT_FALSE(FindCheck(r, "poc 2", "poc-visible")->ok);
  EXPECT_FALSE(FindCheck(r, "net 7", "policy-general")->ok);
  const ContactFinding* facilities = FindCheck(r, "net 7", "facilities");
  ASSERT_NE(facilities, nullptr);
  EXPECT_TRUE(facilities->ok);  // context, not a requirement
  EXPECT_EQ(facilities->detail, "2 facilities: Telehouse North (London, GB); fac 10 (NL)");
  EXPECT_EQ(asked, std::vector<std::string>{"x.example"});
  EXPECT_EQ(FindCheck(r, "domain x.example", "mail-domain-has-mx")->detail, "MX mx.x.example");
}

TEST(ContactsTest, NothingLoadedAndUnknownAsn) {
  ContactsOptions options;
  ContactsReport r = CheckContacts(nullptr, nullptr, 64500, options);
  EXPECT_EQ(r.registered, std::nullopt);
  EXPECT_FALSE(r.known);
  EXPECT_NE(FindCheck(r, "AS64500", "asn-known"), nullptr);
  EXPECT_EQ(ContactsJson(r).rfind("{\"asn\":64500,\"registered\":null,\"known\":false,", 0), 0u);
  IrrDatabase db = observe_test::IrrFrom(ReadTestdata("irr/rpsl-rs__aut-num_AS3257.txt"));
  r = CheckContacts(&db, nullptr, 64999, options);
  EXPECT_EQ(r.registered, false);
  EXPECT_EQ(FindCheck(r, "AS64999", "asn-known")->detail,
            "AS64999 is unknown to every loaded source");
}

}  // namespace
}  // namespace manrs
