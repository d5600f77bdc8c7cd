#include "manrs/sav/acl_render.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "manrs/sav/acl_diff.h"

namespace manrs {
namespace {

Prefix P(const char* text) { return *Prefix::Parse(text); }

TEST(SavAggregate, MergesSiblingsAndDropsCovered) {
  std::vector<Prefix> in = {P("10.0.0.0/9"),   P("10.128.0.0/10"), P("10.192.0.0/10"),
                            P("10.1.0.0/16"),  P("192.0.2.0/25"),  P("192.0.2.128/26"),
                            P("2001:db8::/33")};
  std::sort(in.begin(), in.end());
  EXPECT_EQ(AggregateAddresses(in, Afi::kIpv4),
            (std::vector<Prefix>{P("10.0.0.0/8"), P("192.0.2.0/25"), P("192.0.2.128/26")}));
  EXPECT_EQ(AggregateAddresses(in, Afi::kIpv6), (std::vector<Prefix>{P("2001:db8::/33")}));
}

struct Fixture {
  SavRib rib;
  std::vector<InterfaceAllowList> lists;
  Fixture() {
    const auto i = rib.InterfaceOf({64496, *IpAddress::Parse("192.0.2.1")});
    const auto j = rib.InterfaceOf({64497, *IpAddress::Parse("2001:db8::1")});
    lists.push_back({i,
                     {P("198.51.100.0/25"), P("198.51.100.128/25"), P("203.0.113.7/32"),
                      P("2001:db8:100::/48")},
                     {}});
    lists.push_back({j, {P("192.0.2.0/24")}, {}});
  }
};

TEST(SavRender, EveryFormatReadsBackToTheAggregatedBlocks) {
  Fixture f;
  for (const char* name : {"ios", "iosxr", "junos", "eos", "nftables", "frr"}) {
    SCOPED_TRACE(name);
    auto text = RenderSavLists(f.rib, f.lists, *ParseSavFormat(name), SavRenderOptions{});
    ASSERT_TRUE(text) << text.error().message;
    auto lists = ReadSavListText(*text);
    ASSERT_TRUE(lists) << lists.error().message;
    EXPECT_EQ((*lists)["sav_AS64496_192_0_2_1_v4"],
              (std::vector<Prefix>{P("198.51.100.0/24"), P("203.0.113.7/32")}));
    EXPECT_EQ((*lists)["sav_AS64496_192_0_2_1_v6"],
              (std::vector<Prefix>{P("2001:db8:100::/48"), P("fe80::/10")}));
    EXPECT_EQ((*lists)["sav_AS64497_2001_db8__1_v6"], (std::vector<Prefix>{P("fe80::/10")}));
    EXPECT_EQ((*lists)["sav_AS64497_2001_db8__1_v4"], (std::vector<Prefix>{P("192.0.2.0/24")}));
  }
}

TEST(SavRender, JsonKeepsTheListsAsComputed) {
  Fixture f;
  auto text = RenderSavLists(f.rib, f.lists, SavFormat::kJson, SavRenderOptions{});
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("\"peer_asn\": 64496, \"peer_ip\": \"192.0.2.1\""), std::string::npos);
  EXPECT_NE(text->find("\"198.51.100.128/25\""), std::string::npos);
  auto lists = ReadSavListText(*text);
  ASSERT_TRUE(lists);
  EXPECT_EQ((*lists)["sav_AS64496_192_0_2_1"].size(), 4u);
}

TEST(SavRender, GuardsRefuseEmptyAndPermitAll) {
  Fixture f;
  f.lists[1].allow.clear();
  EXPECT_FALSE(RenderSavLists(f.rib, f.lists, SavFormat::kIos, SavRenderOptions{}));
  SavRenderOptions allow;
  allow.allow_empty = true;
  EXPECT_TRUE(RenderSavLists(f.rib, f.lists, SavFormat::kIos, allow));
  Fixture g;
  g.lists[1].allow = {P("0.0.0.0/1"), P("128.0.0.0/1")};  // all of IPv4 once aggregated
  EXPECT_FALSE(RenderSavLists(g.rib, g.lists, SavFormat::kNftables, SavRenderOptions{}));
  g.lists[1].allow = {P("::/0")};
  EXPECT_FALSE(RenderSavLists(g.rib, g.lists, SavFormat::kJson, SavRenderOptions{}));
}

TEST(SavDiff, RefusesAListThatGoesOrShrinksTooMuch) {
  SavListText old_lists, new_lists;
  for (int i = 0; i < 20; ++i) {
    old_lists["sav_a"].push_back(*Prefix::Make(IpAddress::V4(0x0a000000u + (i << 8)), 24));
  }
  old_lists["sav_b"] = {P("192.0.2.0/24")};
  new_lists["sav_a"] = old_lists["sav_a"];
  new_lists["sav_a"].resize(19);
  new_lists["sav_b"] = old_lists["sav_b"];
  ChangeLimits limits;
  EXPECT_TRUE(CheckSavChange(DiffSavLists(old_lists, new_lists), limits));
  new_lists["sav_a"].resize(15);  // 25 % gone
  EXPECT_FALSE(CheckSavChange(DiffSavLists(old_lists, new_lists), limits));
  new_lists["sav_a"] = old_lists["sav_a"];
  new_lists.erase("sav_b");  // the whole list gone
  const SavDiff d = DiffSavLists(old_lists, new_lists);
  EXPECT_FALSE(CheckSavChange(d, limits));
  EXPECT_NE(d.ToString().find("sav_b:\n-192.0.2.0/24"), std::string::npos);
}

TEST(SavDiff, ReaderErrorsNameTheOffset) {
  auto bad = ReadSavListText("sav_x {\n 10.0.0.0/33;\n}\n");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().offset, 9u);
  EXPECT_FALSE(ReadSavListText("permit ip 10.0.0.0/8 any\n"));
  EXPECT_FALSE(ReadSavListText(" permit ip 10.0.0.0 0.255.0.255 any\n"));
}

}  // namespace
}  // namespace manrs

namespace manrs {
namespace {

// Golden files: every format of the fixture's two lists, byte for byte.
// MANRS_UPDATE_GOLDENS=1 rewrites them (then read the diff before committing).
TEST(SavRender, GoldenFiles) {
  const std::string dir = MANRS_TESTDATA;
  Fixture f;
  SavRenderOptions options;
  options.ifnames["192.0.2.1"] = "eth1";
  for (const char* name :
       {"json", "ios", "iosxr", "junos", "eos", "nftables", "iptables", "ip6tables", "frr"}) {
    SCOPED_TRACE(name);
    auto text = RenderSavLists(f.rib, f.lists, *ParseSavFormat(name), options);
    ASSERT_TRUE(text);
    const std::string path = dir + "/sav/golden/" + name + ".txt";
    if (std::getenv("MANRS_UPDATE_GOLDENS")) {
      std::ofstream(path, std::ios::binary) << *text;
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in) << path;
    const std::string want((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(*text, want);
  }
}

}  // namespace
}  // namespace manrs
