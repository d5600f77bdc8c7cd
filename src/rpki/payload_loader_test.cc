// LoadRpkiPayloads on the real samples of each relying party format in
// testdata/rpki (see PROVENANCE.md there), and format recognition by content.
//
// The expected counts were taken independently of this code, with Python's
// json, csv and ipaddress modules:
//   roas = json.load(f)["roas"]   # csv.DictReader for the CSV
//   vrps = {(ip_network(r["prefix"], strict=True), r["maxLength"], asn(r["asn"])) ...}
//   aspas: customer -> union of providers over "aspas" and
//          provider_authorizations ipv4/ipv6; keys: {(asn, ski.upper(), pubkey)}
//   build time: calendar.timegm(time.strptime(buildtime, "%Y-%m-%dT%H:%M:%SZ"))
#include "manrs/rpki/payload_loader.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace manrs {
namespace {

std::string Sample(const std::string& name) {
  return std::string(MANRS_TESTDATA) + "/rpki/" + name;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

struct Loaded {
  Result<RpkiPayloads> payloads;
  PayloadLoadInfo info;
  ProblemLog problems;
};

void LoadInto(const std::string& path, Loaded* out) {
  out->payloads = LoadRpkiPayloads(path, out->problems, PayloadFormat::kAuto, &out->info);
}

std::size_t CountV4(const std::vector<Vrp>& vrps) {
  return static_cast<std::size_t>(
      std::count_if(vrps.begin(), vrps.end(), [](const Vrp& v) { return v.prefix.is_v4(); }));
}

Vrp V(const char* prefix, int max_length, Asn asn) {
  return Vrp{*Prefix::Parse(prefix), static_cast<std::uint8_t>(max_length), asn};
}

bool Contains(const std::vector<Vrp>& vrps, const Vrp& vrp) {
  return std::binary_search(vrps.begin(), vrps.end(), vrp);
}

void ExpectOrdered(const RpkiPayloads& p) {
  EXPECT_TRUE(std::adjacent_find(p.vrps.begin(), p.vrps.end(), std::greater_equal<Vrp>()) ==
              p.vrps.end());
  for (std::size_t i = 1; i < p.aspas.size(); ++i) {
    EXPECT_LT(p.aspas[i - 1].customer_asn, p.aspas[i].customer_asn);
  }
  for (const auto& aspa : p.aspas) {
    EXPECT_TRUE(std::adjacent_find(aspa.providers.begin(), aspa.providers.end(),
                                   std::greater_equal<Asn>()) == aspa.providers.end());
  }
}

Result<RpkiPayloads> NoPayloads() { return MakeError(ErrorCode::kIo, "not loaded"); }

TEST(PayloadLoaderTest, RpkiClient2025Snapshot) {
  Loaded l{NoPayloads(), {}, ProblemLog()};
  LoadInto(Sample("rpkilog__rpkiclient_summary_20250720T093135Z.json.bz2"), &l);
  ASSERT_TRUE(l.payloads) << l.payloads.error().message;
  const RpkiPayloads& p = *l.payloads;
  EXPECT_EQ(l.info.format, PayloadFormat::kRpkiClientJson);
  EXPECT_EQ(l.problems.count(), 0u);
  EXPECT_EQ(p.vrps.size(), 723521u);  // metadata.uniquevrps says the same
  EXPECT_EQ(CountV4(p.vrps), 580366u);
  EXPECT_EQ(p.aspas.size(), 100u);
  std::size_t providers = 0;
  for (const auto& aspa : p.aspas) providers += aspa.providers.size();
  EXPECT_EQ(providers, 545u);
  EXPECT_EQ(p.aspas.front(), (Aspa{945, {13213, 150369}}));
  EXPECT_EQ(p.router_keys.size(), 2u);
  EXPECT_EQ(p.router_keys[0].asn, 15562u);
  EXPECT_EQ(p.router_keys[0].ski, "5D4250E2D81D4448D8A29EFCE91D29FF075EC9E2");
  EXPECT_EQ(p.build_time, 1753003893);  // 2025-07-20T09:31:33Z
  // Expired VRPs are not the loader's business: "expires" is July 2025.
  EXPECT_TRUE(Contains(p.vrps, V("1.1.1.0/24", 24, 13335)));
  EXPECT_TRUE(Contains(p.vrps, V("1.6.0.0/22", 24, 9583)));
  ExpectOrdered(p);
}

TEST(PayloadLoaderTest, RpkiClient2023WithAspasAndKeys) {
  Loaded l{NoPayloads(), {}, ProblemLog()};
  LoadInto(Sample("rpkilog__roa_test.rpkiclient2023.json"), &l);
  ASSERT_TRUE(l.payloads) << l.payloads.error().message;
  const RpkiPayloads& p = *l.payloads;
  EXPECT_EQ(l.info.format, PayloadFormat::kRpkiClientJson);
  EXPECT_EQ(l.problems.count(), 0u);
  EXPECT_EQ(p.vrps.size(), 379u);
  EXPECT_EQ(CountV4(p.vrps), 8u);
  ASSERT_EQ(p.aspas.size(), 2u);
  EXPECT_EQ(p.aspas[0], (Aspa{945, {1299, 6939, 8849, 20473, 50058, 59105}}));
  EXPECT_EQ(p.aspas[1], (Aspa{15562, {2914, 8283, 51088, 206238}}));
  EXPECT_EQ(p.router_keys.size(), 3u);
  EXPECT_EQ(p.build_time, 1696118743);  // 2023-10-01T00:05:43Z
  ExpectOrdered(p);
}

TEST(PayloadLoaderTest, RpkiClient2021) {
  Loaded l{NoPayloads(), {}, ProblemLog()};
  LoadInto(Sample("rpkilog__roa_test.rpkiclient2021.json"), &l);
  ASSERT_TRUE(l.payloads) << l.payloads.error().message;
  EXPECT_EQ(l.payloads->vrps.size(), 70u);
  EXPECT_EQ(CountV4(l.payloads->vrps), 22u);
  EXPECT_TRUE(l.payloads->aspas.empty());
  EXPECT_EQ(l.payloads->build_time, 1630454659);  // 2021-09-01T00:04:19Z
  EXPECT_EQ(l.problems.count(), 0u);
}

TEST(PayloadLoaderTest, RtrtrRpkiClientSample) {
  Loaded l{NoPayloads(), {}, ProblemLog()};
  LoadInto(Sample("rtrtr__vrps.rpki-client.json"), &l);
  ASSERT_TRUE(l.payloads) << l.payloads.error().message;
  const RpkiPayloads& p = *l.payloads;
  EXPECT_EQ(l.info.format, PayloadFormat::kRpkiClientJson);
  EXPECT_EQ(p.vrps,
            (std::vector<Vrp>{V("192.0.2.0/24", 24, 64512), V("2001:db8::/32", 32, 4200000000u)}));
  ASSERT_EQ(p.router_keys.size(), 1u);
  EXPECT_EQ(p.router_keys[0].asn, 64512u);
  EXPECT_EQ(p.router_keys[0].ski, "BE889B55D0B737397D75C49F485B858FA98AD11F");
  EXPECT_EQ(p.router_keys[0].spki_base64.substr(0, 12), "MFkwEwYHKoZI");
  EXPECT_EQ(p.build_time, 1637240213);  // 2021-11-18T12:56:53Z
}

TEST(PayloadLoaderTest, StayRtrProviderAuthorizationsMergedPerCustomer) {
  Loaded l{NoPayloads(), {}, ProblemLog()};
  LoadInto(Sample("stayrtr__test.rpki.json"), &l);
  ASSERT_TRUE(l.payloads) << l.payloads.error().message;
  const RpkiPayloads& p = *l.payloads;
  EXPECT_EQ(l.info.format, PayloadFormat::kStayRtrJson);
  // The ipv4 and ipv6 lists name the same two customers: not duplicates.
  EXPECT_EQ(l.problems.count(), 0u);
  EXPECT_EQ(l.info.duplicates, 0u);
  EXPECT_EQ(p.vrps.size(), 19u);
  EXPECT_EQ(CountV4(p.vrps), 5u);
  ASSERT_EQ(p.aspas.size(), 2u);
  EXPECT_EQ(p.aspas[0], (Aspa{15562, {2914, 8283, 51088, 206238}}));
  EXPECT_EQ(p.aspas[1], (Aspa{64496, {1299, 6939, 7480, 32097, 50058, 61138}}));
  // Lower-case SKIs in this file; kept upper-case like rpki-client's.
  ASSERT_EQ(p.router_keys.size(), 3u);
  EXPECT_EQ(p.router_keys[0].asn, 15562u);
  EXPECT_EQ(p.router_keys[0].ski, "5D4250E2D81D4448D8A29EFCE91D29FF075EC9E2");
  EXPECT_EQ(p.build_time, 1690484162);  // 2023-07-27T18:56:02Z
}

TEST(PayloadLoaderTest, RoutinatorJsonext) {
  Loaded l{NoPayloads(), {}, ProblemLog()};
  LoadInto(Sample("rpkilog__roa_test.routinator.jsonext"), &l);
  ASSERT_TRUE(l.payloads) << l.payloads.error().message;
  EXPECT_EQ(l.info.format, PayloadFormat::kRoutinatorJson);
  EXPECT_EQ(l.payloads->vrps,
            (std::vector<Vrp>{V("1.0.0.0/24", 24, 13335), V("2c0f:fff0::/32", 128, 37125)}));
  EXPECT_EQ(l.payloads->build_time, 1741556754);  // metadata.generated
  EXPECT_EQ(l.problems.count(), 0u);
}

TEST(PayloadLoaderTest, RoutinatorJsonWithDuplicatesAcrossTrustAnchors) {
  // arouteserver's sample lists each VRP twice, once per "ta" spelling.
  Loaded l{NoPayloads(), {}, ProblemLog()};
  LoadInto(Sample("arouteserver__ripe-rpki-cache.json"), &l);
  ASSERT_TRUE(l.payloads) << l.payloads.error().message;
  EXPECT_EQ(l.info.format, PayloadFormat::kRoutinatorJson);
  EXPECT_EQ(l.payloads->vrps.size(), 14u);  // of 28 entries
  EXPECT_EQ(CountV4(l.payloads->vrps), 10u);
  EXPECT_EQ(l.info.duplicates, 14u);
  ASSERT_EQ(l.problems.count(), 14u);
  // Each reported at the byte offset of the second entry, naming the first.
  const std::string text = ReadFile(Sample("arouteserver__ripe-rpki-cache.json"));
  const Problem& first = l.problems.kept()[0];
  EXPECT_EQ(text.substr(first.offset, 56),
            R"({"asn":"AS3333","prefix":"193.0.24.0/24","maxLength":24,)");
  EXPECT_NE(first.message.find("duplicate vrp 193.0.24.0/24-24 AS3333"), std::string::npos);
  EXPECT_NE(first.message.find("first at byte 184"), std::string::npos);
  EXPECT_EQ(text.substr(184, 1), "{");
}

TEST(PayloadLoaderTest, RipeCsvExport) {
  Loaded l{NoPayloads(), {}, ProblemLog()};
  LoadInto(Sample("rpki-irr-bgp-stats__roas.csv"), &l);
  ASSERT_TRUE(l.payloads) << l.payloads.error().message;
  EXPECT_EQ(l.info.format, PayloadFormat::kRoutinatorCsv);
  EXPECT_EQ(l.payloads->vrps.size(), 49u);
  EXPECT_EQ(CountV4(l.payloads->vrps), 45u);
  EXPECT_TRUE(Contains(l.payloads->vrps, V("2a00:bf60::/32", 33, 60390)));
  EXPECT_EQ(l.problems.count(), 0u);
}

TEST(PayloadLoaderTest, RoutinatorCsvVariantsByHeader) {
  ProblemLog log;
  PayloadLoadInfo info;
  // csv, csvcompat (RIPE validator) and csvext.
  for (const char* text :
       {"ASN,IP Prefix,Max Length,Trust Anchor\n"
        "AS196615,2001:7fb:fd03::/48,48,ripe\r\n"
        "AS196615,93.175.147.0/24,24,ripe\r\n",
        "\"ASN\",\"IP Prefix\",\"Max Length\",\"Trust Anchor\"\n"
        "\"196615\",\"2001:7fb:fd03::/48\",\"48\",\"ripe\"\n"
        "\"196615\",\"93.175.147.0/24\",\"24\",\"ripe, the NCC\"\n",
        "URI,ASN,IP Prefix,Max Length,Not Before,Not After\n"
        "rsync://x/a.roa,AS196615,2001:7fb:fd03::/48,48,2024-01-01 00:00:00,N/A\n"
        "rsync://x/b.roa,AS196615,93.175.147.0/24,24,N/A,N/A\n\n"}) {
    auto p = ParseRpkiPayloads(text, "csv", log, PayloadFormat::kAuto, &info);
    ASSERT_TRUE(p) << p.error().message;
    EXPECT_EQ(info.format, PayloadFormat::kRoutinatorCsv);
    EXPECT_EQ(p->vrps, (std::vector<Vrp>{V("93.175.147.0/24", 24, 196615),
                                         V("2001:7fb:fd03::/48", 48, 196615)}));
  }
  EXPECT_EQ(log.count(), 0u);
}

TEST(PayloadLoaderTest, RoutinatorAspasAndRouterKeys) {
  // Routinator 0.14+ json: "routerKeys" and "aspas" with "AS" strings.
  const std::string text = R"({"metadata": {"generated": 1700000000},
    "routerKeys": [{"asn": "AS1234", "SKI": "be889b55d0b737397d75c49f485b858fa98ad11f",
                    "routerPublicKey": "AAAA_-8", "ta": "N/A"}],
    "aspas": [{"customer": "AS1234", "providers": ["AS4", "AS1", "AS3", "AS1"], "ta": "N/A"}]})";
  ProblemLog log;
  PayloadLoadInfo info;
  auto p = ParseRpkiPayloads(text, "routinator", log, PayloadFormat::kAuto, &info);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(info.format, PayloadFormat::kRoutinatorJson);
  EXPECT_TRUE(p->vrps.empty());
  ASSERT_EQ(p->router_keys.size(), 1u);
  EXPECT_EQ(p->router_keys[0].ski, "BE889B55D0B737397D75C49F485B858FA98AD11F");
  EXPECT_EQ(p->router_keys[0].spki_base64, "AAAA/+8=");  // url-safe, unpadded in the file
  EXPECT_EQ(p->aspas, (std::vector<Aspa>{{1234, {1, 3, 4}}}));
  EXPECT_EQ(p->build_time, 1700000000);
}

