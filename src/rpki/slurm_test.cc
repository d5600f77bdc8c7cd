// SLURM (RFC 8416) and its ASPA members (draft-ietf-sidrops-aspa-slurm): the
// sample files of StayRTR, Routinator and GoRTR in testdata/rpki, the RFC's
// matching rules, filters before assertions, and bad files.
//
// RFC 8416 section 3.3.1: "If a Validated ROA Prefix Filter only contains an
// IPv4 or IPv6 address prefix, the VRP is considered to match the filter if
// the VRP prefix is equal to or covered by the Validated ROA Prefix Filter
// prefix." Section 4: filters are applied first, then the assertions added.
#include "manrs/rpki/slurm.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "manrs/rpki/payload_loader.h"

namespace manrs {
namespace {

std::string SamplePath(const std::string& name) {
  return std::string(MANRS_TESTDATA) + "/rpki/" + name;
}

Vrp V(const char* prefix, int max_length, Asn asn) {
  return Vrp{*Prefix::Parse(prefix), static_cast<std::uint8_t>(max_length), asn};
}

// Base64 in the file, hex here (python3: base64.b64decode(s).hex().upper()).
constexpr char kStayRtrFilterSki[] = "5C2ED1056BB7EBAD6F7D89A15D9C2D53";
constexpr char kStayRtrAssertedSki[] = "3506176743E02F67DD46C73119D5436BE7E10106";

TEST(SlurmTest, StayRtrSample) {
  ProblemLog log;
  auto slurm = LoadSlurm(SamplePath("stayrtr__slurm.json"), log);
  ASSERT_TRUE(slurm) << slurm.error().message;
  EXPECT_EQ(log.count(), 0u);
  EXPECT_EQ(slurm->version, 2);
  ASSERT_EQ(slurm->prefix_filters.size(), 3u);
  EXPECT_EQ(slurm->prefix_filters[0].prefix, Prefix::Parse("192.0.2.0/24").value());
  EXPECT_FALSE(slurm->prefix_filters[0].asn);
  EXPECT_EQ(slurm->prefix_filters[0].comment, "All VRPs encompassed by prefix");
  EXPECT_FALSE(slurm->prefix_filters[1].prefix);
  EXPECT_EQ(slurm->prefix_filters[1].asn, 64496u);
  EXPECT_EQ(slurm->prefix_filters[2].asn, 64497u);
  ASSERT_EQ(slurm->bgpsec_filters.size(), 3u);
  EXPECT_EQ(slurm->bgpsec_filters[1].ski, kStayRtrFilterSki);
  EXPECT_FALSE(slurm->bgpsec_filters[1].asn);
  ASSERT_EQ(slurm->prefix_assertions.size(), 2u);
  // No maxPrefixLength: the prefix length.
  EXPECT_EQ(slurm->prefix_assertions[0].vrp, V("198.51.100.0/24", 24, 64496));
  EXPECT_EQ(slurm->prefix_assertions[1].vrp, V("2001:db8::/32", 48, 64496));
  ASSERT_EQ(slurm->bgpsec_assertions.size(), 1u);
  EXPECT_EQ(slurm->bgpsec_assertions[0].key.ski, kStayRtrAssertedSki);
  EXPECT_EQ(slurm->bgpsec_assertions[0].key.asn, 64496u);
  EXPECT_EQ(slurm->bgpsec_assertions[0].key.spki_base64.substr(0, 8), "MFkwEwYH");
}

TEST(SlurmTest, RoutinatorSampleWithABadAssertion) {
  ProblemLog log;
  auto slurm = LoadSlurm(SamplePath("routinator__slurm_full.json"), log);
  ASSERT_TRUE(slurm) << slurm.error().message;
  EXPECT_EQ(slurm->version, 1);
  EXPECT_EQ(slurm->prefix_filters.size(), 3u);
  ASSERT_EQ(slurm->bgpsec_filters.size(), 3u);
  EXPECT_EQ(slurm->bgpsec_filters[1].ski, "666F6F");  // "Zm9v"
  EXPECT_EQ(slurm->prefix_assertions.size(), 2u);
  // Its only BGPsec assertion has "<some base64 SKI>": reported where it starts.
  EXPECT_TRUE(slurm->bgpsec_assertions.empty());
  ASSERT_EQ(log.count(), 1u);
  EXPECT_EQ(log.kept()[0].offset, 1108u);
  EXPECT_EQ(log.kept()[0].message, "locallyAddedAssertions.bgpsecAssertions[0]: SKI is not base64");
}

TEST(SlurmTest, GortrSampleWithoutBgpsecAssertions) {
  ProblemLog log;
  auto slurm = LoadSlurm(SamplePath("gortr__test.slurm.json"), log);
  ASSERT_TRUE(slurm) << slurm.error().message;
  EXPECT_EQ(log.count(), 0u);
  ASSERT_EQ(slurm->prefix_filters.size(), 1u);
  EXPECT_TRUE(Matches(slurm->prefix_filters[0], V("10.0.0.0/24", 24, 65000)));
  EXPECT_FALSE(Matches(slurm->prefix_filters[0], V("10.0.0.0/24", 24, 65001)));
  ASSERT_EQ(slurm->prefix_assertions.size(), 1u);
  EXPECT_EQ(slurm->prefix_assertions[0].vrp, V("10.2.0.0/25", 26, 65002));
}

RouterKey Key(Asn asn, const std::string& ski) { return RouterKey{ski, asn, "AAAA"}; }

TEST(SlurmTest, ApplyFiltersThenAssertions) {
  ProblemLog log;
  auto slurm = LoadSlurm(SamplePath("stayrtr__slurm.json"), log);
  ASSERT_TRUE(slurm);
  const std::string ski_a(40, 'A'), ski_b(40, 'B');
  RpkiPayloads payloads;
  payloads.vrps = {
      V("10.0.0.0/8", 8, 64496),        // filter 2: the AS
      V("192.0.0.0/16", 24, 3),         // less specific than filter 1: kept
      V("192.0.2.0/24", 24, 1),         // filter 1: the prefix itself
      V("192.0.2.128/25", 25, 2),       // filter 1: more specific
      V("198.51.0.0/16", 24, 64497),    // filter 3: less specific, kept
      V("198.51.100.0/24", 24, 64497),  // filter 3: prefix and AS
      V("198.51.100.0/24", 24, 64498),  // filter 3: other AS, kept
      V("198.51.100.0/25", 25, 64497),  // filter 3: more specific, same AS
      V("2001:db8::/32", 32, 5),        // kept
  };
  std::sort(payloads.vrps.begin(), payloads.vrps.end());
  payloads.router_keys = {Key(2, ski_a), Key(64496, ski_a), Key(64497, ski_b),
                          Key(64499, kStayRtrFilterSki)};
  ApplySlurm(*slurm, &payloads);
  EXPECT_EQ(payloads.vrps, (std::vector<Vrp>{
                               V("192.0.0.0/16", 24, 3), V("198.51.0.0/16", 24, 64497),
                               V("198.51.100.0/24", 24, 64496),  // asserted despite filter 2
                               V("198.51.100.0/24", 24, 64498), V("2001:db8::/32", 32, 5),
                               V("2001:db8::/32", 48, 64496),  // asserted
                           }));
  ASSERT_EQ(payloads.router_keys.size(), 3u);
  EXPECT_EQ(payloads.router_keys[0], Key(2, ski_a));
  EXPECT_EQ(payloads.router_keys[1].asn, 64496u);  // the asserted one
  EXPECT_EQ(payloads.router_keys[1].ski, kStayRtrAssertedSki);
  EXPECT_EQ(payloads.router_keys[2], Key(64497, ski_b));  // filter 3 needs the SKI too
}

TEST(SlurmTest, AspaFiltersAndAssertions) {
  ProblemLog log;
  auto slurm = ParseSlurm(R"({"slurmVersion": 2,
    "validationOutputFilters": {"prefixFilters": [], "bgpsecFilters": [],
      "aspaFilters": [{"customerAsid": 64496, "comment": "replaced below"}]},
    "locallyAddedAssertions": {"prefixAssertions": [], "bgpsecAssertions": [],
      "aspaAssertions": [
        {"customerAsid": 64496, "providers": [64499, 64498, 64499]},
        {"customerAsid": 64500, "providers": [64501], "comment": "new"},
        {"customerAsid": 1, "providerSet": [9]}]}})",
                          "aspa.slurm", log);
  ASSERT_TRUE(slurm) << slurm.error().message;
  EXPECT_EQ(log.count(), 0u);
  ASSERT_EQ(slurm->aspa_filters.size(), 1u);
  ASSERT_EQ(slurm->aspa_assertions.size(), 3u);
  EXPECT_EQ(slurm->aspa_assertions[0].aspa, (Aspa{64496, {64498, 64499}}));

