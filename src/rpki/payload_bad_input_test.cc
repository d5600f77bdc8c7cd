// Bad input to the payload loader: every kind of bad entry is reported where
// it is (the byte offset of the JSON entry, the CSV line) and skipped while
// the good entries load; malformed JSON is recovered entry by entry; a file
// with nothing usable, or that is no payload file at all, is an error.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "manrs/rpki/payload_loader.h"

namespace manrs {
namespace {

std::string Sample(const std::string& name) {
  std::ifstream in(std::string(MANRS_TESTDATA) + "/rpki/" + name, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Vrp V(const char* prefix, int max_length, Asn asn) {
  return Vrp{*Prefix::Parse(prefix), static_cast<std::uint8_t>(max_length), asn};
}

// Offsets of the starts of the lines of text.
std::vector<std::uint64_t> LineStarts(const std::string& text) {
  std::vector<std::uint64_t> starts{0};
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts.push_back(i + 1);
  }
  return starts;
}

bool Has(const std::string& message, const std::string& part) {
  return message.find(part) != std::string::npos;
}

// One bad entry of each kind per line, between good ones. Line 2 + i holds roas[i].
const char kEveryBadKind[] =
    R"({"metadata": {"buildmachine": "test", "buildtime": "2025-01-01T00:00:00Z"},
"roas": [
{"asn": 64496, "prefix": "192.0.2.0/24", "maxLength": 24, "ta": "good"},
{"asn": 64496, "prefix": "192.0.2.0/33", "maxLength": 33, "ta": "v4 length out of range"},
{"asn": 64496, "prefix": "2001:db8::/129", "maxLength": 129, "ta": "v6 length out of range"},
{"asn": 64496, "prefix": "198.51.100.0/24", "maxLength": 16, "ta": "maxLength below length"},
{"asn": 64496, "prefix": "198.51.100.0/24", "maxLength": 33, "ta": "maxLength above 32"},
{"asn": 64496, "prefix": "198.51.100.1/24", "maxLength": 24, "ta": "host bits"},
{"asn": "ASX", "prefix": "203.0.113.0/24", "maxLength": 24, "ta": "bad as"},
{"asn": 4294967296, "prefix": "203.0.113.0/24", "maxLength": 24, "ta": "as out of range"},
{"asn": 64496, "prefix": "203.0.113.0/24", "ta": "no maxLength"},
{"asn": 64496, "prefix": 203, "maxLength": 24, "ta": "prefix not a string"},
{"asn": 64496, "prefix": "203.0.113.0/24", "maxLength": 24, "maxLength": 25, "ta": "twice"},
{"asn": 64496, "prefix": "203.0.113.0/24", "maxLength": -1, "ta": "negative"},
{"asn": 64496, "prefix": "203.0.113.0/24x", "maxLength": 24, "ta": "junk in prefix"},
"not an object",
{"asn": 64496, "prefix": "192.0.2.0/24", "maxLength": 24, "ta": "duplicate"},
{"asn": 64497, "prefix": "2001:db8::/32", "maxLength": 48, "ta": "good"}
]}
)";

TEST(PayloadBadInputTest, EveryBadEntryKindReportedWhereItIs) {
  const std::string text = kEveryBadKind;
  ProblemLog log;
  PayloadLoadInfo info;
  auto p = ParseRpkiPayloads(text, "every-bad-kind.json", log, PayloadFormat::kAuto, &info);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->vrps,
            (std::vector<Vrp>{V("192.0.2.0/24", 24, 64496), V("2001:db8::/32", 48, 64497)}));
  EXPECT_EQ(p->build_time, 1735689600);  // 2025-01-01T00:00:00Z
  EXPECT_EQ(info.bad_entries, 13u);
  EXPECT_EQ(info.duplicates, 1u);

