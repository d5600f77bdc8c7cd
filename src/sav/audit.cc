#include "manrs/sav/audit.h"

#include <algorithm>

#include "fmt/format.h"
#include "manrs/base/json_string.h"

namespace manrs {

const char* SourceVerdictName(SourceVerdict v) {
  switch (v) {
    case SourceVerdict::kAllowed:
      return "allowed";
    case SourceVerdict::kMartian:
      return "martian";
    case SourceVerdict::kBogon:
      return "bogon";
    case SourceVerdict::kNotAllowed:
      return "not_allowed";
  }
  return "?";
}

SourceClassifier::SourceClassifier(std::vector<AuditInterface> interfaces,
                                   const BogonPrefixes* bogons)
    : interfaces_(std::move(interfaces)), bogons_(bogons) {
  std::vector<Prefix> special, reachable;
  for (const SpecialPurposeBlock& b : SpecialPurposeBlocks()) {
    (b.globally_reachable ? reachable : special).push_back(*Prefix::Parse(b.prefix));
  }
  martian_ =
      AddressIntervals::FromPrefixes(special).Minus(AddressIntervals::FromPrefixes(reachable));
  for (const AuditInterface& i : interfaces_) {
    allowed_.push_back(AddressIntervals::FromPrefixes(i.allow).Minus(martian_));
  }
}

SourceVerdict SourceClassifier::ClassifyOutside(const IpAddress& source) const {
  if (martian_.Contains(source)) return SourceVerdict::kMartian;
  if (bogons_ != nullptr &&
      bogons_->IsBogon(Prefix::Normalized(source, MaxPrefixLength(source.afi())))) {
    return SourceVerdict::kBogon;
  }
  return SourceVerdict::kNotAllowed;
}

std::uint64_t TrafficCounts::total_packets() const {
  std::uint64_t n = 0;
  for (auto p : packets) n += p;
  return n;
}

std::uint64_t TrafficCounts::total_bytes() const {
  std::uint64_t n = 0;
  for (auto b : bytes) n += b;
  return n;
}

SavAudit::SavAudit(const SourceClassifier& classifier, std::size_t max_sources)
    : classifier_(classifier),
      max_sources_(max_sources),
      by_interface_(classifier.interfaces().size()) {}

void SavAudit::AddSpoofed(std::size_t iface, const IpAddress& source, SourceVerdict v,
                          std::uint64_t bytes, std::uint64_t packets) {
  const Key key{source.hi(), source.lo(), static_cast<std::uint32_t>(iface),
                static_cast<std::uint8_t>(source.is_v4())};
  auto it = sources_.find(key);
  if (it == sources_.end()) {
    if (sources_.size() >= max_sources_) {
      other_sources_packets_ += packets;
      return;
    }
    it = sources_.emplace(key, Row{v, 0, 0}).first;
  }
  it->second.packets += packets;
  it->second.bytes += bytes;
}

TrafficCounts SavAudit::Total() const {
  TrafficCounts t;
  for (const TrafficCounts& c : by_interface_) {
    for (int v = 0; v < kVerdicts; ++v) {
      t.packets[v] += c.packets[v];
      t.bytes[v] += c.bytes[v];
    }
  }
  return t;
}

std::vector<SavAudit::SourceRow> SavAudit::TopSources(std::size_t n) const {
  std::vector<SourceRow> rows;
  rows.reserve(sources_.size());
  for (const auto& [k, r] : sources_) {
    const IpAddress a =
        k.v4 ? IpAddress::V4(static_cast<std::uint32_t>(k.hi >> 32)) : IpAddress::V6(k.hi, k.lo);
    rows.push_back({a, k.iface, r.verdict, r.packets, r.bytes});
  }
  auto order = [](const SourceRow& a, const SourceRow& b) {
    if (a.packets != b.packets) return a.packets > b.packets;
    if (a.source != b.source) return a.source < b.source;
    return a.iface < b.iface;
  };
  if (rows.size() > n) {
    std::partial_sort(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(n), rows.end(),
                      order);
    rows.resize(n);
  } else {
    std::sort(rows.begin(), rows.end(), order);
  }
  return rows;
}

namespace {

std::string Quoted(std::string_view s) {
  std::string out;
  AppendJsonString(&out, s);
  return out;
}

std::string Reasons(const std::uint64_t (&counts)[kVerdicts]) {
  return fmt::format("{{\"martian\": {}, \"bogon\": {}, \"not_allowed\": {}}}", counts[1],
                     counts[2], counts[3]);
}

}  // namespace

std::string SavAudit::ToJson(const std::string& kind, const std::vector<std::string>& inputs,
                             std::size_t top, const std::string& extra) const {
  const TrafficCounts t = Total();
  std::string out = "{\"report\": \"manrs-sav-audit\", \"version\": 1, \"source\": " + Quoted(kind);
  out += ", \"inputs\": [";
  for (std::size_t i = 0; i < inputs.size(); ++i) out += (i ? ", " : "") + Quoted(inputs[i]);
  out += fmt::format(
      "],\n \"packets\": {}, \"bytes\": {}, \"spoofed_packets\": {}, \"spoofed_bytes\": {},\n"
      " \"by_reason\": {}, \"by_reason_bytes\": {},\n",
      t.total_packets(), t.total_bytes(), t.spoofed_packets(), t.spoofed_bytes(),
      Reasons(t.packets), Reasons(t.bytes));
  out += fmt::format(
      " \"skipped\": {{\"not_ip\": {}, \"truncated\": {}, \"bad_ip\": {}, \"unmapped\": {}, "
      "\"unsupported_link\": {}}},\n \"by_interface\": {{",
      skipped_.not_ip, skipped_.truncated, skipped_.bad_ip, skipped_.unmapped,
      skipped_.unsupported_link);
  const auto& ifaces = classifier_.interfaces();
  for (std::size_t i = 0; i < ifaces.size(); ++i) {
    const TrafficCounts& c = by_interface_[i];
    out += fmt::format(
        "{}\n  {}: {{\"peer_asn\": {}, \"peer_ip\": {}, \"allow_prefixes\": {}, \"packets\": {}, "
        "\"bytes\": {}, \"spoofed_packets\": {}, \"spoofed_bytes\": {}, \"by_reason\": {}}}",
        i ? "," : "", Quoted(ifaces[i].name),
        ifaces[i].peer_asn ? std::to_string(ifaces[i].peer_asn) : "null",
        ifaces[i].peer_ip.empty() ? "null" : Quoted(ifaces[i].peer_ip), ifaces[i].allow.size(),
        c.total_packets(), c.total_bytes(), c.spoofed_packets(), c.spoofed_bytes(),
        Reasons(c.packets));
  }
  out += "},\n \"top_sources\": [";
  const auto rows = TopSources(top);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const AuditInterface& f = ifaces[rows[i].iface];
    std::string routed;
    if (resolver_) {
      const auto r = resolver_(rows[i].source);
      routed = r ? fmt::format(", \"routed_prefix\": \"{}\", \"origin_asn\": {}",
                               r->first.ToString(), r->second ? std::to_string(r->second) : "null")
                 : ", \"routed_prefix\": null, \"origin_asn\": null";
    }
    out += fmt::format(
        "{}\n  {{\"source\": \"{}\", \"interface\": {}, \"peer_asn\": {}, \"reason\": \"{}\", "
        "\"packets\": {}, \"bytes\": {}{}}}",
        i ? "," : "", rows[i].source.ToString(), Quoted(f.name),
        f.peer_asn ? std::to_string(f.peer_asn) : "null", SourceVerdictName(rows[i].verdict),
        rows[i].packets, rows[i].bytes, routed);
  }
  out += fmt::format("],\n \"distinct_spoofed_sources\": {}, \"other_sources_packets\": {}",
                     sources_.size(), other_sources_packets_);
  if (!extra.empty()) out += ",\n " + extra;
  out += "}\n";
  return out;
}