  RpkiPayloads payloads;
  payloads.aspas = {{1, {2, 3}}, {64496, {100, 200}}, {70000, {1}}};
  ApplySlurm(*slurm, &payloads);
  EXPECT_EQ(payloads.aspas, (std::vector<Aspa>{{1, {2, 3, 9}},  // merged with the assertion
                                               {64496, {64498, 64499}},  // filtered, asserted
                                               {64500, {64501}},
                                               {70000, {1}}}));
}

TEST(SlurmTest, ApplyToRealPayloads) {
  ProblemLog log;
  auto payloads = LoadRpkiPayloads(SamplePath("rpkilog__roa_test.rpkiclient2023.json"), log);
  ASSERT_TRUE(payloads);
  auto slurm = ParseSlurm(R"({"slurmVersion": 1,
    "validationOutputFilters": {"prefixFilters": [{"asn": 13335}, {"prefix": "2c0f:fe00::/24"}],
                                "bgpsecFilters": [{"asn": 15562}]},
    "locallyAddedAssertions": {"prefixAssertions": [{"asn": 13335, "prefix": "1.1.1.0/24"}],
                               "bgpsecAssertions": []}})",
                          "real.slurm", log);
  ASSERT_TRUE(slurm);
  auto expected = payloads->vrps;
  std::erase_if(expected, [&](const Vrp& vrp) {
    return vrp.asn == 13335 || Prefix::Parse("2c0f:fe00::/24")->Contains(vrp.prefix);
  });
  expected.push_back(V("1.1.1.0/24", 24, 13335));
  std::sort(expected.begin(), expected.end());
  ASSERT_LT(expected.size(), payloads->vrps.size());
  ApplySlurm(*slurm, &*payloads);
  EXPECT_EQ(payloads->vrps, expected);
  EXPECT_EQ(payloads->router_keys.size(), 1u);  // two of the three are AS15562's
}