  struct Expected {
    std::size_t index;
    const char* says;
  };
  const std::vector<Expected> expected = {
      {1, "has length 33, more than 32"},
      {2, "has length 129, more than 128"},
      {3, "max length 16 below the length of 198.51.100.0/24"},
      {4, "max length 33 above 32"},
      {5, "has host bits set"},
      {6, "bad as number 'ASX'"},
      {7, "as number 4294967296 out of range"},
      {8, "no maxLength"},
      {9, "prefix 203 is not a string"},
      {10, "repeated member 'maxLength'"},
      {11, "max length -1 below"},
      {12, "has a bad length"},
      {13, "not an object"},
      {14, "duplicate vrp 192.0.2.0/24-24 AS64496 (first at byte "},
  };
  const auto lines = LineStarts(text);
  ASSERT_EQ(log.count(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Problem& problem = log.kept()[i];
    EXPECT_EQ(problem.source, "every-bad-kind.json");
    EXPECT_EQ(problem.offset, lines[2 + expected[i].index]) << problem.message;
    EXPECT_TRUE(Has(problem.message, expected[i].says)) << problem.message;
    if (expected[i].index != 14) {
      EXPECT_TRUE(Has(problem.message, "roas[" + std::to_string(expected[i].index) + "]: "))
          << problem.message;
    }
  }
  // The duplicate names where the first one is.
  EXPECT_TRUE(Has(log.kept().back().message, "byte " + std::to_string(lines[2])));
}

TEST(PayloadBadInputTest, OnlyBadEntriesIsAnError) {
  ProblemLog log;
  auto p = ParseRpkiPayloads(R"({"roas": [
    {"asn": 1, "prefix": "10.0.0.0/33", "maxLength": 33},
    {"asn": 1, "prefix": "10.0.0.0/8", "maxLength": 7}]})",
                             "bad.json", log);
  ASSERT_FALSE(p);
  EXPECT_TRUE(Has(p.error().message, "no usable entry: all 2 entries are bad"));
  EXPECT_EQ(log.count(), 2u);  // and each is still reported

  ProblemLog csv_log;
  auto csv = ParseRpkiPayloads("ASN,IP Prefix,Max Length\nAS1,10.0.0.0/8,4\nASx,10.0.0.0/8,8\n",
                               "bad.csv", csv_log);
  ASSERT_FALSE(csv);
  EXPECT_EQ(csv_log.count(), 2u);
}

TEST(PayloadBadInputTest, NotAPayloadFileIsAnError) {
  for (const char* text : {"", "   \n", "hello world\n", "[1, 2, 3]", "\x1f\x8b\x08garbage",
                           "{garbage", R"({"foo": 1})", R"({"roas": []})",
                           R"({"roas": {"asn": 1}})", "ASN;IP Prefix;Max Length\n"}) {
    ProblemLog log;
    auto p = ParseRpkiPayloads(text, "x", log);
    EXPECT_FALSE(p) << "accepted: " << text;
  }
}

TEST(PayloadBadInputTest, CsvBadLinesByLineNumber) {
  const std::string text =
      "ASN,IP Prefix,Max Length,Trust Anchor\n"
      "AS64496,192.0.2.0/24,24,ripe\n"
      "AS64496,192.0.2.0/24,16,ripe\n"   // line 3: max length below
      "\n"                               // blank lines are skipped
      "AS64496,192.0.2.0/24\n"           // line 5: too few fields
      "AS64496,192.0.2.0/40,40,ripe\n"   // line 6: length
      "64496,192.0.2.0/24,24,ripe\n"     // line 7: duplicate (64496 = AS64496)
      "AS64496,192.0.2.0/24,x24,ripe\n"  // line 8: max length not a number
      "AS64497,2001:db8::/32,48,apnic\n";
  ProblemLog log;
  PayloadLoadInfo info;
  auto p = ParseRpkiPayloads(text, "x.csv", log, PayloadFormat::kAuto, &info);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->vrps.size(), 2u);
  const std::vector<std::uint64_t> lines = {3, 5, 6, 7, 8};
  ASSERT_EQ(log.count(), lines.size());
  // Each with its line and the byte where that line starts.
  for (std::size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(log.kept()[i].line, lines[i]);
    std::size_t start = 0;
    for (std::uint64_t l = 1; l < lines[i]; ++l) start = text.find('\n', start) + 1;
    EXPECT_EQ(log.kept()[i].offset, start) << "line " << lines[i];
    EXPECT_FALSE(log.kept()[i].message.starts_with("line ")) << log.kept()[i].message;
  }
  EXPECT_TRUE(Has(log.kept()[3].message, "first at line 2"));
}

