// bgpdump -m / -M lines, byte for byte as Debian's bgpdump 1.6.2 prints them,
// its oddities included, so that scripts written against bgpdump keep working.
// Each oddity is reproduced on purpose and named where it is done; see
// doc/bgpdump-compat.md.
#include <charconv>
#include <ctime>

#include "manrs/mrt/record.h"
#include "manrs/net/text_append.h"
#include "manrs/output/element_format.h"

namespace manrs {

namespace {

constexpr IpAddress kNoAddress = IpAddress::V4(0xffffffff);  // bgpdump's "not set"

// bgpdump writes IPv6 its own way, not as inet_ntop(3) does: the first
// longest run of zero groups becomes "::" even when it is a single group, and
// only mapped (::ffff:a.b.c.d) and compatible (::a.b.c.d) addresses embed IPv4.
void AppendBgpdumpIpv6(std::string* out, const IpAddress& a) {
  std::uint16_t groups[8];
  for (int i = 0; i < 4; ++i) groups[i] = static_cast<std::uint16_t>(a.hi() >> (48 - 16 * i));
  for (int i = 0; i < 4; ++i) groups[4 + i] = static_cast<std::uint16_t>(a.lo() >> (48 - 16 * i));
  char buf[64];
  std::uint32_t low32 = static_cast<std::uint32_t>(a.lo());
  bool top80_zero = a.hi() == 0 && (a.lo() >> 48) == 0;
  bool mapped = top80_zero && groups[5] == 0xffff;
  bool compat = top80_zero && groups[5] == 0 && low32 > 1;
  if (mapped || compat) {
    out->append(mapped ? "::ffff:" : "::");
    AppendAddress(out, IpAddress::V4(low32));
    return;
  }
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (groups[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i > best_len) best = i, best_len = j - i;
    i = j;
  }
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      if (i == 0) out->push_back(':');
      out->push_back(':');
      i += best_len - 1;
      continue;
    }
    auto [end, ec] = std::to_chars(buf, buf + 8, groups[i], 16);
    out->append(buf, end);
    if (i != 7) out->push_back(':');
  }
}

void AppendIp(std::string* out, const IpAddress& a) {
  if (a.is_v6()) {
    AppendBgpdumpIpv6(out, a);
    return;
  }
  AppendAddress(out, a);
}

// An address printed through an IPv4-only path of bgpdump: the first four
// octets of whatever is stored.
void AppendAsV4(std::string* out, const IpAddress& a) {
  AppendIp(out, IpAddress::V4(static_cast<std::uint32_t>(a.hi() >> 32)));
}

void AppendCommunities(std::string* out, const std::vector<std::uint32_t>& communities) {
  bool first = true;
  for (std::uint32_t c : communities) {
    if (!first) out->push_back(' ');
    first = false;
    if (c == kCommunityNoExport) {
      out->append("no-export");
    } else if (c == kCommunityNoAdvertise) {
      out->append("no-advertise");
    } else if (c == kCommunityNoExportSubconfed) {
      out->append("local-AS");
    } else {
      AppendUint(out, c >> 16);
      out->push_back(':');
      AppendUint(out, c & 0xffff);
    }
  }
}

class BgpdumpFormat final : public ElementFormat {
 public:
  explicit BgpdumpFormat(bool human_time) : human_time_(human_time) {}