// One bad entry per line; the line number in the file is the index here.
const char kBadEntries[] = R"({"slurmVersion": 1,
"validationOutputFilters": {"prefixFilters": [
{"comment": "neither prefix nor asn"},
{"prefix": "192.0.2.1/24"},
{"prefix": "192.0.2.0/24", "asm": 1},
{"asn": 64496},
{"asn": "AS64497"}],
"bgpsecFilters": [
{"SKI": "!!"}]},
"locallyAddedAssertions": {"prefixAssertions": [
{"asn": 1, "prefix": "10.0.0.0/24", "maxPrefixLength": 16},
{"asn": 1, "prefix": "10.0.0.0/24", "maxPrefixLength": 33},
{"asn": 1, "prefix": "10.0.0.0/24", "maxLength": 24},
{"prefix": "10.0.0.0/24"},
{"asn": 1, "prefix": "10.0.0.0/24"}],
"bgpsecAssertions": [],
"aspaAssertions": [
{"customerAsid": 1, "providers": []},
{"providers": [1]}]},
"extra": true}
)";

TEST(SlurmTest, BadEntriesReportedWhereTheyAre) {
  const std::string text = kBadEntries;
  std::vector<std::uint64_t> line_starts{0};
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') line_starts.push_back(i + 1);
  }
  ProblemLog log;
  auto slurm = ParseSlurm(text, "bad.slurm", log);
  ASSERT_TRUE(slurm) << slurm.error().message;
  EXPECT_EQ(slurm->prefix_filters.size(), 2u);
  EXPECT_EQ(slurm->prefix_assertions.size(), 1u);
  struct Expected {
    int line;  // 0-based
    const char* message;
  };
  const std::vector<Expected> expected = {
      {2, "validationOutputFilters.prefixFilters[0]: neither prefix nor asn"},
      {3, "validationOutputFilters.prefixFilters[1]: prefix '192.0.2.1/24' has host bits set"},
      {4, "validationOutputFilters.prefixFilters[2]: unknown member 'asm'"},
      {8, "validationOutputFilters.bgpsecFilters[0]: SKI is not base64"},
      {10,
       "locallyAddedAssertions.prefixAssertions[0]: maxPrefixLength: max length 16 below "
       "the length of 10.0.0.0/24"},
      {11,
       "locallyAddedAssertions.prefixAssertions[1]: maxPrefixLength: max length 33 above "
       "32 for 10.0.0.0/24"},
      {12, "locallyAddedAssertions.prefixAssertions[2]: unknown member 'maxLength'"},
      {13, "locallyAddedAssertions.prefixAssertions[3]: no asn"},
      {17, "locallyAddedAssertions.aspaAssertions[0]: no providers"},
      {18, "locallyAddedAssertions.aspaAssertions[1]: no customerAsid"},
  };
  ASSERT_EQ(log.count(), expected.size() + 1);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(log.kept()[i].message, expected[i].message);
    EXPECT_EQ(log.kept()[i].offset, line_starts[static_cast<std::size_t>(expected[i].line)])
        << expected[i].message;
  }
  EXPECT_EQ(log.kept().back().message, "unknown member 'extra'");
}

