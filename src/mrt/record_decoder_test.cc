// RecordReader + RecordDecoder on real records taken from testdata/mrt:
// every truncation is reported and never crashes, damage between records is
// reported once and skipped, unknown types are reported once.
#include "manrs/mrt/record_decoder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "manrs/base/input.h"
#include "manrs/mrt/record_reader.h"

namespace manrs {
namespace {

using ByteVector = std::vector<std::uint8_t>;

std::string TestFile(const std::string& name) {
  return std::string(MANRS_TESTDATA) + "/mrt/" + name;
}

void PutU16(ByteVector* out, std::uint32_t v) {
  out->push_back(static_cast<std::uint8_t>(v >> 8));
  out->push_back(static_cast<std::uint8_t>(v));
}
void PutU32(ByteVector* out, std::uint32_t v) {
  PutU16(out, v >> 16);
  PutU16(out, v);
}

// A record as on the wire: header (with the microseconds of the extended
// timestamp types), then the body.
ByteVector RecordBytes(std::uint32_t timestamp, std::uint16_t type, std::uint16_t subtype,
                       std::uint32_t microseconds, const std::uint8_t* body, std::size_t size) {
  ByteVector out;
  bool et = IsExtendedTimestamp(type);
  PutU32(&out, timestamp);
  PutU16(&out, type);
  PutU16(&out, subtype);
  PutU32(&out, static_cast<std::uint32_t>(size + (et ? 4 : 0)));
  if (et) PutU32(&out, microseconds);
  out.insert(out.end(), body, body + size);
  return out;
}

const std::uint8_t* AsU8(Bytes b) { return reinterpret_cast<const std::uint8_t*>(b.data()); }

bool Any(const std::vector<Element>&) { return true; }
bool SomeElements(const std::vector<Element>& e) { return !e.empty(); }

struct Sample {
  RawRecord record;  // body points into bytes
  ByteVector bytes;  // the whole record
  ByteVector body;
  ByteVector context;  // records it depends on (the PEER_INDEX_TABLE)