  void Append(const Element& e, std::string* out) override {
    if (e.type == ElementType::kMessage) return;  // bgpdump -m prints no OPEN etc.
    AppendLineStart(e, out);
    if (e.type == ElementType::kStateChange) {
      AppendPeer(e, out);
      AppendUint(out, e.old_state);
      out->push_back('|');
      AppendUint(out, e.new_state);
      out->push_back('\n');
      return;
    }
    AppendPeer(e, out);
    AppendPrefix(e, out);
    if (e.type == ElementType::kWithdraw) {
      out->push_back('\n');
      return;
    }
    const PathAttributes& a = *e.attributes;
    out->push_back('|');
    if (a.has(kAttrAsPath)) a.path().AppendTo(out);
    out->push_back('|');
    out->append(a.origin == Origin::kIgp ? "IGP" : a.origin == Origin::kEgp ? "EGP" : "INCOMPLETE");
    if (human_time_) {
      out->push_back('\n');
      return;
    }
    out->push_back('|');
    AppendNextHop(e, a, out);
    out->push_back('|');
    if (e.mrt_type == kMrtBgp) {
      AppendMrtBgpTail(a, out);
      return;
    }
    std::uint32_t local_pref = a.has(kAttrLocalPref) ? a.local_pref : 0;
    std::uint32_t med = a.has(kAttrMed) ? a.med : 0;
    if (SignedPreferences(e)) {
      AppendInt(out, static_cast<std::int32_t>(local_pref));
      out->push_back('|');
      AppendInt(out, static_cast<std::int32_t>(med));
    } else {
      AppendUint(out, local_pref);
      out->push_back('|');
      AppendUint(out, med);
    }
    out->push_back('|');
    if (a.has(kAttrCommunities)) AppendCommunities(out, a.communities);
    out->append(a.has(kAttrAtomicAggregate) ? "|AG|" : "|NAG|");
    AppendAggregator(e, a, out);
    out->append("|\n");
  }

 private:
  // The MRTd BGP type's lines lack the '|' between MED and communities.
  static void AppendMrtBgpTail(const PathAttributes& a, std::string* out) {
    AppendUint(out, a.has(kAttrLocalPref) ? a.local_pref : 0);
    out->push_back('|');
    AppendUint(out, a.has(kAttrMed) ? a.med : 0);
    if (a.has(kAttrCommunities)) {
      AppendCommunities(out, a.communities);
      out->push_back('|');
    } else {
      out->push_back('|');
    }
    out->append(a.has(kAttrAtomicAggregate) ? "AG|" : "NAG|");
    if (a.has(kAttrAggregator) && a.aggregator_address != kNoAddress) {
      AppendUint(out, a.aggregator_asn);
      out->push_back(' ');
      AppendIp(out, a.aggregator_address);
    }
    out->append("|\n");
  }

  static bool IsRib(const Element& e) {
    return e.mrt_type == kMrtTableDump || e.mrt_type == kMrtTableDumpV2;
  }

  void AppendLineStart(const Element& e, std::string* out) const {
    switch (e.mrt_type) {
      case kMrtTableDump:
        out->append("TABLE_DUMP|");
        break;
      case kMrtTableDumpV2:
        out->append(e.add_path ? "TABLE_DUMP2_AP|" : "TABLE_DUMP2|");
        break;
      case kMrtBgp:
        out->append("BGP|");
        break;
      default:
        out->append(e.mrt_type == kMrtBgp4mpEt ? "BGP4MP_ET" : "BGP4MP");
        if (e.local) out->append("_LOCAL");
        if (e.add_path) out->append("_AP");
        out->push_back('|');
        break;
    }
    if (human_time_) {
      std::time_t t = e.timestamp;
      std::tm tm;
      gmtime_r(&t, &tm);
      char buf[32];
      std::size_t n = std::strftime(buf, sizeof(buf), "%m/%d/%y %H:%M:%S", &tm);
      out->append(buf, n);
    } else {
      AppendUint(out, e.timestamp);
    }
    if (e.mrt_type == kMrtBgp4mpEt) {
      char buf[16];
      std::uint32_t us = e.microseconds;
      buf[0] = '.';
      for (int i = 6; i >= 1; --i) {
        buf[i] = static_cast<char>('0' + us % 10);
        us /= 10;
      }
      out->append(buf, 7);
    }
    switch (e.type) {
      case ElementType::kRibEntry:
        out->append("|B|");
        break;
      case ElementType::kAnnounce:
        out->append("|A|");
        break;
      case ElementType::kWithdraw:
        out->append("|W|");
        break;
      case ElementType::kStateChange:
      case ElementType::kMessage:
        out->append("|STATE|");
        break;
    }
  }

