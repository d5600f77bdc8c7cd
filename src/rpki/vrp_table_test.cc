// VrpTable: covering lookups on hand-made tables (nesting, /0, host routes,
// the ends of the address space, many VRPs on one prefix), then randomized
// differential tests against the linear-scan VrpOracle for both families,
// covering both the VRP lists and the validation states.
#include "manrs/rpki/vrp_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "manrs/rpki/route_origin_validation.h"
#include "manrs/rpki/vrp_oracle.h"

namespace manrs {
namespace {

Vrp V(const char* prefix, int max_length, Asn asn) {
  return *MakeVrp(*Prefix::Parse(prefix), max_length, asn);
}
Prefix P(const char* text) { return *Prefix::Parse(text); }

VrpTable Table(std::vector<Vrp> vrps) {
  auto table = VrpTable::Build(std::move(vrps));
  EXPECT_TRUE(table.has_value()) << table.error().message;
  return table ? std::move(*table) : VrpTable();
}

std::vector<std::string> Strings(const std::vector<Vrp>& vrps) {
  std::vector<std::string> out;
  for (const Vrp& v : vrps) out.push_back(ToString(v));
  return out;
}

TEST(VrpTableTest, EmptyTableCoversNothing) {
  VrpTable table;
  EXPECT_TRUE(table.empty());
  for (const char* p : {"0.0.0.0/0", "192.0.2.1/32", "::/0", "2001:db8::1/128"}) {
    EXPECT_TRUE(table.Covering(P(p)).empty()) << p;
    EXPECT_EQ(ValidateOrigin(table, P(p), 64496), RovState::kNotFound);
  }
}

TEST(VrpTableTest, CoveringIsMostSpecificFirstAndStopsAtTheRouteLength) {
  VrpTable table =
      Table({V("10.0.0.0/8", 24, 1), V("10.1.0.0/16", 16, 2), V("10.1.0.0/16", 24, 3),
             V("10.1.2.0/24", 24, 4), V("10.1.3.0/24", 24, 5), V("10.1.2.0/25", 25, 6)});
  EXPECT_EQ(table.size(), 6u);
  EXPECT_EQ(table.prefix_count(), 5u);
  EXPECT_EQ(Strings(table.Covering(P("10.1.2.0/24"))),
            (std::vector<std::string>{"10.1.2.0/24-24 AS4", "10.1.0.0/16-16 AS2",
                                      "10.1.0.0/16-24 AS3", "10.0.0.0/8-24 AS1"}));
  // A longer VRP at the route's first address does not cover the route.
  EXPECT_EQ(
      Strings(table.Covering(P("10.1.0.0/16"))),
      (std::vector<std::string>{"10.1.0.0/16-16 AS2", "10.1.0.0/16-24 AS3", "10.0.0.0/8-24 AS1"}));
  EXPECT_EQ(Strings(table.Covering(P("10.0.0.0/15"))),
            (std::vector<std::string>{"10.0.0.0/8-24 AS1"}));
  EXPECT_EQ(table.Covering(P("10.1.2.128/25")).size(), 4u);
  EXPECT_EQ(table.Covering(P("10.1.2.0/25")).size(), 5u);
  EXPECT_EQ(table.Covering(P("10.1.2.1/32")).size(), 5u);
  EXPECT_EQ(table.Covering(P("10.1.4.0/24")).size(), 3u);
  EXPECT_TRUE(table.Covering(P("10.0.0.0/7")).empty());
  EXPECT_TRUE(table.Covering(P("11.0.0.0/8")).empty());
  EXPECT_TRUE(table.Covering(P("9.255.255.255/32")).empty());
  EXPECT_TRUE(table.Covering(P("0.0.0.0/0")).empty());
  EXPECT_TRUE(table.Covering(P("::/0")).empty());
}

TEST(VrpTableTest, DefaultRouteAndHostRoutesAtBothEndsOfTheSpace) {
  VrpTable table =
      Table({V("0.0.0.0/0", 32, 1), V("0.0.0.0/32", 32, 2), V("255.255.255.255/32", 32, 3),
             V("::/0", 0, 4), V("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", 128, 5),
             V("::/128", 128, 6)});
  EXPECT_EQ(table.Covering(P("0.0.0.0/0")).size(), 1u);
  EXPECT_EQ(table.Covering(P("0.0.0.0/32")).size(), 2u);
  EXPECT_EQ(table.Covering(P("0.0.0.1/32")).size(), 1u);
  EXPECT_EQ(table.Covering(P("255.255.255.255/32")).size(), 2u);
  EXPECT_EQ(table.Covering(P("255.255.255.254/31")).size(), 1u);
  EXPECT_EQ(table.Covering(P("::/0")).size(), 1u);
  EXPECT_EQ(table.Covering(P("::/128")).size(), 2u);
  EXPECT_EQ(table.Covering(P("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128")).size(), 2u);
  EXPECT_EQ(table.Covering(P("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/128")).size(), 1u);
  EXPECT_EQ(table.Covering(P("2001:db8::/32")).size(), 1u);
}

TEST(VrpTableTest, NarrowSpanAnswersOutsideIt) {
  // Every VRP inside one /24 (IPv4) and one /48 (IPv6): the index covers
  // only that span, and addresses outside it must still come out empty.
  VrpTable table =
      Table({V("192.0.2.0/24", 24, 1), V("192.0.2.128/25", 32, 2), V("192.0.2.255/32", 32, 3),
             V("2001:db8:1::/48", 64, 4), V("2001:db8:1:ff00::/56", 56, 5)});
  EXPECT_EQ(table.Covering(P("192.0.2.255/32")).size(), 3u);
  EXPECT_EQ(table.Covering(P("192.0.2.0/32")).size(), 1u);
  EXPECT_TRUE(table.Covering(P("192.0.3.0/24")).empty());
  EXPECT_TRUE(table.Covering(P("192.0.1.255/32")).empty());
  EXPECT_TRUE(table.Covering(P("192.0.0.0/16")).empty());
  EXPECT_EQ(table.Covering(P("2001:db8:1:ff80::/64")).size(), 2u);
  EXPECT_TRUE(table.Covering(P("2001:db8:2::/48")).empty());
  EXPECT_TRUE(table.Covering(P("2001:db8::/32")).empty());
}

TEST(VrpTableTest, ManyVrpsOnOnePrefix) {
  std::vector<Vrp> vrps;
  for (Asn asn = 1; asn <= 3000; ++asn) vrps.push_back(V("198.51.100.0/24", 24 + asn % 9, asn));
  VrpTable table = Table(vrps);
  EXPECT_EQ(table.Covering(P("198.51.100.0/24")).size(), 3000u);
  EXPECT_EQ(ValidateOrigin(table, P("198.51.100.0/32"), 8), RovState::kValid);    // max 32
  EXPECT_EQ(ValidateOrigin(table, P("198.51.100.0/32"), 7), RovState::kInvalid);  // max 31
  std::sort(vrps.begin(), vrps.end());
  EXPECT_EQ(table.Vrps(), vrps);
}

TEST(VrpTableTest, DuplicatesAreKeptOnceAndVrpsComeBackSorted) {
  VrpTable table = Table({V("2001:db8::/32", 48, 2), V("192.0.2.0/24", 24, 1),
                          V("192.0.2.0/24", 24, 1), V("2001:db8::/32", 48, 2)});
  EXPECT_EQ(table.size(), 2u);
  EXPECT_EQ(Strings(table.Vrps()),
            (std::vector<std::string>{"192.0.2.0/24-24 AS1", "2001:db8::/32-48 AS2"}));
  EXPECT_GT(table.MemoryBytes(), 0u);
}

TEST(VrpTableTest, RejectsMaxLengthOutsideItsRange) {
  auto shorter = VrpTable::Build({Vrp{P("192.0.2.0/24"), 23, 1}});
  ASSERT_FALSE(shorter.has_value());
  EXPECT_NE(shorter.error().message.find("192.0.2.0/24-23 AS1"), std::string::npos);
  EXPECT_FALSE(VrpTable::Build({Vrp{P("192.0.2.0/24"), 33, 1}}).has_value());
  EXPECT_FALSE(VrpTable::Build({Vrp{P("2001:db8::/32"), 129, 1}}).has_value());
  EXPECT_TRUE(VrpTable::Build({Vrp{P("2001:db8::/32"), 128, 1}}).has_value());
}

TEST(VrpTableTest, VisitorReturningFalseStopsTheWalk) {
  VrpTable table = Table({V("10.0.0.0/8", 8, 1), V("10.0.0.0/16", 16, 2), V("10.0.0.0/24", 24, 3)});
  int seen = 0;
  EXPECT_FALSE(table.ForEachCovering(P("10.0.0.0/24"), [&](const Vrp&) { return ++seen < 2; }));
  EXPECT_EQ(seen, 2);
  EXPECT_TRUE(table.ForEachCoveringAuthorization(P("10.0.0.0/24"), [&](Asn, int) { ++seen; }));
  EXPECT_EQ(seen, 5);
}

// The address inside p whose bits past p's length are those of tail (same family).
IpAddress Inside(const Prefix& p, const IpAddress& tail) {
  const IpAddress m = tail.Masked(p.length());
  const std::uint64_t hi = p.address().hi() | (tail.hi() ^ m.hi());
  const std::uint64_t lo = p.address().lo() | (tail.lo() ^ m.lo());
  return p.is_v4() ? IpAddress::V4(static_cast<std::uint32_t>(hi >> 32)) : IpAddress::V6(hi, lo);
}

// Random tables whose prefixes nest: addresses are a few base patterns with
// a random tail, so prefixes share leading bits at every depth.
class RandomVrps {
 public:
  explicit RandomVrps(std::uint64_t seed) : rng_(seed) {}