  // The record with its body cut to n octets and the header length to match.
  ByteVector CutBody(std::size_t n) const {
    return RecordBytes(record.timestamp, record.type, record.subtype, record.microseconds,
                       body.data(), n);
  }
};

// The first record of the file with this type and subtype for which accept
// (given the elements it decodes to) returns true; with the file's last
// PEER_INDEX_TABLE before it as context.
Sample FindRecord(const std::string& file, std::uint16_t type, std::uint16_t subtype,
                  const std::function<bool(const std::vector<Element>&)>& accept) {
  Sample sample;
  auto input = OpenInput(TestFile(file));
  EXPECT_TRUE(input) << file;
  if (!input) return sample;
  ProblemLog problems;
  RecordReader reader(**input, problems);
  RecordDecoder decoder(file, problems);
  std::vector<Element> elements;
  RawRecord r;
  while (reader.Next(&r)) {
    decoder.Decode(r, &elements);
    if (r.type == kMrtTableDumpV2 && r.subtype == kPeerIndexTable && type == kMrtTableDumpV2 &&
        subtype != kPeerIndexTable) {
      sample.context = RecordBytes(r.timestamp, r.type, r.subtype, 0, AsU8(r.body), r.body.size());
    }
    if (r.type == type && r.subtype == subtype && accept(elements)) {
      sample.body.assign(AsU8(r.body), AsU8(r.body) + r.body.size());
      sample.record = r;
      sample.bytes =
          RecordBytes(r.timestamp, r.type, r.subtype, r.microseconds, AsU8(r.body), r.body.size());
      return sample;
    }
  }
  ADD_FAILURE() << "no record " << type << "/" << subtype << " in " << file;
  return sample;
}

// What a stream decodes to: one line per element and the problems.
struct Decoded {
  std::vector<std::string> elements;
  std::vector<std::uint64_t> record_offsets;  // of each element's record
  std::vector<Problem> problems;
  std::uint64_t records = 0;
};

std::string Describe(const Element& e) {
  std::string s = fmt::format("{} {} {} {}", ElementTypeName(e.type), e.peer_ip.ToString(),
                              e.peer_asn, e.prefix.ToString());
  if (e.attributes) {
    s = fmt::format("{} {} {}", s, e.attributes->path().ToString(), e.next_hop().ToString());
  }
  return s;
}

Decoded DecodeStream(const ByteVector& stream) {
  Decoded out;
  // A copy of exactly the stream's size, so that a sanitizer build catches
  // any read past its end.
  std::vector<std::byte> data(stream.size());
  if (!stream.empty()) std::memcpy(data.data(), stream.data(), stream.size());
  auto input = OpenMemoryInput(Bytes(data.data(), data.size()), "stream");
  ProblemLog problems;
  RecordReader reader(*input, problems);
  RecordDecoder decoder("stream", problems);
  std::vector<Element> elements;
  RawRecord r;
  while (reader.Next(&r)) {
    decoder.Decode(r, &elements);
    for (const Element& e : elements) {
      out.elements.push_back(Describe(e));
      out.record_offsets.push_back(e.record_offset);
    }
  }
  out.records = reader.records();
  out.problems = problems.kept();
  return out;
}

ByteVector Concat(std::initializer_list<const ByteVector*> parts) {
  ByteVector out;
  for (const ByteVector* p : parts) out.insert(out.end(), p->begin(), p->end());
  return out;
}

struct SampleSpec {
  const char* file;
  std::uint16_t type;
  std::uint16_t subtype;
  bool (*accept)(const std::vector<Element>&);
};

// TABLE_DUMP, TABLE_DUMP_V2 (PEER_INDEX_TABLE, RIBs of both families and
// with ADD-PATH), BGP4MP and BGP4MP_ET messages and state changes, and the
// deprecated BGP type.
const SampleSpec kSamples[] = {
    {"bgpdump__bview.20020722.2337.gz", kMrtTableDump, 1, SomeElements},
    {"mrtparse__openbgpd_rib_table", kMrtTableDump, 2, SomeElements},
    {"libbgpstream__routeviews.route-views.jinx.ribs.1401487200.bz2", kMrtTableDumpV2,
     kPeerIndexTable, Any},
    {"libbgpstream__routeviews.route-views.jinx.ribs.1401487200.bz2", kMrtTableDumpV2,
     kRibIpv4Unicast, SomeElements},
    {"mrtparse__quagga_rib", kMrtTableDumpV2, kRibIpv6Unicast, SomeElements},
    {"bgpdump__bview.ipv4_unicast_add_path.gz", kMrtTableDumpV2, kRibIpv4UnicastAddPath,
     SomeElements},
    {"bgpdump__updates.et-header.2015.gz", kMrtBgp4mpEt, kBgp4mpMessageAs4, SomeElements},
    {"libbgpstream__ris.rrc06.updates.1401488100.gz", kMrtBgp4mp, kBgp4mpMessageAs4, SomeElements},
    {"bgpdump__updates.20020722.2238.gz", kMrtBgp4mp, kBgp4mpMessage, SomeElements},
    {"bgpdump__updates.20020722.2238.gz", kMrtBgp4mp, kBgp4mpStateChange, SomeElements},
    {"libbgpstream__ris.rrc06.updates.1401488100.gz", kMrtBgp4mp, kBgp4mpStateChangeAs4,
     SomeElements},
    {"bgpkit__ripe_rrc00_1999.09_updates.19990903.1041.gz", kMrtBgp, kMrtBgpUpdate, SomeElements},
    {"bgpkit__ripe_rrc00_1999.09_updates.19990903.1041.gz", kMrtBgp, kMrtBgpStateChange,
     SomeElements},
};

// Offsets in the body of a deprecated BGP type UPDATE at which a cut ends
// the NLRI between two prefixes: no length covers the NLRI there (RFC 4271
// 4.3 derives it from the message length, which this format does not keep).
std::vector<std::size_t> MrtBgpNlriBoundaries(const ByteVector& body) {
  std::vector<std::size_t> out;
  std::size_t at = 12;  // peer AS and address, local AS and address
  std::size_t withdrawn = (std::size_t{body[at]} << 8) | body[at + 1];
  at += 2 + withdrawn;
  std::size_t attributes = (std::size_t{body[at]} << 8) | body[at + 1];
  at += 2 + attributes;
  while (at < body.size()) {
    out.push_back(at);
    at += 1 + (body[at] + 7u) / 8u;
  }
  return out;
}

TEST(RecordDecoderTest, EveryTruncationOfARealRecordBodyIsReported) {
  // The header's length is made to agree with the cut body, so the framing
  // is sound and the decoder itself must notice.
  for (const SampleSpec& spec : kSamples) {
    SCOPED_TRACE(fmt::format("{} {}/{}", spec.file, spec.type, spec.subtype));
    Sample s = FindRecord(spec.file, spec.type, spec.subtype, spec.accept);
    ASSERT_FALSE(s.body.empty());
    Decoded whole = DecodeStream(Concat({&s.context, &s.bytes}));
    ASSERT_TRUE(whole.problems.empty()) << whole.problems[0].message;
    std::vector<std::size_t> silent_cuts;
    if (spec.type == kMrtBgp && spec.subtype == kMrtBgpUpdate) {
      silent_cuts = MrtBgpNlriBoundaries(s.body);
    }
    for (std::size_t n = 0; n < s.body.size(); ++n) {
      ByteVector cut = s.CutBody(n);
      Decoded d = DecodeStream(Concat({&s.context, &cut}));
      EXPECT_EQ(d.records, whole.records) << "cut at " << n;
      if (std::find(silent_cuts.begin(), silent_cuts.end(), n) != silent_cuts.end()) {
        // A shorter, valid UPDATE: its routes are the first ones of the whole.
        ASSERT_LE(d.elements.size(), whole.elements.size());
        continue;
      }
      ASSERT_FALSE(d.problems.empty()) << "cut at " << n << " not reported";
      EXPECT_GE(d.problems[0].offset, s.context.size()) << "cut at " << n;
      EXPECT_LE(d.problems[0].offset, s.context.size() + cut.size()) << "cut at " << n;
    }
  }
}

TEST(RecordDecoderTest, EveryCutOfTheFileInsideARecordIsReported) {
  // The file ends inside the record (header or body): the record reader
  // reports it once, at the record's offset, and what came before stands.
  for (const SampleSpec& spec : kSamples) {
    SCOPED_TRACE(fmt::format("{} {}/{}", spec.file, spec.type, spec.subtype));
    Sample s = FindRecord(spec.file, spec.type, spec.subtype, spec.accept);
    Decoded before = DecodeStream(s.context);
    for (std::size_t n = 1; n < s.bytes.size(); ++n) {
      ByteVector stream = s.context;
      stream.insert(stream.end(), s.bytes.begin(), s.bytes.begin() + static_cast<long>(n));
      Decoded d = DecodeStream(stream);
      ASSERT_EQ(d.problems.size(), 1u) << "cut at " << n;
      EXPECT_EQ(d.problems[0].offset, s.context.size()) << "cut at " << n;
      EXPECT_EQ(d.elements, before.elements);
    }
  }
}

// The first records of a BGP4MP update file, each as its own byte vector.
std::vector<ByteVector> FirstRecords(const std::string& file, std::size_t count) {
  std::vector<ByteVector> out;
  auto input = OpenInput(TestFile(file));
  EXPECT_TRUE(input);
  ProblemLog problems;
  RecordReader reader(**input, problems);
  RawRecord r;
  while (out.size() < count && reader.Next(&r)) {
    out.push_back(
        RecordBytes(r.timestamp, r.type, r.subtype, r.microseconds, AsU8(r.body), r.body.size()));
  }
  return out;
}

TEST(RecordDecoderTest, GarbageBetweenRecordsIsReportedOnceAndSkipped) {
  // RecordReader: "a header that cannot be right (unknown type, absurd
  // length) starts a scan for the next plausible header", reported "once per
  // incident with the byte offset".
  std::vector<ByteVector> records = FirstRecords("bgpdump__updates.20100722.2015.gz", 4);
  ASSERT_EQ(records.size(), 4u);
  ByteVector clean = Concat({&records[0], &records[1], &records[2], &records[3]});
  Decoded expected = DecodeStream(clean);
  ASSERT_TRUE(expected.problems.empty());
  ASSERT_FALSE(expected.elements.empty());
  const std::size_t kGarbageSizes[] = {1, 2, 11, 12, 13, 37, 100, 4000};
  for (std::size_t garbage_size : kGarbageSizes) {
    SCOPED_TRACE(fmt::format("{} bytes of garbage", garbage_size));
    ByteVector garbage(garbage_size, 0xEE);
    ByteVector stream = Concat({&records[0], &garbage, &records[1], &records[2], &records[3]});
    Decoded d = DecodeStream(stream);
    ASSERT_EQ(d.problems.size(), 1u);
    EXPECT_EQ(d.problems[0].offset, records[0].size());
    EXPECT_NE(d.problems[0].message.find(fmt::format("skipped {} bytes", garbage_size)),
              std::string::npos)
        << d.problems[0].message;
    EXPECT_EQ(d.records, 4u);
    // The same routes, the later ones at offsets moved by the garbage.
    EXPECT_EQ(d.elements, expected.elements);
    ASSERT_EQ(d.record_offsets.size(), expected.record_offsets.size());
    for (std::size_t i = 0; i < d.record_offsets.size(); ++i) {
      std::uint64_t want = expected.record_offsets[i];
      if (want >= records[0].size()) want += garbage_size;
      EXPECT_EQ(d.record_offsets[i], want);
    }
  }
}

TEST(RecordDecoderTest, OneFlippedLengthByteLosesOneRecordNotTheRest) {
  // A real update file with one byte of one header's length flipped, so that
  // the record claims 7,471,234 bytes (more than the file has left): the
  // reader must not take that for the end of the file but read on from the
  // next record.
  std::vector<ByteVector> records = FirstRecords("bgpdump__updates.20160811.1600.gz", 400);
  ASSERT_EQ(records.size(), 400u);
  ByteVector clean;
  std::uint64_t damaged_offset = 0;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (i == 100) damaged_offset = clean.size();
    clean.insert(clean.end(), records[i].begin(), records[i].end());
  }
  Decoded expected = DecodeStream(clean);
  ASSERT_TRUE(expected.problems.empty());
  ByteVector stream = clean;
  stream[damaged_offset + 9] ^= 0x72;
  Decoded d = DecodeStream(stream);
  ASSERT_EQ(d.problems.size(), 1u);
  EXPECT_EQ(d.problems[0].offset, damaged_offset);
  EXPECT_NE(d.problems[0].message.find(
                fmt::format("skipped {} bytes to the next record", records[100].size())),
            std::string::npos)
      << d.problems[0].message;
  EXPECT_EQ(d.records, 399u);
  // Every element but those of the damaged record.
  std::vector<std::string> want;
  for (std::size_t i = 0; i < expected.elements.size(); ++i) {
    if (expected.record_offsets[i] != damaged_offset) want.push_back(expected.elements[i]);
  }
  EXPECT_EQ(d.elements, want);
}

TEST(RecordDecoderTest, ResyncSkipsHeadersOfUnknownSubtype) {
  // Garbage that holds a header of a known type but an unknown subtype, with
  // a length that lands on the next real record: not a resynchronisation point.
  std::vector<ByteVector> records = FirstRecords("bgpdump__updates.20100722.2015.gz", 3);
  ASSERT_EQ(records.size(), 3u);
  ByteVector garbage(5, 0xEE);
  const std::uint8_t fake_body[8] = {0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE};
  ByteVector fake = RecordBytes(1279814100, kMrtTableDumpV2, 99, 0, fake_body, sizeof fake_body);
  garbage.insert(garbage.end(), fake.begin(), fake.end());
  ByteVector stream = Concat({&records[0], &garbage, &records[1], &records[2]});
  Decoded d = DecodeStream(stream);
  ASSERT_EQ(d.problems.size(), 1u);
  EXPECT_NE(d.problems[0].message.find(fmt::format("skipped {} bytes", garbage.size())),
            std::string::npos)
      << d.problems[0].message;
  EXPECT_EQ(d.records, 3u);
}

TEST(RecordDecoderTest, RecordCutByTheEndOfTheFileIsReported) {
  std::vector<ByteVector> records =
      FirstRecords("libbgpstream__ris.rrc06.updates.1401488100.gz", 3);
  ASSERT_EQ(records.size(), 3u);
  Decoded first_two = DecodeStream(Concat({&records[0], &records[1]}));
  ByteVector stream = Concat({&records[0], &records[1], &records[2]});
  stream.resize(stream.size() - 5);
  Decoded d = DecodeStream(stream);
  ASSERT_EQ(d.problems.size(), 1u);
  EXPECT_EQ(d.problems[0].offset, records[0].size() + records[1].size());
  EXPECT_NE(d.problems[0].message.find("cut short"), std::string::npos) << d.problems[0].message;
  EXPECT_EQ(d.records, 2u);
  EXPECT_EQ(d.elements, first_two.elements);
}

ByteVector SyntheticRecord(std::uint16_t type, std::uint16_t subtype, std::size_t body_size) {
  ByteVector body(body_size, 0x42);
  return RecordBytes(1000000000, type, subtype, 0, body.data(), body.size());
}

TEST(RecordDecoderTest, UnsupportedTypesAreReportedOncePerTypeAndSubtype) {
  // RecordDecoder: "Unknown record types are reported once per type/subtype."
  // Type 11 (OSPFv2, RFC 6396 4.1) and TABLE_DUMP_V2 subtype 7
  // (GEO_PEER_TABLE, RFC 6397) are known to the framing, not decoded.
  std::vector<ByteVector> real = FirstRecords("bgpdump__updates.20100722.2015.gz", 1);
  ASSERT_EQ(real.size(), 1u);
  ByteVector ospf0 = SyntheticRecord(11, 0, 20);
  ByteVector ospf1 = SyntheticRecord(11, 1, 20);
  ByteVector geo = SyntheticRecord(kMrtTableDumpV2, 7, 9);
  ByteVector stream =
      Concat({&ospf0, &ospf0, &real[0], &ospf0, &ospf1, &geo, &geo, &ospf1, &real[0]});
  Decoded d = DecodeStream(stream);
  ASSERT_EQ(d.problems.size(), 3u);
  EXPECT_EQ(d.problems[0].offset, 0u);
  EXPECT_NE(d.problems[0].message.find("type 11 subtype 0"), std::string::npos);
  std::size_t at = 2 * ospf0.size() + real[0].size() + ospf0.size();
  EXPECT_EQ(d.problems[1].offset, at);
  EXPECT_NE(d.problems[1].message.find("type 11 subtype 1"), std::string::npos);
  EXPECT_EQ(d.problems[2].offset, at + ospf1.size());
  EXPECT_NE(d.problems[2].message.find("type 13 subtype 7"), std::string::npos);
  EXPECT_EQ(d.records, 9u);
  Decoded one = DecodeStream(real[0]);
  EXPECT_EQ(d.elements.size(), 2 * one.elements.size());
}

TEST(RecordDecoderTest, TypeUnknownToMrtIsSkippedAsDamage) {
  // A type RFC 6396 does not define cannot start a record: the reader skips
  // to the next plausible header and reports it once.
  std::vector<ByteVector> real = FirstRecords("bgpdump__updates.20100722.2015.gz", 2);
  ASSERT_EQ(real.size(), 2u);
  ByteVector unknown = SyntheticRecord(200, 0, 30);
  Decoded d = DecodeStream(Concat({&real[0], &unknown, &real[1]}));
  ASSERT_EQ(d.problems.size(), 1u);
  EXPECT_EQ(d.problems[0].offset, real[0].size());
  EXPECT_EQ(d.records, 2u);
}

TEST(RecordDecoderTest, RibRecordBeforeThePeerIndexTableIsReported) {
  Sample s = FindRecord("mrtparse__quagga_rib", kMrtTableDumpV2, kRibIpv4Unicast, SomeElements);
  Decoded d = DecodeStream(s.bytes);
  EXPECT_TRUE(d.elements.empty());
  ASSERT_EQ(d.problems.size(), 1u);
  EXPECT_NE(d.problems[0].message.find("peer_index_table"), std::string::npos);
}

TEST(RecordDecoderTest, BatchedTableDumpKeepsTheEntriesBeforeDamage) {
  // Regression (found by mrt_record_fuzz): a batched TABLE_DUMP record
  // (early RIS: more entries without view and sequence after the first)
  // whose last entry is cut delivered the good entries with no attributes,
  // which the bgpdump format then dereferenced.
  Sample s = FindRecord("bgpdump__bview.20020722.2337.gz", kMrtTableDump, 1, SomeElements);
  ByteVector entry(s.body.begin() + 4, s.body.end());  // without view and sequence
  ByteVector body = s.body;
  body.insert(body.end(), entry.begin(), entry.end());
  body.insert(body.end(), entry.begin(), entry.begin() + 7);
  ByteVector record =
      RecordBytes(s.record.timestamp, kMrtTableDump, 1, 0, body.data(), body.size());
  auto input = OpenMemoryInput(AsBytes(record.data(), record.size()));
  ProblemLog problems;
  RecordReader reader(*input, problems);
  RecordDecoder decoder("batched", problems);
  RawRecord r;
  ASSERT_TRUE(reader.Next(&r));
  std::vector<Element> elements;
  decoder.Decode(r, &elements);
  ASSERT_EQ(elements.size(), 2u);
  for (const Element& e : elements) {
    ASSERT_NE(e.attributes, nullptr);
    EXPECT_FALSE(e.attributes->as_path.empty());
  }
  EXPECT_EQ(problems.count(), 1u);
}

TEST(RecordDecoderTest, RibEntryCountBeyondTheBodyIsReported) {
  // Regression (found by mrt_record_fuzz as a slow input): a RIB record
  // claiming 65535 entries in a few bytes sized its buffers by the claim;
  // now by what the body can hold. The entries that are there are decoded.
  Sample s = FindRecord("mrtparse__quagga_rib", kMrtTableDumpV2, kRibIpv4Unicast, SomeElements);
  Decoded whole = DecodeStream(Concat({&s.context, &s.bytes}));
  // Sequence number (4), prefix length, prefix octets, then the entry count.
  std::size_t count_at = 4 + 1 + (s.body[4] + 7u) / 8u;
  ByteVector body = s.body;
  body[count_at] = 0xff;
  body[count_at + 1] = 0xff;
  ByteVector record =
      RecordBytes(s.record.timestamp, s.record.type, s.record.subtype, 0, body.data(), body.size());
  Decoded d = DecodeStream(Concat({&s.context, &record}));
  EXPECT_EQ(d.elements, whole.elements);
  ASSERT_EQ(d.problems.size(), 1u);
  EXPECT_NE(d.problems[0].message.find("of 65535 truncated"), std::string::npos)
      << d.problems[0].message;
}

}  // namespace
}  // namespace manrs
