// UPDATE decoding (RFC 4271 4.3 and the RFCs that added attributes) on
// hand-built messages. Each test quotes the rule it checks.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <vector>

#include "manrs/bgp/message.h"
#include "wire_test_util.h"

namespace manrs {
namespace {

// An UPDATE body: withdrawn routes, attributes, NLRI, each given as bytes.
Wire Update(const Wire& withdrawn, const Wire& attributes, const Wire& nlri) {
  Wire w;
  w.U16(static_cast<std::uint32_t>(withdrawn.size())).Append(withdrawn);
  w.U16(static_cast<std::uint32_t>(attributes.size())).Append(attributes);
  return w.Append(nlri);
}

Wire BaseAttributes(std::initializer_list<std::uint32_t> path, int asn_size) {
  Wire as_path;
  as_path.U8(2).U8(static_cast<std::uint32_t>(path.size()));
  for (std::uint32_t asn : path) asn_size == 4 ? as_path.U32(asn) : as_path.U16(asn);
  Wire a;
  a.Attr(kFlagsWellKnown, kAttrOrigin, Wire().U8(0));
  a.Attr(kFlagsWellKnown, kAttrAsPath, as_path);
  a.Attr(kFlagsWellKnown, kAttrNextHop, Wire().Raw({192, 0, 2, 1}));
  return a;
}

Status Decode(const Wire& body, BgpUpdate* out, int asn_size = 4, bool add_path = false) {
  AttributeContext ctx;
  ctx.asn_size = asn_size;
  ctx.add_path = add_path;
  return DecodeUpdate(ByteCursor(AsBytes(body.bytes().data(), body.size())), ctx, out);
}

Prefix P(const char* text) { return *Prefix::Parse(text); }
IpAddress A(const char* text) { return *IpAddress::Parse(text); }

TEST(UpdateTest, ClassicNlriAndWithdrawnRoutes) {
  // RFC 4271 4.3: "Reachability information is encoded as one or more
  // 2-tuples of the form <length, prefix>" in both the Withdrawn Routes and
  // the NLRI fields; "The Length field indicates the length in bits of the IP
  // address prefix", and the prefix is padded to an octet boundary.
  Wire withdrawn = Wire().Raw({8, 10}).Raw({0});  // 10.0.0.0/8, 0.0.0.0/0
  Wire nlri = Wire().Raw({24, 192, 0, 2}).Raw({32, 198, 51, 100, 7}).Raw({17, 203, 0, 128});
  BgpUpdate u;
  ASSERT_TRUE(Decode(Update(withdrawn, BaseAttributes({64496, 64497}, 4), nlri), &u));
  ASSERT_EQ(u.withdrawn.size(), 2u);
  EXPECT_EQ(u.withdrawn[0].prefix, P("10.0.0.0/8"));
  EXPECT_EQ(u.withdrawn[1].prefix, P("0.0.0.0/0"));
  ASSERT_EQ(u.nlri.size(), 3u);
  EXPECT_EQ(u.nlri[0].prefix, P("192.0.2.0/24"));
  EXPECT_EQ(u.nlri[1].prefix, P("198.51.100.7/32"));
  EXPECT_EQ(u.nlri[2].prefix, P("203.0.128.0/17"));
  EXPECT_EQ(u.attributes.origin, Origin::kIgp);
  EXPECT_EQ(u.attributes.as_path.ToString(), "64496 64497");
  EXPECT_EQ(u.attributes.next_hop, A("192.0.2.1"));
}

TEST(UpdateTest, TrailingBitsAreKeptOnTheWireAndClearedInThePrefix) {
  // RFC 4271 4.3: "Note that the value of trailing bits is irrelevant."
  BgpUpdate u;
  ASSERT_TRUE(Decode(Update({}, BaseAttributes({1}, 4), Wire().Raw({23, 192, 0, 3})), &u));
  ASSERT_EQ(u.nlri.size(), 1u);
  EXPECT_EQ(u.nlri[0].prefix, P("192.0.2.0/23"));
  EXPECT_EQ(u.nlri[0].wire_address, A("192.0.3.0"));
}

TEST(UpdateTest, PrefixLongerThanTheFamilyIsRejected) {
  // RFC 7606 5.3 (paraphrased): a prefix whose length is larger than the
  // address family allows (32 for IPv4) makes the NLRI field malformed.
  BgpUpdate u;
  Status s = Decode(Update({}, BaseAttributes({1}, 4), Wire().Raw({33, 1, 2, 3, 4, 5})), &u);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kBadValue);
}

TEST(UpdateTest, AddPathIdentifiersPrecedeEachPrefix) {
  // RFC 7911 3: the NLRI encoding becomes <Path Identifier (4 octets),
  // Length (1 octet), Prefix (variable)>.
  Wire withdrawn = Wire().U32(7).Raw({8, 10});
  Wire nlri = Wire().U32(1).Raw({24, 192, 0, 2}).U32(2).Raw({24, 192, 0, 2});
  BgpUpdate u;
  ASSERT_TRUE(Decode(Update(withdrawn, BaseAttributes({1}, 4), nlri), &u, 4, true));
  ASSERT_EQ(u.withdrawn.size(), 1u);
  EXPECT_EQ(u.withdrawn[0].path_id, 7u);
  ASSERT_EQ(u.nlri.size(), 2u);
  EXPECT_EQ(u.nlri[0].path_id, 1u);
  EXPECT_EQ(u.nlri[1].path_id, 2u);
  EXPECT_EQ(u.nlri[1].prefix, P("192.0.2.0/24"));
}

Wire MpReachV6(std::uint8_t next_hop_length) {
  Wire v;
  v.U16(kAfiIpv6).U8(kSafiUnicast).U8(next_hop_length);
  v.Raw({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
  if (next_hop_length == 32) v.Raw({0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2});
  v.U8(0);                                       // reserved
  v.Raw({32, 0x20, 0x01, 0x0d, 0xb8});           // 2001:db8::/32
  v.Raw({48, 0x20, 0x01, 0x0d, 0xb8, 0xff, 1});  // 2001:db8:ff01::/48
  return v;
}

TEST(UpdateTest, MpReachIpv6WithGlobalAndLinkLocalNextHop) {
  // RFC 4760 3: MP_REACH_NLRI is AFI (2 octets), SAFI (1 octet), Length of
  // Next Hop Network Address (1 octet), Network Address of Next Hop,
  // Reserved (1 octet), NLRI. RFC 2545 3: the length "shall be set to 16,
  // when only a global address is present, or 32 if a link-local address is
  // also included in the Next Hop field."
  Wire a;
  a.Attr(kFlagsWellKnown, kAttrOrigin, Wire().U8(2));
  a.Attr(kFlagsOptional, kAttrMpReach, MpReachV6(32));
  BgpUpdate u;
  ASSERT_TRUE(Decode(Update({}, a, {}), &u));
  EXPECT_TRUE(u.nlri.empty());
  ASSERT_EQ(u.attributes.mp_reach.size(), 1u);
  const MpReach& r = u.attributes.mp_reach[0];
  EXPECT_EQ(r.afi, kAfiIpv6);
  EXPECT_EQ(r.safi, kSafiUnicast);
  EXPECT_EQ(r.next_hop_length, 32);
  EXPECT_EQ(r.next_hop, A("2001:db8::1"));
  EXPECT_EQ(r.next_hop_link_local, A("fe80::2"));
  EXPECT_TRUE(r.nlri_raw.empty());
  ASSERT_EQ(r.nlri.size(), 2u);
  EXPECT_EQ(r.nlri[0].prefix, P("2001:db8::/32"));
  EXPECT_EQ(r.nlri[1].prefix, P("2001:db8:ff01::/48"));
  EXPECT_EQ(u.attributes.origin, Origin::kIncomplete);
}

TEST(UpdateTest, MpReachIpv6WithGlobalNextHopOnly) {
  // RFC 2545 3: 16 octets when only a global address is present.
  Wire a;
  a.Attr(kFlagsOptional, kAttrMpReach, MpReachV6(16));
  BgpUpdate u;
  ASSERT_TRUE(Decode(Update({}, a, {}), &u));
  ASSERT_EQ(u.attributes.mp_reach.size(), 1u);
  EXPECT_EQ(u.attributes.mp_reach[0].next_hop, A("2001:db8::1"));
  EXPECT_EQ(u.attributes.mp_reach[0].next_hop_link_local, IpAddress());
  EXPECT_EQ(u.attributes.mp_reach[0].nlri.size(), 2u);
}

TEST(UpdateTest, MpUnreachIpv6) {
  // RFC 4760 4: MP_UNREACH_NLRI is AFI (2 octets), SAFI (1 octet), then the
  // Withdrawn Routes (variable); "An UPDATE message that contains the
  // MP_UNREACH_NLRI is not required to carry any other path attributes."
  Wire v = Wire().U16(kAfiIpv6).U8(kSafiUnicast).Raw({64, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1});
  Wire a;
  a.Attr(kFlagsOptional, kAttrMpUnreach, v);
  BgpUpdate u;
  ASSERT_TRUE(Decode(Update({}, a, {}), &u));
  ASSERT_EQ(u.attributes.mp_unreach.size(), 1u);
  const MpUnreach& w = u.attributes.mp_unreach[0];
  EXPECT_EQ(w.afi, kAfiIpv6);
  ASSERT_EQ(w.nlri.size(), 1u);
  EXPECT_EQ(w.nlri[0].prefix, P("2001:db8:0:1::/64"));
  EXPECT_FALSE(u.attributes.has(kAttrAsPath));
}

TEST(UpdateTest, UnknownAfiSafiIsKeptRaw) {
  // RFC 4760 3: the AFI "in combination with the Subsequent Address Family
  // Identifier field identifies ... the semantics of the Network Layer
  // Reachability Information that follows". For a family not
  // decoded here (SAFI 128, VPNv4 with labels and route distinguishers, RFC
  // 4364) the NLRI bytes are kept undecoded rather than guessed at; the
  // next hop (route distinguisher, then IPv4) is still read.
  Wire vpn = Wire().Raw({0x70, 0x00, 0x01, 0x41, 0, 0, 0, 0, 0, 0, 0, 1, 10, 1, 1});
  Wire reach = Wire().U16(kAfiIpv4).U8(128).U8(12).U32(0).U32(0).Raw({192, 0, 2, 9}).U8(0);
  reach.Append(vpn);
  Wire unreach = Wire().U16(kAfiIpv4).U8(128).Append(vpn);
  Wire a;
  a.Attr(kFlagsOptional, kAttrMpReach, reach);
  a.Attr(kFlagsOptional, kAttrMpUnreach, unreach);
  BgpUpdate u;
  ASSERT_TRUE(Decode(Update({}, a, {}), &u));
  ASSERT_EQ(u.attributes.mp_reach.size(), 1u);
  EXPECT_EQ(u.attributes.mp_reach[0].safi, 128);
  EXPECT_EQ(u.attributes.mp_reach[0].next_hop, A("192.0.2.9"));  // after the RD
  EXPECT_TRUE(u.attributes.mp_reach[0].nlri.empty());
  EXPECT_EQ(u.attributes.mp_reach[0].nlri_raw.size(), vpn.size());
  ASSERT_EQ(u.attributes.mp_unreach.size(), 1u);
  EXPECT_TRUE(u.attributes.mp_unreach[0].nlri.empty());
  EXPECT_EQ(u.attributes.mp_unreach[0].nlri_raw.size(), vpn.size());
}

// AS_PATH of a 2-octet session: SEQ(65001 23456 23456) SET(23456 65002),
// path length 3 + 1 = 4.
Wire TwoOctetPathWithSet() {
  return Wire().U8(2).U8(3).U16(65001).U16(kAsTrans).U16(kAsTrans).U8(1).U8(2).U16(kAsTrans).U16(
      65002);
}

TEST(UpdateTest, As4PathIsMergedWithAnAsSetCountingAsOne) {
  // RFC 6793 4.2.3: "If the number of AS numbers in the AS_PATH attribute is
  // larger than or equal to the number of AS numbers in the AS4_PATH
  // attribute, then the AS path information SHALL be constructed by taking
  // as many AS numbers and path segments as necessary from the leading part
  // of the AS_PATH attribute, and then prepending them to the AS4_PATH
  // attribute so that the AS path information has a number of AS numbers
  // identical to that of the AS_PATH attribute."
  // The count is that of RFC 4271 9.1.2.2 a): "Note that when counting this
  // number, an AS_SET counts as 1, no matter how many ASes are in the set."
  // AS_PATH counts 4, AS4_PATH
  // SEQ(196608 196609) SET(196610 65002) counts 3: one AS of AS_PATH leads.
  Wire as4 = Wire().U8(2).U8(2).U32(196608).U32(196609).U8(1).U8(2).U32(196610).U32(65002);
  Wire a;
  a.Attr(kFlagsWellKnown, kAttrOrigin, Wire().U8(0));
  a.Attr(kFlagsWellKnown, kAttrAsPath, TwoOctetPathWithSet());
  a.Attr(kFlagsOptionalTransitive, kAttrAs4Path, as4);
  BgpUpdate u;
  ASSERT_TRUE(Decode(Update({}, a, Wire().Raw({8, 10})), &u, 2));
  EXPECT_EQ(u.attributes.as_path.ToString(), "65001 23456 23456 {23456,65002}");
  EXPECT_EQ(u.attributes.path().ToString(), "65001 196608 196609 {196610,65002}");
  EXPECT_EQ(u.attributes.path().Length(), u.attributes.as_path.Length());
  EXPECT_EQ(u.attributes.path().OriginAsn(), std::nullopt);  // ends in a set
  EXPECT_EQ(u.attributes.path().FirstAsn(), 65001u);
}

TEST(UpdateTest, As4PathLongerThanAsPathIsIgnored) {
  // RFC 6793 4.2.3: "If the number of AS numbers in the AS_PATH attribute is
  // less than the number of AS numbers in the AS4_PATH attribute, then the
  // AS4_PATH attribute SHALL be ignored, and the AS_PATH attribute SHALL be
  // taken as the AS path information." AS_PATH counts 4 (the set counts
  // one), AS4_PATH 5.
  Wire as4 = Wire().U8(2).U8(5).U32(1).U32(2).U32(3).U32(4).U32(5);
  Wire a;
  a.Attr(kFlagsWellKnown, kAttrAsPath, TwoOctetPathWithSet());
  a.Attr(kFlagsOptionalTransitive, kAttrAs4Path, as4);
  BgpUpdate u;
  ASSERT_TRUE(Decode(Update({}, a, {}), &u, 2));
  EXPECT_EQ(u.attributes.path(), u.attributes.as_path);
}

TEST(UpdateTest, As4PathFromAFourOctetSessionIsNotMerged) {
  // RFC 6793 4.1: NEW speakers exchange 4-octet AS numbers in AS_PATH
  // itself; AS4_PATH is only for paths that crossed OLD speakers, so a
  // 4-octet session's AS_PATH is the path.
  Wire path = Wire().U8(2).U8(2).U32(196608).U32(65001);
  Wire as4 = Wire().U8(2).U8(1).U32(7);
  Wire a;
  a.Attr(kFlagsWellKnown, kAttrAsPath, path);
  a.Attr(kFlagsOptionalTransitive, kAttrAs4Path, as4);
  BgpUpdate u;
  ASSERT_TRUE(Decode(Update({}, a, {}), &u, 4));
  EXPECT_EQ(u.attributes.path().ToString(), "196608 65001");
}

TEST(UpdateTest, As4PathIsMergedEvenWhenALaterAttributeIsMalformed) {
  // Regression (found by bgp_update_fuzz): DecodePathAttributes promises
  // that on error "out then holds what came before", and the MP_REACH routes
  // read before the damage are still emitted; their path() must be the merge
  // of the AS_PATH and AS4_PATH read, not an empty path.
  Wire as4 = Wire().U8(2).U8(2).U32(196608).U32(196609);
  Wire a;
  a.Attr(kFlagsWellKnown, kAttrAsPath, Wire().U8(2).U8(3).U16(65001).U16(kAsTrans).U16(kAsTrans));
  a.Attr(kFlagsOptionalTransitive, kAttrAs4Path, as4);
  a.Attr(kFlagsOptional, kAttrMpReach, MpReachV6(16));
  a.Attr(kFlagsWellKnown, kAttrNextHop, Wire().Raw({1, 2, 3}));  // NEXT_HOP must be 4 octets
  BgpUpdate u;
  ASSERT_FALSE(Decode(Update({}, a, {}), &u, 2));
  ASSERT_EQ(u.attributes.mp_reach.size(), 1u);
  EXPECT_EQ(u.attributes.path().ToString(), "65001 196608 196609");
}

TEST(UpdateTest, AggregatorOfSixAndEightOctets) {
  // RFC 4271 4.3 g): "AGGREGATOR is an optional transitive attribute of
  // length 6. The attribute contains the last AS number that formed the
  // aggregate route (encoded as 2 octets), followed by the IP address of the
  // BGP speaker that formed the aggregate route (encoded as 4 octets)."
  // RFC 6793 3: between NEW speakers the AS number in it is 4 octets (length
  // 8); AS4_AGGREGATOR (type 18) carries the 4-octet AS for OLD speakers.
  Wire a6;
  a6.Attr(kFlagsOptionalTransitive, kAttrAggregator, Wire().U16(kAsTrans).Raw({192, 0, 2, 7}));
  a6.Attr(kFlagsOptionalTransitive, kAttrAs4Aggregator, Wire().U32(196608).Raw({192, 0, 2, 7}));
  BgpUpdate u;
  ASSERT_TRUE(Decode(Update({}, a6, {}), &u, 2));
  EXPECT_EQ(u.attributes.aggregator_asn, kAsTrans);
  EXPECT_EQ(u.attributes.aggregator_address, A("192.0.2.7"));
  EXPECT_EQ(u.attributes.aggregator_raw.size(), 6u);
  EXPECT_EQ(u.attributes.as4_aggregator_asn, 196608u);
  EXPECT_EQ(u.attributes.as4_aggregator_address, A("192.0.2.7"));

  Wire a8;
  a8.Attr(kFlagsOptionalTransitive, kAttrAggregator, Wire().U32(4200000000).Raw({198, 51, 100, 1}));
  ASSERT_TRUE(Decode(Update({}, a8, {}), &u, 4));
  EXPECT_EQ(u.attributes.aggregator_asn, 4200000000u);
  EXPECT_EQ(u.attributes.aggregator_address, A("198.51.100.1"));
  EXPECT_EQ(u.attributes.aggregator_raw.size(), 8u);

  Wire a7;
  a7.Attr(kFlagsOptionalTransitive, kAttrAggregator, Wire().Raw({1, 2, 3, 4, 5, 6, 7}));
  Status s = Decode(Update({}, a7, {}), &u, 4);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kBadLength);
}

TEST(UpdateTest, Communities) {
  // RFC 1997: "The attribute consists of a set of four octet values, each of
  // which specify a community." NO_EXPORT is 0xFFFFFF01.
  Wire a;
  a.Attr(kFlagsOptionalTransitive, kAttrCommunities,
         Wire().U16(64496).U16(100).U32(kCommunityNoExport));
  BgpUpdate u;
  ASSERT_TRUE(Decode(Update({}, a, {}), &u));
  EXPECT_EQ(u.attributes.communities,
            (std::vector<std::uint32_t>{(64496u << 16) | 100u, kCommunityNoExport}));
  Wire bad;
  bad.Attr(kFlagsOptionalTransitive, kAttrCommunities, Wire().U16(1).U16(2).U16(3));
  EXPECT_FALSE(Decode(Update({}, bad, {}), &u));
}

TEST(UpdateTest, ExtendedCommunities) {
  // RFC 4360 2: "Each Extended Community is encoded as an 8-octet quantity".
  Wire a;
  a.Attr(kFlagsOptionalTransitive, kAttrExtCommunities,
         Wire().Raw({0x00, 0x02, 0xfb, 0xf0, 0, 0, 0, 100}).Raw({0x01, 0x03, 192, 0, 2, 1, 0, 7}));
  BgpUpdate u;
  ASSERT_TRUE(Decode(Update({}, a, {}), &u));
  ASSERT_EQ(u.attributes.ext_communities.size(), 2u);
  EXPECT_EQ(u.attributes.ext_communities[0], (ExtCommunity{0x00, 0x02, 0xfb, 0xf0, 0, 0, 0, 100}));
  EXPECT_EQ(u.attributes.ext_communities[1], (ExtCommunity{0x01, 0x03, 192, 0, 2, 1, 0, 7}));
  Wire bad;
  bad.Attr(kFlagsOptionalTransitive, kAttrExtCommunities, Wire().U32(1).U16(2));
  EXPECT_FALSE(Decode(Update({}, bad, {}), &u));
}

TEST(UpdateTest, LargeCommunities) {
  // RFC 8092 3: "Each BGP Large Community value is encoded as a 12-octet
  // quantity": Global Administrator, Local Data Part 1, Local Data Part 2,
  // four octets each.
  Wire a;
  a.Attr(kFlagsOptionalTransitive, kAttrLargeCommunities,
         Wire().U32(4200000000).U32(1).U32(2).U32(64496).U32(0).U32(4294967295));
  BgpUpdate u;
  ASSERT_TRUE(Decode(Update({}, a, {}), &u));
  EXPECT_EQ(u.attributes.large_communities,
            (std::vector<LargeCommunity>{{4200000000, 1, 2}, {64496, 0, 4294967295}}));
  Wire bad;
  bad.Attr(kFlagsOptionalTransitive, kAttrLargeCommunities, Wire().U32(1).U32(2));
  EXPECT_FALSE(Decode(Update({}, bad, {}), &u));
}

TEST(UpdateTest, OnlyToCustomer) {
  // RFC 9234 5: "The OTC Attribute is an optional transitive Path Attribute
  // of the UPDATE message with Attribute Type Code 35 and a length of 4
  // octets."
  Wire a;
  a.Attr(kFlagsOptionalTransitive, kAttrOtc, Wire().U32(64496));
  BgpUpdate u;
  ASSERT_TRUE(Decode(Update({}, a, {}), &u));
  EXPECT_TRUE(u.attributes.has(kAttrOtc));
  EXPECT_EQ(u.attributes.otc, 64496u);
  Wire bad;
  bad.Attr(kFlagsOptionalTransitive, kAttrOtc, Wire().U16(1));
  EXPECT_FALSE(Decode(Update({}, bad, {}), &u));
}

TEST(UpdateTest, UnknownAttributeIsPreservedWhole) {
  // RFC 4271 5: "If a path with an unrecognized transitive optional
  // attribute is accepted and passed to other BGP peers, then the
  // unrecognized transitive optional attribute of that path MUST be passed,
  // along with the path" - so it is kept with its flags and value. RFC 4271
  // 4.3: the Extended Length bit "defines whether the Attribute Length is
  // one octet (if set to 0) or two octets (if set to 1)".
  Wire value;
  for (int i = 0; i < 300; ++i) value.U8(static_cast<std::uint32_t>(i));
  Wire a;
  a.Attr(kFlagsOptionalTransitive | kFlagPartial | kFlagExtendedLength, 99, value);
  a.Attr(kFlagsOptionalTransitive, 200, Wire());
  Wire body = Update({}, a, {});  // the values are views into it
  BgpUpdate u;
  ASSERT_TRUE(Decode(body, &u));
  ASSERT_EQ(u.attributes.unknown.size(), 2u);
  const RawAttribute& r = u.attributes.unknown[0];
  EXPECT_EQ(r.flags, kFlagsOptionalTransitive | kFlagPartial | kFlagExtendedLength);
  EXPECT_EQ(r.type, 99);
  ASSERT_EQ(r.value.size(), 300u);
  EXPECT_EQ(std::to_integer<int>(r.value[299]), 299 & 0xff);
  EXPECT_EQ(u.attributes.unknown[1].type, 200);
  EXPECT_TRUE(u.attributes.unknown[1].value.empty());
  EXPECT_TRUE(u.attributes.has(99));
  EXPECT_TRUE(u.attributes.has(200));
}

// An UPDATE using every kind of field: withdrawn routes, most attributes,
// MP_REACH and MP_UNREACH, and (when with_nlri) classic NLRI.
Wire RichUpdate(bool with_nlri) {
  Wire a = BaseAttributes({64496, 64497, 4200000000}, 4);
  a.Attr(kFlagsOptional, kAttrMed, Wire().U32(10));
  a.Attr(kFlagsWellKnown, kAttrLocalPref, Wire().U32(100));
  a.Attr(kFlagsWellKnown, kAttrAtomicAggregate, Wire());
  a.Attr(kFlagsOptionalTransitive, kAttrAggregator, Wire().U32(64497).Raw({192, 0, 2, 2}));
  a.Attr(kFlagsOptionalTransitive, kAttrCommunities, Wire().U32(1).U32(2));
  a.Attr(kFlagsOptionalTransitive, kAttrLargeCommunities, Wire().U32(1).U32(2).U32(3));
  a.Attr(kFlagsOptionalTransitive, kAttrOtc, Wire().U32(64496));
  a.Attr(kFlagsOptional | kFlagExtendedLength, kAttrMpReach, MpReachV6(32));
  a.Attr(kFlagsOptional, kAttrMpUnreach,
         Wire().U16(kAfiIpv6).U8(kSafiUnicast).Raw({16, 0x20, 0x02}));
  a.Attr(kFlagsOptionalTransitive, 99, Wire().U16(5));
  Wire nlri;
  if (with_nlri) nlri.Raw({24, 192, 0, 2}).Raw({16, 172, 16}).Raw({0});
  return Update(Wire().Raw({8, 10}), a, nlri);
}

TEST(UpdateTest, EveryTruncationWithoutClassicNlriIsRejected) {
  // RFC 4271 4.3: the Withdrawn Routes Length and Total Path Attribute
  // Length give their fields' lengths, and each attribute has its own
  // length: an UPDATE whose routes are all in those fields cannot lose a
  // byte unnoticed. Each cut is copied to a buffer of its own size so that
  // a sanitizer build catches any read past it.
  Wire full = RichUpdate(false);
  BgpUpdate whole;
  ASSERT_TRUE(Decode(full, &whole));
  ASSERT_EQ(whole.attributes.mp_reach.size(), 1u);
  for (std::size_t n = 0; n < full.size(); ++n) {
    std::vector<std::uint8_t> cut(full.bytes().begin(),
                                  full.bytes().begin() + static_cast<std::ptrdiff_t>(n));
    BgpUpdate u;
    Status s = DecodeUpdate(ByteCursor(AsBytes(cut.data(), cut.size())), AttributeContext{}, &u);
    ASSERT_FALSE(s) << "cut at " << n;
    EXPECT_LE(s.error().offset, n) << "cut at " << n;
    EXPECT_FALSE(s.error().message.empty());
  }
}

TEST(UpdateTest, EveryTruncationIsRejectedUnlessItEndsBetweenTwoNlriPrefixes) {
  // RFC 4271 4.3: "The length, in octets, of the Network Layer Reachability
  // Information is not encoded explicitly, but can be calculated as: UPDATE
  // message Length - 23 - Total Path Attributes Length - Withdrawn Routes
  // Length". A body cut between two NLRI prefixes is therefore a valid,
  // shorter UPDATE (the message header's length is what protects it); any
  // other cut must be rejected.
  Wire full = RichUpdate(true);
  BgpUpdate whole;
  ASSERT_TRUE(Decode(full, &whole));
  ASSERT_EQ(whole.nlri.size(), 3u);
  std::size_t nlri_start = full.size() - 4 - 3 - 1;
  std::vector<std::size_t> boundaries = {nlri_start, nlri_start + 4, nlri_start + 7};
  for (std::size_t n = 0; n < full.size(); ++n) {
    std::vector<std::uint8_t> cut(full.bytes().begin(),
                                  full.bytes().begin() + static_cast<std::ptrdiff_t>(n));
    BgpUpdate u;
    Status s = DecodeUpdate(ByteCursor(AsBytes(cut.data(), cut.size())), AttributeContext{}, &u);
    auto boundary = std::find(boundaries.begin(), boundaries.end(), n);
    if (boundary == boundaries.end()) {
      EXPECT_FALSE(s) << "cut at " << n;
      continue;
    }
    ASSERT_TRUE(s) << "cut at " << n;
    std::size_t kept = static_cast<std::size_t>(boundary - boundaries.begin());
    ASSERT_EQ(u.nlri.size(), kept);
    for (std::size_t i = 0; i < kept; ++i) EXPECT_EQ(u.nlri[i].prefix, whole.nlri[i].prefix);
  }
}

TEST(UpdateTest, ReusedUpdateKeepsNothingFromTheLastMessage) {
  // BgpUpdate::Clear() keeps buffers, not content.
  BgpUpdate u;
  ASSERT_TRUE(Decode(RichUpdate(true), &u));
  ASSERT_TRUE(Decode(Update({}, BaseAttributes({1}, 4), Wire().Raw({8, 10})), &u));
  EXPECT_TRUE(u.withdrawn.empty());
  EXPECT_EQ(u.nlri.size(), 1u);
  EXPECT_TRUE(u.attributes.mp_reach.empty());
  EXPECT_TRUE(u.attributes.communities.empty());
  EXPECT_TRUE(u.attributes.unknown.empty());
  EXPECT_FALSE(u.attributes.has(kAttrMed));
}

}  // namespace
}  // namespace manrs