TEST(SlurmTest, UnusableFilesAreErrors) {
  for (const char* text : {
           "",
           "not json",
           R"({"slurmVersion": 1, "validationOutputFilters": {)",
           R"({"slurmVersion": 1, "validationOutputFilters": {"prefixFilters": [{"asn": 1},]}})",
           R"({"slurmVersion": 3, "validationOutputFilters": {}, "locallyAddedAssertions": {}})",
           R"({"slurmVersion": "1", "validationOutputFilters": {}, "locallyAddedAssertions": {}})",
           R"({"validationOutputFilters": {}, "locallyAddedAssertions": {}})",
           R"([{"slurmVersion": 1}])",
           R"({"slurmVersion": 1, "validationOutputFilters": {"prefixFilters": [{}]}})",
       }) {
    ProblemLog log;
    EXPECT_FALSE(ParseSlurm(text, "x", log)) << text;
  }
  // Empty lists are a valid SLURM file that changes nothing.
  ProblemLog log;
  auto empty = ParseSlurm(R"({"slurmVersion": 1,
    "validationOutputFilters": {"prefixFilters": [], "bgpsecFilters": []},
    "locallyAddedAssertions": {"prefixAssertions": [], "bgpsecAssertions": []}})",
                          "empty", log);
  ASSERT_TRUE(empty);
  RpkiPayloads payloads;
  payloads.vrps = {V("192.0.2.0/24", 24, 1)};
  ApplySlurm(*empty, &payloads);
  EXPECT_EQ(payloads.vrps.size(), 1u);
}

}  // namespace
}  // namespace manrs