  IpAddress RandomAddress(Afi afi) {
    return afi == Afi::kIpv4 ? IpAddress::V4(static_cast<std::uint32_t>(rng_()))
                             : IpAddress::V6(rng_(), rng_());
  }

  Prefix RandomPrefix(Afi afi) {
    static constexpr std::uint32_t kV4Bases[] = {0x0a000000, 0xc0000200, 0xffffffff, 0, 0x80000000};
    static constexpr std::uint64_t kV6Bases[] = {0x20010db800000000, 0x2a02000000000000, 0,
                                                 ~std::uint64_t{0}, 0x2001000000000000};
    const int max = MaxPrefixLength(afi);
    const int tail_from = Uniform(0, max);  // bits from here on are random
    const int length =
        Uniform(0, 3) == 0 ? Uniform(0, max) : Uniform(std::max(0, tail_from - 8), max);
    const IpAddress base = afi == Afi::kIpv4 ? IpAddress::V4(kV4Bases[Uniform(0, 4)])
                                             : IpAddress::V6(kV6Bases[Uniform(0, 4)],
                                                             Uniform(0, 1) ? 0 : ~std::uint64_t{0});
    const IpAddress a = Inside(Prefix::Normalized(base, tail_from), RandomAddress(afi));
    return Prefix::Normalized(a, length);
  }