TEST(PayloadLoaderTest, OlderRpkiClientProviderAuthorizations) {
  // rpki-client 7.x/8.x: provider_set, and providers as {"asid", "afi_limit"}.
  const std::string text =
      R"({"metadata": {"buildmachine": "x", "buildtime": "2022-11-01T10:00:00+01:00"},
    "roas": [], "provider_authorizations": {
      "ipv4": [{"customer_asid": 64496, "provider_set": [{"asid": 64498}, {"asid": 64497, "afi_limit": "ipv4"}]}],
      "ipv6": [{"customer_asid": 64496, "provider_set": [64499]}]}})";
  ProblemLog log;
  auto p = ParseRpkiPayloads(text, "old", log);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->aspas, (std::vector<Aspa>{{64496, {64497, 64498, 64499}}}));
  EXPECT_EQ(p->build_time, 1667293200);  // 2022-11-01T09:00:00Z
}

class TempFile {
 public:
  explicit TempFile(const std::string& name) : path_(::testing::TempDir() + name) {}
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }
  void Write(const std::string& content) const {
    std::ofstream(path_, std::ios::binary) << content;
  }
  void WriteGzip(const std::string& content) const {
    gzFile f = gzopen(path_.c_str(), "wb");
    gzwrite(f, content.data(), static_cast<unsigned>(content.size()));
    gzclose(f);
  }

 private:
  std::string path_;
};

