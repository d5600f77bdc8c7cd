// ElementReader on whole real files: element and problem counts, and the
// pull (Next) and push (ForEach) interfaces agreeing.
#include "manrs/mrt/element_reader.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>
#include <utility>

namespace manrs {
namespace {

std::string TestFile(const std::string& name) {
  return std::string(MANRS_TESTDATA) + "/mrt/" + name;
}

struct Counts {
  std::uint64_t elements = 0;
  std::uint64_t by_type[4] = {};
  std::set<std::pair<IpAddress, Asn>> peers;
  std::uint64_t problems = 0;
  std::uint64_t records = 0;
};

Counts CountWithForEach(const std::string& name) {
  Counts c;
  ProblemLog problems;
  auto reader = ElementReader::Open(TestFile(name), problems);
  EXPECT_TRUE(reader) << name;
  if (!reader) return c;
  (*reader)->ForEach([&c](const Element& e) {
    ++c.elements;
    ++c.by_type[static_cast<int>(e.type)];
    c.peers.insert({e.peer_ip, e.peer_asn});
    if (e.type == ElementType::kRibEntry || e.type == ElementType::kAnnounce) {
      EXPECT_NE(e.attributes, nullptr);
    }
  });
  c.problems = problems.count();
  c.records = (*reader)->stats().records;
  return c;
}

Counts CountWithNext(const std::string& name) {
  Counts c;
  ProblemLog problems;
  auto reader = ElementReader::Open(TestFile(name), problems);
  EXPECT_TRUE(reader) << name;
  if (!reader) return c;
  while (const Element* e = (*reader)->Next()) {
    ++c.elements;
    ++c.by_type[static_cast<int>(e->type)];
    c.peers.insert({e->peer_ip, e->peer_asn});
  }
  c.problems = problems.count();
  c.records = (*reader)->stats().records;
  return c;
}

constexpr int kRib = static_cast<int>(ElementType::kRibEntry);

TEST(ElementReaderTest, RouteViewsRibHasAllItsEntries) {
  // A whole RouteViews TABLE_DUMP_V2 RIB: one PEER_INDEX_TABLE of 14 peers,
  // then a RIB record per prefix with one entry per peer holding it.
  const char* name = "libbgpstream__routeviews.route-views.jinx.ribs.1401487200.bz2";
  Counts c = CountWithForEach(name);
  EXPECT_EQ(c.elements, 503590u);
  EXPECT_EQ(c.by_type[kRib], 503590u);
  EXPECT_EQ(c.peers.size(), 14u);
  EXPECT_EQ(c.problems, 0u);

  ProblemLog problems;
  auto reader = ElementReader::Open(TestFile(name), problems);
  ASSERT_TRUE(reader);
  ASSERT_NE((*reader)->Next(), nullptr);
  EXPECT_TRUE((*reader)->decoder().has_peer_index());
  EXPECT_EQ((*reader)->decoder().peer_index().peers.size(), 14u);
}

TEST(ElementReaderTest, ExtendedTimestampUpdates) {
  // BGP4MP_ET: one peer sending its full table.
  Counts c = CountWithForEach("bgpdump__updates.et-header.2015.gz");
  EXPECT_EQ(c.elements, 577744u);
  EXPECT_EQ(c.problems, 0u);
}

TEST(ElementReaderTest, TruncatedBzip2YieldsWhatItHoldsAndOneProblem) {
  // The first MiB of a bzip2 file: every record the recoverable data holds,
  // then one problem for the cut (the record it cuts short is the same
  // incident and is not reported again).
  Counts c = CountWithForEach("pyasn__rib.20080501.0644_firstMB.bz2");
  EXPECT_EQ(c.elements, 139291u);
  EXPECT_EQ(c.by_type[kRib], 139291u);
  EXPECT_EQ(c.problems, 1u);
}

TEST(ElementReaderTest, RibRecordsWithoutPeerIndexTableYieldNothing) {
  // TABLE_DUMP_V2 RIB records refer to peers by index into a
  // PEER_INDEX_TABLE (RFC 6396 4.3.4); without one they cannot be read.
  Counts c = CountWithForEach("pyasn__bview.20140112.1600_3samples.bz2");
  EXPECT_EQ(c.elements, 0u);
  EXPECT_EQ(c.records, 3u);
  EXPECT_EQ(c.problems, 3u);
}

TEST(ElementReaderTest, NextAndForEachAgree) {
  const char* files[] = {
      "bgpdump__updates.20100722.2015.gz", "bgpkit__ripe_rrc00_1999.09_updates.19990903.1041.gz",
      "mrtparse__bird-mrtdump_rib",        "bgpdump__bview.ipv6_unicast_add_path.gz",
      "mrtparse__openbgpd_rib_table",      "pyasn__bview.20140112.1600_3samples.bz2",
  };
  for (const char* name : files) {
    SCOPED_TRACE(name);
    Counts a = CountWithForEach(name);
    Counts b = CountWithNext(name);
    EXPECT_GT(a.records, 0u);
    EXPECT_EQ(a.elements, b.elements);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(a.by_type[i], b.by_type[i]);
    EXPECT_EQ(a.peers, b.peers);
    EXPECT_EQ(a.problems, b.problems);
    EXPECT_EQ(a.records, b.records);
  }
}

TEST(ElementReaderTest, MissingFileIsAnError) {
  ProblemLog problems;
  auto reader = ElementReader::Open(TestFile("no-such-file.gz"), problems);
  ASSERT_FALSE(reader);
  EXPECT_EQ(reader.error().code, ErrorCode::kIo);
}

}  // namespace
}  // namespace manrs
