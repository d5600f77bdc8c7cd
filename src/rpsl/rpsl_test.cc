// RPSL reader and typed objects, on the irrd sample objects and RIPE DB
// excerpts in testdata/irr, and on hand-written cases of each syntax rule.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "manrs/rpsl/object_reader.h"
#include "manrs/rpsl/range_operator.h"
#include "manrs/rpsl/set_name.h"
#include "manrs/rpsl/typed_objects.h"

namespace manrs {
namespace {

std::string ReadFile(const std::string& name) {
  std::ifstream in(std::string(MANRS_TESTDATA) + "/irr/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<RpslObject> ReadAll(std::string_view text, ProblemLog* problems) {
  RpslReader reader(text, "test", problems);
  std::vector<RpslObject> out;
  RpslObject object;
  while (reader.Next(&object)) out.push_back(object);
  return out;
}

TEST(RpslReader, ContinuationCommentsAndCase) {
  const std::string text =
      "% header comment\n"
      "\n"
      "Route:  192.0.2.0/24   # end-of-line comment\n"
      "DESCR:  first\n"
      " second\n"
      "\tthird\n"
      "+       fourth\n"
      "# a comment line inside the object\n"
      "origin: AS64496\n"
      "source: TEST\r\n"
      "\n\n"
      "as-set: AS-FOO\n"
      "members: AS1,\n"
      "+ AS2, AS-BAR\n";
  ProblemLog problems;
  auto objects = ReadAll(text, &problems);
  ASSERT_EQ(objects.size(), 2u);
  EXPECT_EQ(problems.count(), 0u);
  EXPECT_EQ(objects[0].class_name(), "route");
  EXPECT_EQ(objects[0].key(), "192.0.2.0/24");
  EXPECT_EQ(*objects[0].Find("descr"), "first second third fourth");
  EXPECT_EQ(*objects[0].Find("source"), "TEST");
  EXPECT_EQ(objects[0].line, 3u);
  EXPECT_EQ(objects[1].line, 13u);
  EXPECT_EQ(objects[1].ListOf("members"), (std::vector<std::string>{"AS1", "AS2", "AS-BAR"}));
}

TEST(RpslReader, BadInputIsReportedAndTheRestLoads) {
  const std::string text =
      "  orphan continuation\n"
      "\n"
      "route: 192.0.2.0/24\n"
      "$$$-by: X\n"
      "origin: AS1\n"
      "\n"
      "foo-block: 1\n"
      "\n"
      "route: 192.0.2.0/24\n"
      "origin: AS2\n"
      "colour: blue\n"
      "origin: AS3\n";
  ProblemLog problems;
  auto objects = ReadAll(text, &problems);
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_EQ(*objects[0].Find("origin"), "AS2");
  ASSERT_EQ(problems.count(), 5u);
  // The line is a field of the problem, as for every text reader, not part of
  // the message (the printer writes "FILE: line N (offset M): message").
  EXPECT_EQ(problems.kept()[0].message, "continuation line outside any attribute");
  EXPECT_EQ(problems.kept()[1].message.substr(0, 25), "malformed attribute line ");
  EXPECT_EQ(problems.kept()[2].message, "unknown object class 'foo-block'");
  EXPECT_EQ(problems.kept()[3].message, "unknown attribute 'colour' in route 192.0.2.0/24");
  EXPECT_EQ(problems.kept()[4].message,
            "attribute 'origin' repeated in route 192.0.2.0/24; the first is kept");
  const std::vector<std::uint64_t> lines = {1, 4, 7, 11, 12};
  for (std::size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(problems.kept()[i].line, lines[i]) << i;
    EXPECT_FALSE(problems.kept()[i].message.starts_with("line ")) << i;
  }
  EXPECT_EQ(problems.kept()[1].offset, text.find("$$$"));
}

TEST(RpslReader, IrrdValidSamples) {
  std::string text = ReadFile("irrd__rpsl_samples_valid.rpsl");
  ProblemLog problems;
  auto objects = ReadAll(text, &problems);
  EXPECT_EQ(objects.size(), 19u);
  // Lines of blanks only inside the filter-set and key-cert are continuations.
  EXPECT_EQ(problems.count(), 0u);
  for (const auto& p : problems.kept()) ADD_FAILURE() << p.message;
  int routes = 0, sets = 0;
  for (const auto& o : objects) {
    if (o.class_name() == "route" || o.class_name() == "route6") {
      auto route = RouteFromRpsl(o);
      ASSERT_TRUE(route) << route.error().message;
      EXPECT_EQ(route->origin, 65537u);
      ++routes;
    }
    if (o.class_name() == "as-set") {
      auto set = AsSetFromRpsl(o);
      ASSERT_TRUE(set);
      EXPECT_EQ(set->name, "AS65537:AS-SETTEST");
      EXPECT_EQ(set->members.size(), 4u);
      ++sets;
    }
    if (o.class_name() == "route-set") {
      auto set = RouteSetFromRpsl(o);
      ASSERT_TRUE(set);
      ASSERT_EQ(set->members.size(), 2u);
      EXPECT_EQ(set->members[0].name, "RS-OTHER-SET");
      EXPECT_TRUE(set->members[1].is_prefix);
      EXPECT_EQ(set->members[1].range.ToString(), "2001:db8::/48");
      EXPECT_EQ(set->mbrs_by_ref, std::vector<std::string>{"TEST-MNT"});
    }
    if (o.class_name() == "aut-num") {
      auto aut_num = AutNumFromRpsl(o);
      ASSERT_TRUE(aut_num);
      EXPECT_EQ(aut_num->asn, 65537u);
      EXPECT_FALSE(aut_num->imports.empty());
      EXPECT_FALSE(aut_num->mp_exports.empty());
    }
    if (o.class_name() == "mntner") {
      EXPECT_TRUE(MntnerFromRpsl(o));
    }
    if (o.class_name() == "person" || o.class_name() == "role") {
      EXPECT_TRUE(ContactFromRpsl(o));
    }
  }
  EXPECT_EQ(routes, 2);
  EXPECT_EQ(sets, 1);
}

TEST(RpslReader, IrrdMalformedSamples) {
  std::string text = ReadFile("irrd__rpsl_samples_malformed.rpsl");
  ProblemLog problems;
  auto objects = ReadAll(text, &problems);
  EXPECT_GT(problems.count(), 3u);
  int usable = 0;
  for (const auto& o : objects) {
    if (o.class_name() == "route" && RouteFromRpsl(o)) ++usable;
  }
  // The bad-prefix route is unusable; the missing-attribute ones still are.
  EXPECT_GE(usable, 4);
  bool bad_pk = false;
  for (const auto& o : objects) {
    if (o.key() == "not-a-prefix") bad_pk = !RouteFromRpsl(o);
  }
  EXPECT_TRUE(bad_pk);
}

TEST(RpslReader, RipeRouteExcerpts) {
  for (const char* name :
       {"rpki-irr-bgp-stats__ripe-db-route.txt", "rpki-irr-bgp-stats__ripe-db-route6.txt"}) {
    std::string text = ReadFile(name);
    ProblemLog problems;
    auto objects = ReadAll(text, &problems);
    EXPECT_EQ(objects.size(), 62u) << name;
    EXPECT_EQ(problems.count(), 0u) << name;
    for (const auto& o : objects) EXPECT_TRUE(RouteFromRpsl(o)) << o.key();
  }
}

TEST(RpslReader, BigRealAutNum) {
  // AS3257 from the RIPE DB: 9.5 k policy lines, all kept in order.
  std::string text = ReadFile("rpsl-rs__aut-num_AS3257.txt");
  ProblemLog problems;
  auto objects = ReadAll(text, &problems);
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_EQ(problems.count(), 0u);
  for (const auto& p : problems.kept()) ADD_FAILURE() << p.message;
  auto aut_num = AutNumFromRpsl(objects[0]);
  ASSERT_TRUE(aut_num);
  EXPECT_EQ(aut_num->asn, 3257u);
  EXPECT_EQ(aut_num->as_name, "GTT-BACKBONE");
  EXPECT_EQ(aut_num->imports.size(), 2916u);
  EXPECT_EQ(aut_num->exports.size(), 2916u);
  EXPECT_EQ(aut_num->mp_imports.size(), 1857u);
  EXPECT_EQ(aut_num->mp_exports.size(), 1857u);
  EXPECT_EQ(aut_num->imports[0], "from AS12 accept AS12");
}

TEST(RangeOperator, ParseApplyPrint) {
  auto r = ParsePrefixRange("192.0.2.0/24^+");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->min_length, 24);
  EXPECT_EQ(r->max_length, 32);
  EXPECT_EQ(r->ToString(), "192.0.2.0/24^+");
  EXPECT_EQ(ParsePrefixRange("192.0.2.0/24^-")->ToString(), "192.0.2.0/24^-");
  EXPECT_EQ(ParsePrefixRange("192.0.2.0/24^26")->ToString(), "192.0.2.0/24^26");
  EXPECT_EQ(ParsePrefixRange("192.0.2.0/24^26")->ToExplicitString(), "192.0.2.0/24^26-26");
  EXPECT_EQ(ParsePrefixRange("192.0.2.0/24^+")->ToExplicitString(), "192.0.2.0/24^+");
  EXPECT_EQ(ParsePrefixRange("192.0.2.0/24")->ToExplicitString(), "192.0.2.0/24");
  EXPECT_EQ(ParsePrefixRange("2001:db8::/32^48-64")->ToString(), "2001:db8::/32^48-64");
  EXPECT_FALSE(ParsePrefixRange("192.0.2.0/24^20"));
  EXPECT_FALSE(ParsePrefixRange("192.0.2.0/24^33"));
  EXPECT_FALSE(ParsePrefixRange("192.0.2.1/24"));
  EXPECT_FALSE(ParsePrefixRange("192.0.2.0/24^30-26"));
  // RFC 2622 5.3: {30.0.0.0/8^24-32}^27-30 is 30.0.0.0/8^27-30.
  auto narrowed =
      ApplyRangeOperator(*ParsePrefixRange("30.0.0.0/8^24-32"), *ParseRangeOperator("^27-30"));
  ASSERT_TRUE(narrowed);
  EXPECT_EQ(narrowed->ToString(), "30.0.0.0/8^27-30");
  EXPECT_EQ(
      ApplyRangeOperator(*ParsePrefixRange("5.0.0.0/8^+"), *ParseRangeOperator("^-"))->ToString(),
      "5.0.0.0/8^-");
}

TEST(PrefixRange, SameContractAsTheFilterArea) {
  auto r = [](const char* t) { return *ParsePrefixRange(t); };
  EXPECT_EQ(r("192.0.2.0/24^-"), PrefixRange::Make(*Prefix::Parse("192.0.2.0/24"), 25, 32));
  EXPECT_EQ(r("2001:db8::/32^48-64"), PrefixRange::Make(*Prefix::Parse("2001:db8::/32"), 48, 64));
  for (const char* bad : {"192.0.2.0/24^23", "192.0.2.0/24^26-25", "192.0.2.0/24^33",
                          "192.0.2.0/24^", "192.0.2.0/24^x", "192.0.2.0/24^+1", "192.0.2.1/24",
                          "192.0.2.0/32^-", "2001:db8::/32^129", "192.0.02.0/24"}) {
    EXPECT_FALSE(ParsePrefixRange(bad)) << bad;
  }
  EXPECT_EQ(r("10.0.0.0/8^+").Count(), (std::uint64_t{1} << 25) - 1);
  EXPECT_EQ(r("::/0^+").Count(), std::uint64_t{1} << 63);
  EXPECT_TRUE(r("192.0.2.0/24^25-26").Matches(*Prefix::Parse("192.0.2.64/26")));
  EXPECT_FALSE(r("192.0.2.0/24^25-26").Matches(*Prefix::Parse("192.0.2.0/24")));
  // Registries' leading zeros: only the RPSL-lenient reader takes them.
  EXPECT_EQ(ParseRpslPrefixRange("192.0.02.0/24^+")->ToString(), "192.0.2.0/24^+");
}

TEST(SetName, Classify) {
  EXPECT_EQ(ClassifySetName("AS-FOO"), SetKind::kAsSet);
  EXPECT_EQ(ClassifySetName("as1:as-foo"), SetKind::kAsSet);
  EXPECT_EQ(ClassifySetName("AS1:AS-FOO:RS-BAR"), SetKind::kRouteSet);
  EXPECT_EQ(ClassifySetName("AS64496"), SetKind::kNone);
  EXPECT_EQ(ClassifySetName("AS1::AS-FOO"), SetKind::kNone);
  EXPECT_EQ(SplitSourceScope("ripe::as-foo").source, "RIPE");
  EXPECT_EQ(SplitSourceScope("ripe::as-foo").name, "AS-FOO");
}

TEST(TypedObjects, RouteErrors) {
  ProblemLog problems;
  auto objects = ReadAll(
      "route: 2001:db8::/32\norigin: AS1\n\nroute: 192.0.2.0/24\norigin: 1\n\n"
      "route: 192.0.2.0/24\n\nroute6: 2001:db8::/32\norigin: AS4200000000\nmember-of: rs-x\n",
      &problems);
  ASSERT_EQ(objects.size(), 4u);
  EXPECT_FALSE(RouteFromRpsl(objects[0]));
  EXPECT_FALSE(RouteFromRpsl(objects[1]));
  EXPECT_FALSE(RouteFromRpsl(objects[2]));
  auto ok = RouteFromRpsl(objects[3]);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->origin, 4200000000u);
  EXPECT_EQ(ok->member_of, std::vector<std::string>{"RS-X"});
}

}  // namespace
}  // namespace manrs