  // bgpdump names the far end of the session: the collector itself for the
  // *_LOCAL subtypes, whose messages the collector sent.
  static void AppendPeer(const Element& e, std::string* out) {
    AppendIp(out, e.local ? e.local_ip : e.peer_ip);
    out->push_back('|');
    AppendUint(out, e.local ? e.local_asn : e.peer_asn);
    out->push_back('|');
  }

  static void AppendPrefix(const Element& e, std::string* out) {
    // bgpdump prints the prefix bytes as sent, host bits included. For the
    // MRTd BGP type it prints the peer address instead of a withdrawn
    // prefix's address (two inet_ntoa() calls sharing one buffer).
    if (e.mrt_type == kMrtBgp && e.type == ElementType::kWithdraw) {
      AppendIp(out, e.peer_ip);
    } else {
      AppendIp(out, e.wire_address);
    }
    out->push_back('/');
    AppendUint(out, static_cast<std::uint64_t>(e.prefix.length()));
    if (e.add_path) {
      out->push_back('|');
      AppendUint(out, e.path_id);
    }
  }

  // bgpdump prints LOCAL_PREF and MED signed for IPv4 prefixes that came in
  // MP_REACH_NLRI.
  static bool SignedPreferences(const Element& e) {
    return !IsRib(e) && e.mp_reach != nullptr && e.prefix.is_v4();
  }

  static void AppendNextHop(const Element& e, const PathAttributes& a, std::string* out) {
    IpAddress nh = a.has(kAttrNextHop) ? a.next_hop : kNoAddress;
    if (IsRib(e)) {
      // RIB entries: the IPv6 next hop of an MP_REACH_NLRI if there is one
      // (bgpdump does not find it in ADD-PATH RIB records), else NEXT_HOP.
      if (e.mp_reach && e.mp_reach->next_hop.is_v6() && !e.add_path) {
        nh = e.mp_reach->next_hop;
      }
      AppendIp(out, nh);
      return;
    }
    if (!e.mp_reach) {
      AppendIp(out, nh);
    } else if (e.prefix.is_v4()) {
      AppendAsV4(out, e.mp_reach->next_hop);
    } else {
      AppendIp(out, e.mp_reach->next_hop);
    }
  }

  // bgpdump reads AGGREGATOR with the session's AS size whatever the length
  // of the attribute, and takes AS4_AGGREGATOR when the AS is AS_TRANS.
  static void AppendAggregator(const Element& e, const PathAttributes& a, std::string* out) {
    if (!a.has(kAttrAggregator)) return;
    std::uint8_t raw[8] = {};
    for (std::size_t i = 0; i < a.aggregator_raw.size() && i < 8; ++i) {
      raw[i] = std::to_integer<std::uint8_t>(a.aggregator_raw[i]);
    }
    Asn asn;
    IpAddress address;
    if (e.asn_size == 2) {
      asn = static_cast<Asn>((raw[0] << 8) | raw[1]);
      address = IpAddress::FromBytes(Afi::kIpv4, raw + 2);
    } else {
      asn = (Asn{raw[0]} << 24) | (Asn{raw[1]} << 16) | (Asn{raw[2]} << 8) | raw[3];
      address = IpAddress::FromBytes(Afi::kIpv4, raw + 4);
    }
    if (e.asn_size == 2 && a.has(kAttrAs4Aggregator) && asn == kAsTrans) {
      asn = a.as4_aggregator_asn;
      address = a.as4_aggregator_address;
    }
    if (address == kNoAddress) return;
    AppendUint(out, asn);
    out->push_back(' ');
    AppendIp(out, address);
  }

  bool human_time_;
};

}  // namespace

std::unique_ptr<ElementFormat> MakeBgpdumpFormat(bool human_time) {
  return std::make_unique<BgpdumpFormat>(human_time);
}

}  // namespace manrs
