// CAIDA as-rel parsing on hand-written text (comments, siblings, serial-2's
// fourth field, every kind of bad line) and on a real inference file.
#include "manrs/validate/as_relationships.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

#include "manrs/base/input.h"

namespace manrs {
namespace {

std::string TestFile(const std::string& name) { return std::string(MANRS_TESTDATA) + "/" + name; }

TEST(AsRelationshipsTest, ParsesTheThreeRelationsBothWays) {
  ProblemLog problems;
  auto rel = AsRelationships::Parse(
      "# source:topology|BGP|20160101|routeviews|route-views\n"
      "# inferred clique: 174 209 286\n"
      "174|11713|-1\n"
      "1764|31019|0\n"
      "  3356|3549|1  \r\n"
      "\n"
      "3257|16851|-1|bgp\n",
      "as-rel.txt", problems);
  ASSERT_TRUE(rel) << rel.error().message;
  EXPECT_EQ(problems.count(), 0u);
  EXPECT_EQ(rel->link_count(), 4u);
  EXPECT_EQ(rel->RelationOf(174, 11713), AsRelation::kCustomer);
  EXPECT_EQ(rel->RelationOf(11713, 174), AsRelation::kProvider);
  EXPECT_EQ(rel->RelationOf(1764, 31019), AsRelation::kPeer);
  EXPECT_EQ(rel->RelationOf(31019, 1764), AsRelation::kPeer);
  EXPECT_EQ(rel->RelationOf(3356, 3549), AsRelation::kSibling);
  EXPECT_EQ(rel->RelationOf(3549, 3356), AsRelation::kSibling);
  EXPECT_EQ(rel->RelationOf(16851, 3257), AsRelation::kProvider);
  EXPECT_EQ(rel->RelationOf(174, 3356), AsRelation::kUnknown);
  EXPECT_EQ(rel->stats().lines, 7u);
  EXPECT_EQ(rel->stats().comments, 3u);
  EXPECT_EQ(rel->stats().links, 4u);
  EXPECT_STREQ(AsRelationName(AsRelation::kProvider), "provider");
}

TEST(AsRelationshipsTest, BadLinesAreReportedWithTheirNumbers) {
  ProblemLog problems;
  auto rel = AsRelationships::Parse(
      "1|2|-1\n"          // 1
      "1|2\n"             // 2: two fields
      "1|2|-1|x|y\n"      // 3: five fields
      "a|2|0\n"           // 4: bad AS
      "1|4294967296|0\n"  // 5: AS out of range
      "1|3|2\n"           // 6: relation 2
      "1|3|-1x\n"         // 7: not a number
      "7|7|0\n"           // 8: self link
      "1|2|-1\n"          // 9: duplicate, silent
      "2|1|-1\n"          // 10: conflict (2 is the customer of 1)
      "1|2|0\n",          // 11: conflict
      "bad.txt", problems);
  ASSERT_TRUE(rel) << rel.error().message;
  EXPECT_EQ(rel->link_count(), 1u);
  EXPECT_EQ(rel->RelationOf(1, 2), AsRelation::kCustomer);
  EXPECT_EQ(rel->stats().bad_lines, 7u);
  EXPECT_EQ(rel->stats().duplicates, 1u);
  EXPECT_EQ(rel->stats().conflicts, 2u);
  ASSERT_EQ(problems.count(), 9u);
  // Each problem with its line and the byte offset where that line starts.
  const std::vector<std::uint64_t> lines = {2, 3, 4, 5, 6, 7, 8, 10, 11};
  const std::vector<std::uint64_t> offsets = {7, 11, 22, 28, 43, 49, 57, 70, 77};
  for (std::size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(problems.kept()[i].line, lines[i]);
    EXPECT_EQ(problems.kept()[i].offset, offsets[i]) << "line " << lines[i];
    EXPECT_EQ(problems.kept()[i].source, "bad.txt");
  }
  EXPECT_EQ(problems.kept()[4].message, "relation must be -1, 0 or 1, got '2'");
  EXPECT_EQ(problems.kept()[7].message, "AS1 is already a provider of AS2; '2|1|-1' ignored");
}

TEST(AsRelationshipsTest, CutFilesAreReadInPartAlikeCompressedOrNot) {
  // The real as-rel file, cut in the middle of a line: plain and gzip alike
  // keep the complete lines before the cut and report where it is.
  std::ifstream in(TestFile("asrel/mthodi-toposcope__2016_inferred_rel.txt.gz"), std::ios::binary);
  const std::string gz(std::istreambuf_iterator<char>(in), {});
  const std::string dir = ::testing::TempDir();
  std::ofstream(dir + "/cut.txt.gz", std::ios::binary)
      .write(gz.data(), static_cast<std::streamsize>(gz.size() / 2));
  ProblemLog gz_problems;
  auto from_gz = AsRelationships::Load(dir + "/cut.txt.gz", gz_problems);
  ASSERT_TRUE(from_gz) << from_gz.error().message;
  ASSERT_EQ(gz_problems.count(), 1u);
  const Problem& cut = gz_problems.kept()[0];
  EXPECT_NE(cut.message.find("gzip"), std::string::npos) << cut.message;
  EXPECT_EQ(cut.message.find(dir), std::string::npos) << "the path twice: " << cut.message;

  // The text, uncompressed and cut inside its last line: read in part alike.
  std::optional<Error> damage;
  auto recovered = ReadWholeInput(dir + "/cut.txt.gz", &damage);
  ASSERT_TRUE(recovered);
  ASSERT_TRUE(damage);  // without a place for the damage, an error
  EXPECT_FALSE(ReadWholeInput(dir + "/cut.txt.gz"));
  std::string text = *recovered;
  text.resize(text.rfind('\n') + 1);  // what the gzip load kept
  EXPECT_EQ(cut.offset, text.size());
  const std::string cut_line = "1|2";  // a line cut short
  std::ofstream(dir + "/cut.txt", std::ios::binary) << text << cut_line;
  ProblemLog plain_problems;
  auto from_plain = AsRelationships::Load(dir + "/cut.txt", plain_problems);
  ASSERT_TRUE(from_plain) << from_plain.error().message;
  ASSERT_EQ(plain_problems.count(), 1u);
  EXPECT_NE(plain_problems.kept()[0].message.find("ends inside a line"), std::string::npos);
  EXPECT_EQ(plain_problems.kept()[0].offset, text.size());
  EXPECT_EQ(plain_problems.kept()[0].line, cut.line);
  EXPECT_EQ(from_plain->link_count(), from_gz->link_count());
  EXPECT_GT(from_gz->link_count(), 1000u);
  std::remove((dir + "/cut.txt.gz").c_str());
  std::remove((dir + "/cut.txt").c_str());
}

TEST(AsRelationshipsTest, NothingUsableIsAnError) {
  ProblemLog problems;
  EXPECT_FALSE(AsRelationships::Parse("", "empty", problems));
  EXPECT_FALSE(AsRelationships::Parse("# only a comment\n", "comment", problems));
  EXPECT_FALSE(AsRelationships::Parse("x|y|z\n", "junk", problems));
  EXPECT_EQ(problems.count(), 1u);
  EXPECT_FALSE(AsRelationships::Load(TestFile("asrel/no-such-file"), problems));
}

TEST(AsRelationshipsTest, AddKeepsTheFirstRelation) {
  AsRelationships rel;
  EXPECT_TRUE(rel.Add(10, 20, -1));
  EXPECT_FALSE(rel.Add(20, 10, -1));
  EXPECT_FALSE(rel.Add(10, 20, 0));
  EXPECT_FALSE(rel.Add(30, 30, 0));
  EXPECT_FALSE(rel.Add(30, 40, 5));
  EXPECT_EQ(rel.RelationOf(10, 20), AsRelation::kCustomer);
  EXPECT_EQ(rel.link_count(), 1u);
}

// A real gzip'd inference file (TopoScope/ASRank, 2016): 80,865 lines.
TEST(AsRelationshipsTest, RealInferenceFile) {
  ProblemLog problems;
  auto rel =
      AsRelationships::Load(TestFile("asrel/mthodi-toposcope__2016_inferred_rel.txt.gz"), problems);
  ASSERT_TRUE(rel) << rel.error().message;
  EXPECT_EQ(problems.count(), 0u);
  const AsRelationshipStats& st = rel->stats();
  EXPECT_EQ(st.lines, 80865u);
  EXPECT_EQ(st.links + st.duplicates + st.conflicts + st.comments + st.bad_lines, st.lines);
  EXPECT_EQ(rel->link_count(), st.links);
  EXPECT_EQ(st.links, 80810u);
  EXPECT_EQ(st.duplicates, 55u);
  // Its first lines: 174|11713|-1, 12389|44905|-1.
  EXPECT_EQ(rel->RelationOf(174, 11713), AsRelation::kCustomer);
  EXPECT_EQ(rel->RelationOf(44905, 12389), AsRelation::kProvider);
}

}  // namespace
}  // namespace manrs
