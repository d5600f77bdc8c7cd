// One JSON object per element, one per line (JSON Lines). Field names follow
// the element's own; absent attributes are left out rather than zeroed.
#include "fmt/format.h"
#include "manrs/mrt/record.h"
#include "manrs/net/text_append.h"
#include "manrs/output/element_format.h"

namespace manrs {

namespace {

void AppendIpString(std::string* out, const IpAddress& a) {
  out->push_back('"');
  AppendAddress(out, a);
  out->push_back('"');
}

void AppendPath(std::string* out, const AsPath& path) {
  out->push_back('[');
  for (std::size_t i = 0; i < path.segment_count(); ++i) {
    AsPathSegment s = path.segment(i);
    if (i) out->push_back(',');
    bool sequence = s.type == SegmentType::kAsSequence;
    if (!sequence) {
      fmt::format_to(std::back_inserter(*out), "{{\"{}\":[",
                     s.type == SegmentType::kAsSet            ? "set"
                     : s.type == SegmentType::kConfedSequence ? "confed_sequence"
                                                              : "confed_set");
    }
    for (std::size_t k = 0; k < s.asns.size(); ++k) {
      if (k) out->push_back(',');
      fmt::format_to(std::back_inserter(*out), "{}", s.asns[k]);
    }
    if (!sequence) out->append("]}");
  }
  out->push_back(']');
}

const char* MessageName(std::uint8_t type) {
  switch (type) {
    case 1:
      return "open";
    case 3:
      return "notification";
    case 4:
      return "keepalive";
    case 5:
      return "route-refresh";
    default:
      return "unknown";
  }
}

void AppendMessage(const Element& e, std::string* out) {
  auto it = std::back_inserter(*out);
  fmt::format_to(it, ",\"message\":\"{}\"", MessageName(e.message_type));
  if (e.open) {
    fmt::format_to(it, ",\"version\":{},\"my_as\":{},\"hold_time\":{},\"bgp_id\":\"{}\"",
                   e.open->version, e.open->my_as, e.open->hold_time, e.open->bgp_id.ToString());
    out->append(",\"capabilities\":[");
    for (std::size_t i = 0; i < e.open->capabilities.size(); ++i) {
      fmt::format_to(it, "{}{}", i ? "," : "", e.open->capabilities[i].code);
    }
    out->push_back(']');
  }
  if (e.notification) {
    fmt::format_to(it, ",\"code\":{},\"subcode\":{}", e.notification->code,
                   e.notification->subcode);
  }
  out->append("}\n");
}

class JsonFormat final : public ElementFormat {
 public:
  void Append(const Element& e, std::string* out) override {
    auto it = std::back_inserter(*out);
    fmt::format_to(it, "{{\"type\":\"{}\",\"timestamp\":{}", ElementTypeName(e.type), e.timestamp);
    if (e.mrt_type == kMrtBgp4mpEt) fmt::format_to(it, ".{:06}", e.microseconds);
    out->append(",\"peer_ip\":");
    AppendIpString(out, e.peer_ip);
    fmt::format_to(it, ",\"peer_asn\":{}", e.peer_asn);
    if (e.type == ElementType::kMessage) {
      AppendMessage(e, out);
      return;
    }
    if (e.type == ElementType::kStateChange) {
      fmt::format_to(it, ",\"old_state\":{},\"new_state\":{}}}\n", e.old_state, e.new_state);
      return;
    }
    fmt::format_to(it, ",\"prefix\":\"{}\"", e.prefix.ToString());
    if (e.add_path) fmt::format_to(it, ",\"path_id\":{}", e.path_id);
    if (e.safi != kSafiUnicast) fmt::format_to(it, ",\"safi\":{}", e.safi);
    if (e.type == ElementType::kWithdraw || !e.attributes) {
      out->append("}\n");
      return;
    }
    const PathAttributes& a = *e.attributes;
    const AsPath& path = a.path();
    out->append(",\"as_path\":");
    AppendPath(out, path);
    if (auto origin = path.OriginAsn()) fmt::format_to(it, ",\"origin_asn\":{}", *origin);
    out->append(a.origin == Origin::kIgp   ? ",\"origin\":\"IGP\""
                : a.origin == Origin::kEgp ? ",\"origin\":\"EGP\""
                                           : ",\"origin\":\"INCOMPLETE\"");
    out->append(",\"next_hop\":");
    AppendIpString(out, e.next_hop());
    if (a.has(kAttrLocalPref)) fmt::format_to(it, ",\"local_pref\":{}", a.local_pref);
    if (a.has(kAttrMed)) fmt::format_to(it, ",\"med\":{}", a.med);
    if (!a.communities.empty()) {
      out->append(",\"communities\":[");
      for (std::size_t i = 0; i < a.communities.size(); ++i) {
        fmt::format_to(it, "{}\"{}:{}\"", i ? "," : "", a.communities[i] >> 16,
                       a.communities[i] & 0xffff);
      }
      out->push_back(']');
    }
    if (!a.large_communities.empty()) {
      out->append(",\"large_communities\":[");
      for (std::size_t i = 0; i < a.large_communities.size(); ++i) {
        const LargeCommunity& c = a.large_communities[i];
        fmt::format_to(it, "{}\"{}:{}:{}\"", i ? "," : "", c.global_admin, c.local_data1,
                       c.local_data2);
      }
      out->push_back(']');
    }
    if (!a.ext_communities.empty()) {
      out->append(",\"ext_communities\":[");
      for (std::size_t i = 0; i < a.ext_communities.size(); ++i) {
        fmt::format_to(it, "{}\"{:02x}\"", i ? "," : "", fmt::join(a.ext_communities[i], ""));
      }
      out->push_back(']');
    }
    if (a.has(kAttrAtomicAggregate)) out->append(",\"atomic_aggregate\":true");
    if (a.has(kAttrAggregator)) {
      bool as4 = a.has(kAttrAs4Aggregator) && a.aggregator_asn == kAsTrans;
      fmt::format_to(it, ",\"aggregator\":{{\"asn\":{},\"address\":",
                     as4 ? a.as4_aggregator_asn : a.aggregator_asn);
      AppendIpString(out, as4 ? a.as4_aggregator_address : a.aggregator_address);
      out->push_back('}');
    }
    if (a.has(kAttrOtc)) fmt::format_to(it, ",\"otc\":{}", a.otc);
    if (a.has(kAttrOriginatorId)) {
      out->append(",\"originator_id\":");
      AppendIpString(out, a.originator_id);
    }
    if (!a.unknown.empty()) {
      out->append(",\"unknown_attributes\":[");
      for (std::size_t i = 0; i < a.unknown.size(); ++i) {
        fmt::format_to(it, "{}{{\"type\":{},\"length\":{}}}", i ? "," : "", a.unknown[i].type,
                       a.unknown[i].value.size());
      }
      out->push_back(']');
    }
    out->append("}\n");
  }
};

}  // namespace

std::unique_ptr<ElementFormat> MakeJsonFormat() { return std::make_unique<JsonFormat>(); }

}  // namespace manrs
