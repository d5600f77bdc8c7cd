// The built-in bogon tables and the Team Cymru list loader.
#include "manrs/validate/bogons.h"

#include <algorithm>
#include <array>
#include <map>

#include "fmt/format.h"
#include "manrs/base/text.h"
#include "validate/text_file.h"

namespace manrs {

namespace {

// IANA IPv4 Special-Purpose Address Registry (RFC 6890 section 2.2.2, as
// updated), then the non-unicast blocks of the IANA IPv4 Address Space
// registry. Sub-blocks listed after their parent give a more precise name or
// a "Globally Reachable" exception.
constexpr SpecialPurposeBlock kBlocks[] = {
    {"0.0.0.0/8", "\"This network\"", "RFC 791 section 3.2", false},
    {"10.0.0.0/8", "Private-Use", "RFC 1918", false},
    {"100.64.0.0/10", "Shared Address Space", "RFC 6598", false},
    {"127.0.0.0/8", "Loopback", "RFC 1122 section 3.2.1.3", false},
    {"169.254.0.0/16", "Link Local", "RFC 3927", false},
    {"172.16.0.0/12", "Private-Use", "RFC 1918", false},
    {"192.0.0.0/24", "IETF Protocol Assignments", "RFC 6890 section 2.1", false},
    {"192.0.0.0/29", "IPv4 Service Continuity Prefix", "RFC 7335", false},
    {"192.0.0.9/32", "Port Control Protocol Anycast", "RFC 7723", true},
    {"192.0.0.10/32", "Traversal Using Relays around NAT Anycast", "RFC 8155", true},
    {"192.0.2.0/24", "Documentation (TEST-NET-1)", "RFC 5737", false},
    {"192.31.196.0/24", "AS112-v4", "RFC 7535", true},
    {"192.52.193.0/24", "AMT", "RFC 7450", true},
    {"192.88.99.0/24", "Deprecated (6to4 Relay Anycast)", "RFC 7526", false},
    {"192.168.0.0/16", "Private-Use", "RFC 1918", false},
    {"192.175.48.0/24", "Direct Delegation AS112 Service", "RFC 7534", true},
    {"198.18.0.0/15", "Benchmarking", "RFC 2544", false},
    {"198.51.100.0/24", "Documentation (TEST-NET-2)", "RFC 5737", false},
    {"203.0.113.0/24", "Documentation (TEST-NET-3)", "RFC 5737", false},
    {"224.0.0.0/4", "Multicast", "RFC 5771", false},
    {"240.0.0.0/4", "Reserved", "RFC 1112 section 4", false},
    {"255.255.255.255/32", "Limited Broadcast", "RFC 919 section 7", false},
    // IANA IPv6 Address Space registry: everything outside 2000::/3 is
    // reserved by the IETF, unique-local, link-local or multicast.
    {"::/8", "Reserved by IETF", "RFC 4291", false},
    {"100::/8", "Reserved by IETF", "RFC 4291", false},
    {"200::/7", "Reserved by IETF", "RFC 4048", false},
    {"400::/6", "Reserved by IETF", "RFC 4291", false},
    {"800::/5", "Reserved by IETF", "RFC 4291", false},
    {"1000::/4", "Reserved by IETF", "RFC 4291", false},
    {"4000::/3", "Reserved by IETF", "RFC 4291", false},
    {"6000::/3", "Reserved by IETF", "RFC 4291", false},
    {"8000::/3", "Reserved by IETF", "RFC 4291", false},
    {"a000::/3", "Reserved by IETF", "RFC 4291", false},
    {"c000::/3", "Reserved by IETF", "RFC 4291", false},
    {"e000::/4", "Reserved by IETF", "RFC 4291", false},
    {"f000::/5", "Reserved by IETF", "RFC 4291", false},
    {"f800::/6", "Reserved by IETF", "RFC 4291", false},
    {"fc00::/7", "Unique-Local", "RFC 4193", false},
    {"fe00::/9", "Reserved by IETF", "RFC 4291", false},
    {"fe80::/10", "Link-Local Unicast", "RFC 4291", false},
    {"fec0::/10", "Reserved by IETF (formerly Site-Local)", "RFC 3879", false},
    {"ff00::/8", "Multicast", "RFC 4291", false},
    // IANA IPv6 Special-Purpose Address Registry (RFC 6890 section 2.2.3, as
    // updated).
    {"::1/128", "Loopback Address", "RFC 4291", false},
    {"::/128", "Unspecified Address", "RFC 4291", false},
    {"::ffff:0:0/96", "IPv4-mapped Address", "RFC 4291", false},
    {"64:ff9b::/96", "IPv4-IPv6 Translation", "RFC 6052", true},
    {"64:ff9b:1::/48", "IPv4-IPv6 Translation (local use)", "RFC 8215", false},
    {"100::/64", "Discard-Only Address Block", "RFC 6666", false},
    {"2001::/23", "IETF Protocol Assignments", "RFC 2928", false},
    // The registry says "N/A"; Teredo relays announce it (RFC 4380).
    {"2001::/32", "TEREDO", "RFC 4380", true},
    {"2001:1::1/128", "Port Control Protocol Anycast", "RFC 7723", true},
    {"2001:1::2/128", "Traversal Using Relays around NAT Anycast", "RFC 8155", true},
    {"2001:2::/48", "Benchmarking", "RFC 5180", false},
    {"2001:3::/32", "AMT", "RFC 7450", true},
    {"2001:4:112::/48", "AS112-v6", "RFC 7535", true},
    {"2001:10::/28", "Deprecated (previously ORCHID)", "RFC 4843", false},
    {"2001:20::/28", "ORCHIDv2", "RFC 7343", true},
    {"2001:30::/28", "Drone Remote ID Protocol Entity Tags (DETs) Prefix", "RFC 9374", true},
    {"2001:db8::/32", "Documentation", "RFC 3849", false},
    {"2620:4f:8000::/48", "Direct Delegation AS112 Service", "RFC 7534", true},
    {"3fff::/20", "Documentation", "RFC 9637", false},
    {"5f00::/16", "Segment Routing (SRv6) SIDs", "RFC 9602", false},
};

// IANA "Special-Purpose AS Numbers" and the reserved block of the "16-bit
// and 32-bit AS Numbers" registry, ascending.
constexpr BogonAsnRange kAsnRanges[] = {
    {0, 0, BogonAsnKind::kReservedZero, "RFC 7607"},
    {23456, 23456, BogonAsnKind::kAsTransAsn, "RFC 6793"},
    {64496, 64511, BogonAsnKind::kDocumentation, "RFC 5398"},
    {64512, 65534, BogonAsnKind::kPrivateUse, "RFC 6996"},
    {65535, 65535, BogonAsnKind::kLastReserved, "RFC 7300"},
    {65536, 65551, BogonAsnKind::kDocumentation, "RFC 5398"},
    {65552, 131071, BogonAsnKind::kIanaReserved, "IANA"},
    {4200000000u, 4294967294u, BogonAsnKind::kPrivateUse, "RFC 6996"},
    {4294967295u, 4294967295u, BogonAsnKind::kLastReserved, "RFC 7300"},
};

// Where each built-in block came from, for Match.
const std::map<Prefix, const SpecialPurposeBlock*>& BlockIndex() {
  static const auto* index = [] {
    auto* m = new std::map<Prefix, const SpecialPurposeBlock*>;
    for (const SpecialPurposeBlock& b : kBlocks) (*m)[*Prefix::Parse(b.prefix)] = &b;
    return m;
  }();
  return *index;
}

}  // namespace

std::span<const SpecialPurposeBlock> SpecialPurposeBlocks() { return kBlocks; }

BogonPrefixes BogonPrefixes::BuiltIn() {
  BogonPrefixes b;
  for (const auto& [prefix, block] : BlockIndex()) {
    (block->globally_reachable ? b.reachable_ : b.special_).Insert(prefix);
  }
  return b;
}

Result<std::size_t> BogonPrefixes::LoadList(const std::string& path, ProblemLog& problems) {
  auto text = validate_internal::ReadTextFile(path, problems);
  if (!text) return Unexpected<Error>(text.error());
  return ParseList(*text, path, problems);
}

Result<std::size_t> BogonPrefixes::ParseList(std::string_view text, const std::string& source,
                                             ProblemLog& problems) {
  std::size_t added = 0;
  std::size_t parsed = 0;
  validate_internal::ForEachLine(
      text, [&](std::uint64_t number, std::uint64_t offset, std::string_view line) {
        line = Trim(line.substr(0, line.find('#')));
        if (line.empty()) return;
        auto prefix = Prefix::Parse(line);
        if (!prefix) {
          problems.ReportAtLine(source, offset, number,
                                fmt::format("not a prefix: {}", prefix.error().message));
          return;
        }
        ++parsed;
        if (listed_.Insert(*prefix)) ++added;
      });
  if (parsed == 0) {
    return MakeError(ErrorCode::kParse, fmt::format("{}: no bogon prefix in the list", source));
  }
  return added;
}

std::optional<BogonPrefixMatch> BogonPrefixes::Match(const Prefix& route) const {
  if (std::optional<Prefix> block = special_.LongestMatch(route)) {
    std::optional<Prefix> exception = reachable_.LongestMatch(route);
    if (!exception || exception->length() < block->length()) {
      auto it = BlockIndex().find(*block);
      return BogonPrefixMatch{*block, BogonSource::kSpecialPurpose,
                              it == BlockIndex().end() ? nullptr : it->second};
    }
  }
  if (std::optional<Prefix> block = listed_.LongestMatch(route)) {
    return BogonPrefixMatch{*block, BogonSource::kList, nullptr};
  }
  return std::nullopt;
}

bool TooSpecific(const Prefix& route) {
  return route.length() > (route.is_v4() ? kMaxAcceptedIpv4Length : kMaxAcceptedIpv6Length);
}

const char* BogonAsnKindName(BogonAsnKind kind) {
  switch (kind) {
    case BogonAsnKind::kReservedZero:
      return "reserved-zero";
    case BogonAsnKind::kAsTransAsn:
      return "as-trans";
    case BogonAsnKind::kDocumentation:
      return "documentation";
    case BogonAsnKind::kPrivateUse:
      return "private-use";
    case BogonAsnKind::kLastReserved:
      return "last-reserved";
    case BogonAsnKind::kIanaReserved:
      return "iana-reserved";
  }
  return "?";
}

std::span<const BogonAsnRange> BogonAsnRanges() { return kAsnRanges; }

const BogonAsnRange* ClassifyBogonAsn(Asn asn) {
  // Nearly every AS in real paths lies below the first range after AS 0.
  if (asn != 0 && asn < kAsnRanges[1].first) return nullptr;
  // The first range whose last AS is >= asn.
  const BogonAsnRange* it =
      std::lower_bound(std::begin(kAsnRanges), std::end(kAsnRanges), asn,
                       [](const BogonAsnRange& r, Asn a) { return r.last < a; });
  return it != std::end(kAsnRanges) && it->first <= asn ? it : nullptr;
}

namespace {

// Calls fn(hit) for each bogon AS of path in AS_PATH order until fn returns
// false. Confederation segments are skipped but counted in the index.
template <typename Fn>
void ForEachBogonAsn(const AsPath& path, Fn fn) {
  std::size_t index = 0;
  for (std::size_t s = 0; s < path.segment_count(); ++s) {
    const AsPathSegment segment = path.segment(s);
    const bool confed =
        segment.type == SegmentType::kConfedSequence || segment.type == SegmentType::kConfedSet;
    for (Asn a : segment.asns) {
      if (!confed) {
        if (const BogonAsnRange* r = ClassifyBogonAsn(a); r && !fn(BogonAsnHit{index, a, r})) {
          return;
        }
      }
      ++index;
    }
  }
}

}  // namespace

void FindBogonAsns(const AsPath& path, std::vector<BogonAsnHit>* hits) {
  hits->clear();
  ForEachBogonAsn(path, [&](const BogonAsnHit& hit) {
    hits->push_back(hit);
    return true;
  });
}

std::vector<BogonAsnHit> FindBogonAsns(const AsPath& path) {
  std::vector<BogonAsnHit> hits;
  FindBogonAsns(path, &hits);
  return hits;
}

std::optional<BogonAsnHit> FindBogonAsn(const AsPath& path) {
  std::optional<BogonAsnHit> first;
  ForEachBogonAsn(path, [&](const BogonAsnHit& hit) {
    first = hit;
    return false;
  });
  return first;
}

}  // namespace manrs