std::string SavAudit::ToText(std::size_t top) const {
  const TrafficCounts t = Total();
  auto pct = [](std::uint64_t a, std::uint64_t b) {
    return b ? 100.0 * double(a) / double(b) : 0.0;
  };
  std::string out = fmt::format(
      "packets {} bytes {}\nspoofed packets {} ({:.2f} %) bytes {}\n"
      "  martian {}  bogon {}  not allowed {}\n",
      t.total_packets(), t.total_bytes(), t.spoofed_packets(),
      pct(t.spoofed_packets(), t.total_packets()), t.spoofed_bytes(), t.packets[1], t.packets[2],
      t.packets[3]);
  out += fmt::format("skipped: not IP {}, truncated {}, bad IP {}, unmapped {}\n", skipped_.not_ip,
                     skipped_.truncated, skipped_.bad_ip, skipped_.unmapped);
  const auto& ifaces = classifier_.interfaces();
  out += "per interface:\n";
  for (std::size_t i = 0; i < ifaces.size(); ++i) {
    const TrafficCounts& c = by_interface_[i];
    out += fmt::format(
        "  {:<36} packets {:>10}  spoofed {:>10} ({:.2f} %)  martian {} bogon {} "
        "not allowed {}\n",
        ifaces[i].name, c.total_packets(), c.spoofed_packets(),
        pct(c.spoofed_packets(), c.total_packets()), c.packets[1], c.packets[2], c.packets[3]);
  }
  const auto rows = TopSources(top);
  if (!rows.empty()) out += "top spoofed sources:\n";
  for (const SourceRow& r : rows) {
    out += fmt::format("  {:<40} {:<12} {:<36} packets {} bytes {}\n", r.source.ToString(),
                       SourceVerdictName(r.verdict), ifaces[r.iface].name, r.packets, r.bytes);
  }
  return out;
}

}  // namespace manrs
