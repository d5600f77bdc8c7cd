#include "manrs/sav/source_origin.h"

#include <gtest/gtest.h>

#include "manrs/sav/flow_collector.h"

namespace manrs {
namespace {

TEST(SourceOrigins, MostSpecificPrefixAndItsBestOrigin) {
  SavRib rib;
  const auto a = rib.InterfaceOf({1, *IpAddress::Parse("10.0.0.1")});
  const auto b = rib.InterfaceOf({2, *IpAddress::Parse("10.0.0.2")});
  auto add = [&](std::uint32_t i, const char* p, std::vector<Asn> path) {
    SavRoute r;
    r.prefix = *Prefix::Parse(p);
    r.interface = i;
    r.origin_asn = path.back();
    r.neighbor_asn = path.front();
    r.path_length = static_cast<std::uint16_t>(path.size());
    rib.Announce(r, path);
  };
  add(a, "8.0.0.0/8", {1, 3356});
  add(a, "8.8.8.0/24", {1, 3356, 15169});
  add(b, "8.8.8.0/24", {2, 15169});  // shorter: the best route
  rib.Finish();
  SourceOrigins o(rib);
  auto r = o.Find(*IpAddress::Parse("8.8.8.8"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->prefix, *Prefix::Parse("8.8.8.0/24"));
  EXPECT_EQ(r->origin_asn, 15169u);
  EXPECT_EQ(o.Find(*IpAddress::Parse("8.1.1.1"))->origin_asn, 3356u);
  EXPECT_FALSE(o.Find(*IpAddress::Parse("9.9.9.9")));
}

TEST(FlowCollectorBind, ListenForms) {
  auto v4 = FlowCollector::Bind("127.0.0.1:0", 1 << 20);
  ASSERT_TRUE(v4) << v4.error().message;
  EXPECT_EQ((*v4)->bound().rfind("127.0.0.1:", 0), 0u);
  for (const char* bad : {"127.0.0.1", "[::1]2055", "1.2.3.4:65536", ":"}) {
    EXPECT_FALSE(FlowCollector::Bind(bad, 1 << 20)) << bad;
  }
}

}  // namespace
}  // namespace manrs
