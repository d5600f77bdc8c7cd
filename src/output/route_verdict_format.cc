#include "manrs/output/route_verdict_format.h"

#include <iterator>

#include "fmt/format.h"
#include "manrs/net/text_append.h"

namespace manrs {

namespace {

// "prefix:10.0.0.0/8;asn:64512:private-use", empty when the route is clean.
void AppendBogons(const RouteVerdict& v, std::string* out) {
  auto o = std::back_inserter(*out);
  const char* sep = "";
  if (v.bogon_prefix) {
    fmt::format_to(o, "prefix:{}", v.bogon_prefix->block.ToString());
    sep = ";";
  }
  for (const BogonAsnHit& hit : v.bogon_asns) {
    fmt::format_to(o, "{}asn:{}:{}", sep, hit.asn, BogonAsnKindName(hit.range->kind));
    sep = ";";
  }
}

}  // namespace

void AppendVerdictCsvHeader(const RouteCheckConfig& config, std::string* out) {
  out->append("prefix,origin,peer_ip,peer_asn,rov,reason");
  if (config.aspas) out->append(",aspa");
  out->append(",bogon,too_specific");
  if (config.relationships) out->append(",valley_free,leaker");
  if (config.receiver_role) out->append(",otc,otc_leak");
  out->push_back('\n');
}

void AppendVerdictCsv(const RouteCheckConfig& config, const VerdictRoute& route,
                      const RouteVerdict& v, std::string* out) {
  AppendPrefix(out, route.prefix);
  out->push_back(',');
  if (v.origin) {
    AppendUint(out, *v.origin);
  } else {
    out->append("NONE");
  }
  out->push_back(',');
  AppendAddress(out, route.peer_ip);
  out->push_back(',');
  AppendUint(out, route.peer_asn);
  out->push_back(',');
  if (v.rov) {
    out->append(RovStateName(v.rov->state));
    out->push_back(',');
    out->append(RovReasonName(v.rov->reason));
  } else {
    out->push_back(',');
  }
  if (config.aspas) {
    out->push_back(',');
    if (v.aspa) out->append(AspaStateName(v.aspa->state));
  }
  out->push_back(',');
  AppendBogons(v, out);
  out->append(v.too_specific ? ",yes" : ",no");
  if (config.relationships) {
    out->push_back(',');
    if (v.valley_free) {
      out->append(ValleyFreeStateName(v.valley_free->state));
      out->push_back(',');
      if (v.valley_free->state == ValleyFreeState::kLeak) {
        AppendUint(out, v.valley_free->leaking_asn);
      }
    } else {
      out->push_back(',');
    }
  }
  if (config.receiver_role) {
    out->push_back(',');
    if (v.otc) AppendUint(out, *v.otc);
    out->append(v.otc_ingress && v.otc_ingress->leak ? ",yes" : ",no");
  }
  out->push_back('\n');
}

namespace {

// ,"covering":[{"prefix","max_length","asn","match"},...]
void AppendCoveringJson(const RovResult& rov, std::string* out) {
  auto o = std::back_inserter(*out);
  out->append(",\"covering\":[");
  const char* sep = "";
  for (const CoveringVrp& c : rov.covering) {
    fmt::format_to(o, "{}{{\"prefix\":\"{}\",\"max_length\":{},\"asn\":{},\"match\":\"{}\"}}", sep,
                   c.vrp.prefix.ToString(), c.vrp.max_length, c.vrp.asn, VrpMatchName(c.match));
    sep = ",";
  }
  out->push_back(']');
}

}  // namespace

void AppendVerdictJson(const RouteCheckConfig& config, const VerdictRoute& route,
                       const RouteVerdict& v, std::string* out) {
  auto o = std::back_inserter(*out);
  fmt::format_to(o, "{{\"prefix\":\"{}\",\"origin\":", route.prefix.ToString());
  if (v.origin) {
    fmt::format_to(o, "{}", *v.origin);
  } else {
    out->append("null");
  }
  fmt::format_to(o, ",\"peer_ip\":\"{}\",\"peer_asn\":{}", route.peer_ip.ToString(),
                 route.peer_asn);
  if (v.rov) {
    fmt::format_to(o, ",\"rov\":\"{}\",\"reason\":\"{}\"", RovStateName(v.rov->state),
                   RovReasonName(v.rov->reason));
    AppendCoveringJson(*v.rov, out);
  }
  if (config.aspas && v.aspa) {
    fmt::format_to(o, ",\"aspa\":\"{}\",\"aspa_detail\":\"{}\"", AspaStateName(v.aspa->state),
                   ToString(*v.aspa));
  }
  if (v.bogon_prefix) {
    const BogonPrefixMatch& m = *v.bogon_prefix;
    fmt::format_to(o, ",\"bogon_prefix\":{{\"block\":\"{}\",\"source\":\"{}\"", m.block.ToString(),
                   m.source == BogonSource::kSpecialPurpose ? "iana" : "list");
    if (m.special) {
      fmt::format_to(o, ",\"name\":\"{}\",\"rfc\":\"{}\"", m.special->name, m.special->rfc);
    }
    out->push_back('}');
  }
  if (!v.bogon_asns.empty()) {
    out->append(",\"bogon_asns\":[");
    const char* sep = "";
    for (const BogonAsnHit& hit : v.bogon_asns) {
      fmt::format_to(o, "{}{{\"asn\":{},\"kind\":\"{}\",\"rfc\":\"{}\"}}", sep, hit.asn,
                     BogonAsnKindName(hit.range->kind), hit.range->rfc);
      sep = ",";
    }
    out->push_back(']');
  }
  fmt::format_to(o, ",\"too_specific\":{}", v.too_specific);
  if (config.relationships && v.valley_free) {
    fmt::format_to(o, ",\"valley_free\":\"{}\",\"valley_free_detail\":\"{}\"",
                   ValleyFreeStateName(v.valley_free->state), ToString(*v.valley_free));
    if (v.valley_free->state == ValleyFreeState::kLeak) {
      fmt::format_to(o, ",\"leaker\":{}", v.valley_free->leaking_asn);
    }
  }
  if (v.otc) fmt::format_to(o, ",\"otc\":{}", *v.otc);
  if (config.receiver_role && v.otc_ingress) {
    fmt::format_to(o, ",\"otc_leak\":{}", v.otc_ingress->leak);
    if (v.otc_ingress->leak) {
      fmt::format_to(o, ",\"otc_rule\":{},\"otc_leaker\":{}", v.otc_ingress->rule,
                     v.otc_ingress->leaking_asn);
    }
  }
  out->append("}\n");
}

void AppendRouteCheckJson(const Prefix& prefix, std::optional<Asn> origin, const RovResult& rov,
                          std::span<const RovReason> reasons, const AspaVerdict* aspa,
                          std::string* out) {
  auto o = std::back_inserter(*out);
  fmt::format_to(o, "{{\"prefix\":\"{}\",\"origin\":", prefix.ToString());
  if (origin) {
    fmt::format_to(o, "{}", *origin);
  } else {
    out->append("null");
  }
  fmt::format_to(o, ",\"rov\":\"{}\",\"reasons\":[", RovStateName(rov.state));
  const char* sep = "";
  for (RovReason r : reasons) {
    fmt::format_to(o, "{}\"{}\"", sep, RovReasonName(r));
    sep = ",";
  }
  out->push_back(']');
  AppendCoveringJson(rov, out);
  if (aspa) {
    fmt::format_to(o, ",\"aspa\":\"{}\",\"aspa_detail\":\"{}\"", AspaStateName(aspa->state),
                   ToString(*aspa));
  }
  out->append("}\n");
}

}  // namespace manrs