TEST(PayloadLoaderTest, RecognisesContentNotFileName) {
  const TempFile json_named_csv("manrs_payload_" + std::to_string(getpid()) + "_vrps.csv");
  json_named_csv.Write(ReadFile(Sample("stayrtr__test.rpki.json")));
  const TempFile csv_named_json("manrs_payload_" + std::to_string(getpid()) + "_vrps.json");
  csv_named_json.Write(ReadFile(Sample("rpki-irr-bgp-stats__roas.csv")));
  const TempFile gzip_named_txt("manrs_payload_" + std::to_string(getpid()) + "_vrps.txt");
  gzip_named_txt.WriteGzip(ReadFile(Sample("rpkilog__roa_test.rpkiclient2023.json")));

  Loaded a{NoPayloads(), {}, ProblemLog()}, b{NoPayloads(), {}, ProblemLog()},
      c{NoPayloads(), {}, ProblemLog()};
  LoadInto(json_named_csv.path(), &a);
  LoadInto(csv_named_json.path(), &b);
  LoadInto(gzip_named_txt.path(), &c);
  ASSERT_TRUE(a.payloads && b.payloads && c.payloads);
  EXPECT_EQ(a.info.format, PayloadFormat::kStayRtrJson);
  EXPECT_EQ(a.payloads->vrps.size(), 19u);
  EXPECT_EQ(b.info.format, PayloadFormat::kRoutinatorCsv);
  EXPECT_EQ(b.payloads->vrps.size(), 49u);
  EXPECT_EQ(c.info.format, PayloadFormat::kRpkiClientJson);
  EXPECT_EQ(c.payloads->vrps.size(), 379u);
}

TEST(PayloadLoaderTest, ForcedFormat) {
  const std::string json = ReadFile(Sample("rpkilog__roa_test.routinator.jsonext"));
  ProblemLog log;
  PayloadLoadInfo info;
  auto as_csv = ParseRpkiPayloads(json, "x", log, PayloadFormat::kRoutinatorCsv, &info);
  EXPECT_FALSE(as_csv);
  auto as_rpki_client = ParseRpkiPayloads(json, "x", log, PayloadFormat::kRpkiClientJson, &info);
  ASSERT_TRUE(as_rpki_client);
  EXPECT_EQ(info.format, PayloadFormat::kRpkiClientJson);
  EXPECT_EQ(as_rpki_client->vrps.size(), 2u);
}

TEST(PayloadLoaderTest, FormatNames) {
  EXPECT_STREQ(PayloadFormatName(PayloadFormat::kRpkiClientJson), "rpki-client-json");
  EXPECT_STREQ(PayloadFormatName(PayloadFormat::kRoutinatorCsv), "routinator-csv");
  EXPECT_STREQ(PayloadFormatName(PayloadFormat::kStayRtrJson), "stayrtr-json");
}

}  // namespace
}  // namespace manrs