  Vrp RandomVrp(Afi afi) {
    const Prefix prefix = RandomPrefix(afi);
    const int max_length =
        Uniform(0, 2) == 0 ? prefix.length() : Uniform(prefix.length(), MaxPrefixLength(afi));
    return Vrp{prefix, static_cast<std::uint8_t>(max_length), RandomAsn()};
  }

  // Mostly a few ASes, so that origins match; AS 0 now and then.
  Asn RandomAsn() { return static_cast<Asn>(Uniform(0, 6)); }

  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

 private:
  std::mt19937_64 rng_;
};

void CheckAgainstOracle(std::uint64_t seed, int vrp_count, int query_count) {
  RandomVrps random(seed);
  std::vector<Vrp> vrps;
  for (int i = 0; i < vrp_count; ++i) {
    vrps.push_back(random.RandomVrp(random.Uniform(0, 2) == 0 ? Afi::kIpv6 : Afi::kIpv4));
  }
  // A few prefixes with many VRPs each.
  for (int i = 0; i < 3; ++i) {
    const Vrp base = vrps[static_cast<std::size_t>(random.Uniform(0, vrp_count - 1))];
    for (Asn asn = 0; asn < 40; ++asn) {
      const int max = random.Uniform(base.prefix.length(), MaxPrefixLength(base.prefix.afi()));
      vrps.push_back(Vrp{base.prefix, static_cast<std::uint8_t>(max), asn % 7});
    }
  }
  const VrpOracle oracle(vrps);
  auto built = VrpTable::Build(vrps);
  ASSERT_TRUE(built.has_value()) << built.error().message;
  const VrpTable& table = *built;
  ASSERT_EQ(table.Vrps(), oracle.vrps()) << "seed " << seed;

  std::vector<Prefix> queries;
  for (int i = 0; i < query_count; ++i) {
    const Afi afi = random.Uniform(0, 1) ? Afi::kIpv4 : Afi::kIpv6;
    queries.push_back(random.RandomPrefix(afi));
    // Inside or at a VRP prefix: the interesting places.
    const Vrp& v = vrps[static_cast<std::size_t>(random.Uniform(0, vrp_count - 1))];
    const int max = MaxPrefixLength(v.prefix.afi());
    const int length = random.Uniform(v.prefix.length(), max);
    const IpAddress a = Inside(v.prefix, random.RandomAddress(v.prefix.afi()));
    queries.push_back(Prefix::Normalized(a, length));
    queries.push_back(v.prefix);
  }
  queries.push_back(P("0.0.0.0/0"));
  queries.push_back(P("::/0"));
  queries.push_back(P("255.255.255.255/32"));
  queries.push_back(P("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"));

  // The batched form, over all queries (mixed families) and each origin.
  for (std::optional<Asn> origin : {std::optional<Asn>(), std::optional<Asn>(0),
                                    std::optional<Asn>(1), std::optional<Asn>(5)}) {
    std::vector<RouteOrigin> routes;
    for (const Prefix& q : queries) routes.push_back({q, origin});
    std::vector<RovState> states(routes.size());
    ValidateOrigins(table, routes, states);
    for (std::size_t i = 0; i < routes.size(); ++i) {
      ASSERT_EQ(states[i], oracle.Validate(queries[i], origin))
          << "seed " << seed << " batch query " << queries[i].ToString();
    }
  }

  for (const Prefix& q : queries) {
    std::vector<Vrp> got = table.Covering(q);
    std::sort(got.begin(), got.end());
    ASSERT_EQ(got, oracle.Covering(q)) << "seed " << seed << " query " << q.ToString();
    for (std::optional<Asn> origin :
         {std::optional<Asn>(), std::optional<Asn>(0), std::optional<Asn>(1), std::optional<Asn>(2),
          std::optional<Asn>(5)}) {
      const RovState want = oracle.Validate(q, origin);
      ASSERT_EQ(ValidateOrigin(table, q, origin), want)
          << "seed " << seed << " query " << q.ToString() << " origin " << origin.value_or(99);
      ASSERT_EQ(ValidateRoute(table, q, origin).state, want);
    }
  }
}

TEST(VrpTableRandomTest, AgreesWithTheOracle) {
  for (std::uint64_t seed = 1; seed <= 40; ++seed) CheckAgainstOracle(seed, 300, 300);
}

TEST(VrpTableRandomTest, AgreesWithTheOracleOnTinyTables) {
  for (std::uint64_t seed = 100; seed <= 400; ++seed) CheckAgainstOracle(seed, 3, 40);
}

TEST(VrpTableRandomTest, AgreesWithTheOracleOnALargerTable) {
  CheckAgainstOracle(7777, 3000, 2000);
}

}  // namespace
}  // namespace manrs