// HACKING.md: every truncation is rejected. A CSV cut inside a line is
// refused whole (its last line has no newline), with the file, the line and
// the byte where that line starts; a cut right after a newline leaves a
// well-formed shorter file, which loads exactly its complete lines.
TEST(PayloadBadInputTest, CsvEveryTruncationInsideALineIsRefusedWhole) {
  const std::string text =
      "ASN,IP Prefix,Max Length,Trust Anchor\n"
      "AS13335,1.1.1.0/24,24,apnic\n"
      "AS64496,192.0.2.0/24,24,ripe\n"
      "AS64497,2001:db8::/32,48,arin\n";
  std::size_t loaded_cuts = 0;
  for (std::size_t cut = 0; cut < text.size(); ++cut) {
    const std::string part = text.substr(0, cut);
    ProblemLog log;
    auto p = ParseRpkiPayloads(part, "cut.csv", log);
    const std::size_t lines = static_cast<std::size_t>(std::count(part.begin(), part.end(), '\n'));
    if (cut > 0 && part.back() == '\n' && lines > 1) {
      ASSERT_TRUE(p) << "cut at " << cut << ": " << p.error().message;
      EXPECT_EQ(p->vrps.size(), lines - 1) << "cut at " << cut;
      EXPECT_EQ(log.count(), 0u) << "cut at " << cut;
      ++loaded_cuts;
      continue;
    }
    ASSERT_FALSE(p) << "cut at " << cut << " loaded " << p->vrps.size() << " vrps";
    if (lines == 0) continue;   // inside the header: not a payload file at all
    if (part.back() == '\n') {  // the header alone
      EXPECT_TRUE(Has(p.error().message, "no vrps")) << p.error().message;
      continue;
    }
    EXPECT_TRUE(Has(p.error().message, "does not parse to its end")) << p.error().message;
    const std::size_t last_start = part.rfind('\n') + 1;
    EXPECT_EQ(p.error().offset, last_start) << "cut at " << cut;
    bool reported = false;
    for (const auto& problem : log.kept()) {
      if (problem.line == lines + 1 && problem.offset == last_start &&
          Has(problem.message, "looks cut") && problem.source == "cut.csv") {
        reported = true;
      }
    }
    EXPECT_TRUE(reported) << "cut at " << cut;
  }
  EXPECT_EQ(loaded_cuts, 2u);  // after lines 2 and 3 (the header alone holds no entry)
  ProblemLog log;
  auto whole = ParseRpkiPayloads(text, "whole.csv", log);
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->vrps.size(), 3u);
}

// Three good entries with the JSON broken in various ways around the middle.
Result<RpkiPayloads> ParseWithBreak(const std::string& middle, ProblemLog* log) {
  const std::string text =
      "{\"roas\": [\n"
      "{\"asn\": 1, \"prefix\": \"10.0.0.0/8\", \"maxLength\": 8},\n" +
      middle +
      "{\"asn\": 3, \"prefix\": \"10.3.0.0/16\", \"maxLength\": 16}\n"
      "],\n\"aspas\": [{\"customer_asid\": 1, \"providers\": [2]}]}\n";
  return ParseRpkiPayloads(text, "broken.json", *log);
}

TEST(PayloadBadInputTest, MalformedJsonIsRefusedWithTheProblemsLocated) {
  // A document that does not parse to its end is refused whole (a cut file
  // would pass for a smaller set); its entries are still walked one by one
  // so that every problem is reported where it is.
  {  // a missing comma
    ProblemLog log;
    auto p = ParseWithBreak("{\"asn\": 2, \"prefix\": \"10.2.0.0/16\", \"maxLength\": 16}\n", &log);
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().code, ErrorCode::kParse);
    EXPECT_TRUE(Has(p.error().message, "does not parse to its end")) << p.error().message;
    ASSERT_EQ(log.count(), 1u);
    EXPECT_TRUE(Has(log.kept()[0].message, "malformed json near byte"));
  }
  {  // a missing '}': the entry is located
    ProblemLog log;
    auto p = ParseWithBreak("{\"asn\": 2, \"prefix\": \"10.2.0.0/16\", \"maxLength\": 16,\n", &log);
    ASSERT_FALSE(p);
    bool entry_reported = false;
    for (const auto& problem : log.kept()) {
      if (Has(problem.message, "roas[1]: malformed json")) {
        entry_reported = true;
        EXPECT_EQ(problem.offset, 63u);  // where roas[1] starts
      }
    }
    EXPECT_TRUE(entry_reported);
  }
  for (const char* middle :
       {"{\"asn\": 2, \"prefix\": \"10.2.0.0/16, \"maxLength\": 16},\n",
        "{\"asn\": 2, \"prefix\": \"10.2.0.0/16\", \"maxLength\": 16},\n@@@ ,\n"}) {
    ProblemLog log;
    auto p = ParseWithBreak(middle, &log);
    EXPECT_FALSE(p) << middle;
    EXPECT_GE(log.count(), 1u);
  }
}

TEST(PayloadBadInputTest, TruncatedFileIsRefusedWhole) {
  // The RTR cache once served 702,630 of 723,521 VRPs and no ASPA from a file
  // cut at 97 %: a cut document loads nothing, at every cut.
  const std::string full = Sample("rpkilog__roa_test.rpkiclient2023.json");
  std::size_t cut = full.find("\"roas\": [");
  for (int i = 0; i < 101; ++i) cut = full.find('\n', cut) + 1;
  for (const std::size_t at : {cut, cut + 30, full.size() * 97 / 100, full.size() - 3}) {
    ProblemLog log;
    auto p = ParseRpkiPayloads(full.substr(0, at), "cut.json", log);
    ASSERT_FALSE(p) << "cut at " << at;
    EXPECT_TRUE(Has(p.error().message, "does not parse to its end")) << p.error().message;
    EXPECT_GE(log.count(), 1u);
  }
  ProblemLog log;
  ASSERT_TRUE(ParseRpkiPayloads(full, "whole.json", log));
}

