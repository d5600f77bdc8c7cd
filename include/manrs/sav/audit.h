// The traffic audit: each packet's (or flow's) source address against the
// allow-list of the interface it came in on, with the reason a source is not
// allowed:
//   martian      IANA special-purpose space that is not globally reachable
//                (0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12,
//                192.168/16, 224/4, 240/4, ::/128, ::1, fc00::/7, fe80::/10,
//                ff00::/8, ...: the validate area's built-in IANA table);
//   bogon        routable-looking but unallocated (a loaded bogon list);
//   not_allowed  routable but not in the interface's list.
// Martian space is taken out of every allow-list first, so a list that holds
// 10.0.0.0/8 (a peer announced it) still counts those packets as martian.
#ifndef MANRS_SAV_AUDIT_H_
#define MANRS_SAV_AUDIT_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "manrs/net/asn.h"
#include "manrs/sav/address_intervals.h"
#include "manrs/validate/bogons.h"

namespace manrs {

enum class SourceVerdict : std::uint8_t { kAllowed, kMartian, kBogon, kNotAllowed };
inline constexpr int kVerdicts = 4;
// "allowed", "martian", "bogon", "not_allowed".
const char* SourceVerdictName(SourceVerdict v);

struct AuditInterface {
  std::string name;     // the list's name ("sav_AS64496_192_0_2_1", or "default")
  Asn peer_asn = 0;     // 0: unknown
  std::string peer_ip;  // empty: unknown
  std::vector<Prefix> allow;
};

// Immutable after construction; Classify may be called from many threads.
class SourceClassifier {
 public:
  // bogons may be null: sources outside the lists are then not_allowed.
  SourceClassifier(std::vector<AuditInterface> interfaces, const BogonPrefixes* bogons);

  // REQUIRES: iface < interfaces().size().
  SourceVerdict Classify(std::size_t iface, const IpAddress& source) const {
    if (allowed_[iface].Contains(source)) return SourceVerdict::kAllowed;
    return ClassifyOutside(source);
  }
  // The verdict of a source that is on no list.
  SourceVerdict ClassifyOutside(const IpAddress& source) const;

  const std::vector<AuditInterface>& interfaces() const { return interfaces_; }

 private:
  std::vector<AuditInterface> interfaces_;
  std::vector<AddressIntervals> allowed_;  // each list minus martian space
  AddressIntervals martian_;
  const BogonPrefixes* bogons_;
};

struct TrafficCounts {
  std::uint64_t packets[kVerdicts] = {};
  std::uint64_t bytes[kVerdicts] = {};
  std::uint64_t total_packets() const;
  std::uint64_t total_bytes() const;
  std::uint64_t spoofed_packets() const { return total_packets() - packets[0]; }
  std::uint64_t spoofed_bytes() const { return total_bytes() - bytes[0]; }
};

// What was seen but not classified.
struct AuditSkipped {
  std::uint64_t not_ip = 0;     // ARP, LLDP, ...
  std::uint64_t truncated = 0;  // frame ends before the source address
  std::uint64_t bad_ip = 0;     // IP version disagrees with the link layer
  std::uint64_t unmapped = 0;   // no interface for the packet (--interfaces)
  std::uint64_t unsupported_link = 0;
};

// Counters over a stream of (interface, source, bytes); per interface, and
// per spoofed source (the first max_sources distinct ones; the rest are
// summed in other_sources).
class SavAudit {
 public:
  explicit SavAudit(const SourceClassifier& classifier, std::size_t max_sources = 1 << 20);

  SourceVerdict Add(std::size_t iface, const IpAddress& source, std::uint64_t bytes,
                    std::uint64_t packets = 1) {
    const SourceVerdict v = classifier_.Classify(iface, source);
    TrafficCounts& c = by_interface_[iface];
    c.packets[static_cast<int>(v)] += packets;
    c.bytes[static_cast<int>(v)] += bytes;
    if (v != SourceVerdict::kAllowed) AddSpoofed(iface, source, v, bytes, packets);
    return v;
  }
  AuditSkipped& skipped() { return skipped_; }
  const AuditSkipped& skipped() const { return skipped_; }

  TrafficCounts Total() const;
  const std::string& interface_name(std::size_t iface) const {
    return classifier_.interfaces()[iface].name;
  }
  const std::vector<TrafficCounts>& by_interface() const { return by_interface_; }

  struct SourceRow {
    IpAddress source;
    std::size_t iface;
    SourceVerdict verdict;
    std::uint64_t packets, bytes;
  };
  // The spoofed sources, most packets first (ties: by address).
  std::vector<SourceRow> TopSources(std::size_t n) const;
  std::uint64_t other_sources_packets() const { return other_sources_packets_; }

  // When set, the listed spoofed sources name the routed prefix covering
  // them and its origin AS ("routed_prefix", "origin_asn"; null when none).
  using SourceResolver = std::function<std::optional<std::pair<Prefix, Asn>>(const IpAddress&)>;
  void set_source_resolver(SourceResolver r) { resolver_ = std::move(r); }

  // The JSON report (doc/sav.md "Audit output"); `inputs` names what was read
  // and `kind` says how ("pcap", "netflow").
  // `extra`, when not empty, is more members ("\"collector\": {...}").
  std::string ToJson(const std::string& kind, const std::vector<std::string>& inputs,
                     std::size_t top, const std::string& extra = "") const;
  std::string ToText(std::size_t top) const;

 private:
  void AddSpoofed(std::size_t iface, const IpAddress& source, SourceVerdict v, std::uint64_t bytes,
                  std::uint64_t packets);
  const SourceClassifier& classifier_;
  std::size_t max_sources_;
  std::vector<TrafficCounts> by_interface_;
  AuditSkipped skipped_;
  struct Key {
    std::uint64_t hi, lo;
    std::uint32_t iface;
    std::uint8_t v4;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const {
      return static_cast<std::size_t>((k.hi * 0x9E3779B97F4A7C15ull) ^
                                      (k.lo * 0xC2B2AE3D27D4EB4Full) ^ k.iface);
    }
  };
  struct Row {
    SourceVerdict verdict;
    std::uint64_t packets = 0, bytes = 0;
  };
  std::unordered_map<Key, Row, KeyHash> sources_;
  std::uint64_t other_sources_packets_ = 0;
  SourceResolver resolver_;
};

}  // namespace manrs

#endif  // MANRS_SAV_AUDIT_H_