TEST(PayloadBadInputTest, TruncatedCompressedFileIsRefusedWhole) {
  const std::string path =
      std::string(MANRS_TESTDATA) + "/rpki/rpkilog__rpkiclient_summary_20250720T093135Z.json.bz2";
  std::ifstream in(path, std::ios::binary);
  std::string bytes(std::istreambuf_iterator<char>(in), {});
  const std::string cut_path = ::testing::TempDir() + "/cut_vrps.json.bz2";
  std::ofstream(cut_path, std::ios::binary)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size() / 2));
  ProblemLog log;
  auto p = LoadRpkiPayloads(cut_path, log);
  ASSERT_FALSE(p);
  EXPECT_TRUE(Has(p.error().message, "bzip2")) << p.error().message;
  std::remove(cut_path.c_str());
}

TEST(PayloadBadInputTest, BytesAfterTheDocument) {
  ProblemLog log;
  auto p = ParseRpkiPayloads(
      R"({"roas": [{"asn": 1, "prefix": "10.0.0.0/8", "maxLength": 8}]} {"roas": []})", "x", log);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().offset, 63u);
  ASSERT_EQ(log.count(), 1u);
  EXPECT_EQ(log.kept()[0].offset, 63u);
  EXPECT_TRUE(Has(log.kept()[0].message, "bytes after the json object"));
}

TEST(PayloadBadInputTest, ByteOrderMarkIsNotAProblem) {
  struct Case {
    const char* text;
    std::uint64_t duplicate_at;  // counted from the mark
    std::uint64_t line;          // CSV: the line; JSON: 0
  };
  for (const Case& c : {
           Case{"\xEF\xBB\xBF{\"roas\": [{\"asn\": 1, \"prefix\": \"10.0.0.0/8\", \"maxLength\": "
                "8},\n"
                "{\"asn\": 1, \"prefix\": \"10.0.0.0/8\", \"maxLength\": 8}]}",
                3 + 62, 0},
           Case{"\xEF\xBB\xBF\"ASN\",\"IP Prefix\",\"Max "
                "Length\"\nAS1,10.0.0.0/8,8\nAS1,10.0.0.0/8,8\n",
                3 + 31 + 17, 3},
       }) {
    ProblemLog log;
    auto p = ParseRpkiPayloads(c.text, "bom", log);
    ASSERT_TRUE(p) << p.error().message;
    EXPECT_EQ(p->vrps.size(), 1u);
    ASSERT_EQ(log.count(), 1u);  // only the duplicate
    EXPECT_EQ(log.kept()[0].offset, c.duplicate_at) << log.kept()[0].message;
    EXPECT_EQ(log.kept()[0].line, c.line);
  }
}

TEST(PayloadBadInputTest, BadAspasAndRouterKeys) {
  ProblemLog log;
  PayloadLoadInfo info;
  auto p = ParseRpkiPayloads(R"({"roas": [],
    "aspas": [{"customer_asid": 1, "providers": [2]},
              {"customer_asid": 1, "providers": [3]},
              {"customer_asid": 5, "providers": []},
              {"providers": [3]},
              {"customer_asid": 6, "providers": ["AS-X"]}],
    "bgpsec_keys": [{"asn": 1, "ski": "0011", "pubkey": "AAAA"},
                    {"asn": 1, "ski": "BE889B55D0B737397D75C49F485B858FA98AD11F", "pubkey": "!"},
                    {"asn": 1, "ski": "BE889B55D0B737397D75C49F485B858FA98AD11F", "pubkey": "AAAA"}]})",
                             "x", log, PayloadFormat::kAuto, &info);
  ASSERT_TRUE(p) << p.error().message;
  // Two entries for customer 1 in one list: reported, merged.
  EXPECT_EQ(p->aspas, (std::vector<Aspa>{{1, {2, 3}}}));
  EXPECT_EQ(info.duplicates, 1u);
  EXPECT_EQ(p->router_keys.size(), 1u);
  EXPECT_EQ(info.bad_entries, 5u);
  EXPECT_EQ(log.count(), 6u);
  for (const auto& problem : log.kept()) EXPECT_GT(problem.offset, 0u) << problem.message;
}

}  // namespace
}  // namespace manrs
