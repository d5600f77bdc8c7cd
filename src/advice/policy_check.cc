// `manrs policy check`: the reject reasons of doc/advice.md.
#include "manrs/advice/policy_check.h"

#include "fmt/format.h"
#include "manrs/observe/registration.h"

namespace manrs {

const char* RejectReasonName(RejectReason r) {
  switch (r) {
    case RejectReason::kBogonPrefix:
      return "bogon-prefix";
    case RejectReason::kBogonAsn:
      return "bogon-asn";
    case RejectReason::kPrefixTooLong:
      return "prefix-too-long";
    case RejectReason::kPrefixTooShort:
      return "prefix-too-short";
    case RejectReason::kPathTooLong:
      return "path-too-long";
    case RejectReason::kFirstAsNotPeer:
      return "first-as-not-peer";
    case RejectReason::kTransitFreeAsn:
      return "transit-free-asn";
    case RejectReason::kOriginNotInAsSet:
      return "origin-not-in-as-set";
    case RejectReason::kPrefixNotRegistered:
      return "prefix-not-registered";
    case RejectReason::kRpkiInvalid:
      return "rpki-invalid";
    case RejectReason::kAspaInvalid:
      return "aspa-invalid";
    case RejectReason::kNextHopNotPeer:
      return "next-hop-not-peer";
  }
  return "?";
}

std::vector<Asn> DefaultTransitFreeAsns() {
  return {174,  209,  286,  701,  1239, 1299, 2828, 2914, 3257, 3320,
          3356, 3491, 5511, 6453, 6461, 6762, 6830, 7018, 12956};
}

PolicyChecker::PolicyChecker(PolicyConfig config)
    : config_(std::move(config)), checker_(config_.checks) {}

RouteDecision PolicyChecker::Check(const Element& e) {
  RouteDecision d;
  auto reject = [&](RejectReason r) {
    d.accepted = false;
    d.reasons |= std::uint32_t{1} << static_cast<int>(r);
  };
  const PathAttributes& a = *e.attributes;
  checker_.Check(e.prefix, e.safi, a, e.peer_asn, &verdict_);
  if (verdict_.bogon_prefix) reject(RejectReason::kBogonPrefix);
  if (!verdict_.bogon_asns.empty()) reject(RejectReason::kBogonAsn);
  const bool v4 = e.prefix.is_v4();
  if (e.prefix.length() > (v4 ? config_.max_length_v4 : config_.max_length_v6)) {
    reject(RejectReason::kPrefixTooLong);
  }
  if (e.prefix.length() < (v4 ? config_.min_length_v4 : config_.min_length_v6)) {
    reject(RejectReason::kPrefixTooShort);
  }
  const AsPath& path = a.path();
  if (static_cast<int>(path.asns().size()) > config_.max_path_length) {
    reject(RejectReason::kPathTooLong);
  }
  auto first = path.FirstAsn();
  if (!first || *first != e.peer_asn) reject(RejectReason::kFirstAsNotPeer);
  if (!config_.transit_free.contains(e.peer_asn)) {
    const auto& asns = path.asns();
    for (std::size_t i = 1; i < asns.size(); ++i) {
      if (config_.transit_free.contains(asns[i])) {
        reject(RejectReason::kTransitFreeAsn);
        break;
      }
    }
  }
  if (config_.as_set_origins &&
      (!verdict_.origin || !config_.as_set_origins->contains(*verdict_.origin))) {
    reject(RejectReason::kOriginNotInAsSet);
  }
  if (config_.irr && (!verdict_.origin || RouteIrrState(*config_.irr, e.prefix, *verdict_.origin) !=
                                              IrrState::kRegistered)) {
    reject(RejectReason::kPrefixNotRegistered);
  }
  if (verdict_.rov && verdict_.rov->state == RovState::kInvalid) reject(RejectReason::kRpkiInvalid);
  if (verdict_.aspa && verdict_.aspa->state == AspaState::kInvalid) {
    reject(RejectReason::kAspaInvalid);
  }
  if (config_.check_next_hop) {
    const IpAddress& nh = v4 || e.mp_reach == nullptr ? a.next_hop : e.mp_reach->next_hop;
    if (nh != e.peer_ip) reject(RejectReason::kNextHopNotPeer);
  }
  return d;
}

std::string ReasonList(std::uint32_t reasons) {
  std::string out;
  for (int i = 0; i < kRejectReasons; ++i) {
    if (!(reasons >> i & 1)) continue;
    if (!out.empty()) out += ',';
    out += RejectReasonName(static_cast<RejectReason>(i));
  }
  return out;
}

std::string ReasonJson(std::uint32_t reasons) {
  std::string out = "[";
  for (int i = 0; i < kRejectReasons; ++i) {
    if (!(reasons >> i & 1)) continue;
    if (out.size() > 1) out += ',';
    out += '"';
    out += RejectReasonName(static_cast<RejectReason>(i));
    out += '"';
  }
  return out + "]";
}

void NeighbourSummary::Count(const RouteDecision& d) {
  ++routes;
  ++(d.accepted ? accepted : rejected);
  for (int i = 0; i < kRejectReasons; ++i) {
    by_reason[static_cast<std::size_t>(i)] += d.reasons >> i & 1;
  }
}

std::string SummaryText(const std::vector<NeighbourSummary>& summaries) {
  std::string t;
  for (const NeighbourSummary& s : summaries) {
    t += fmt::format("AS{}: {} routes, {} accepted, {} rejected\n", s.asn, s.routes, s.accepted,
                     s.rejected);
    for (int i = 0; i < kRejectReasons; ++i) {
      if (s.by_reason[static_cast<std::size_t>(i)]) {
        t += fmt::format("  {:<22} {}\n", RejectReasonName(static_cast<RejectReason>(i)),
                         s.by_reason[static_cast<std::size_t>(i)]);
      }
    }
  }
  return t;
}

std::string SummaryJson(const std::vector<NeighbourSummary>& summaries) {
  std::string j = "[";
  for (std::size_t k = 0; k < summaries.size(); ++k) {
    const NeighbourSummary& s = summaries[k];
    fmt::format_to(std::back_inserter(j),
                   "{}{{\"asn\":{},\"routes\":{},\"accepted\":{},\"rejected\":{},\"by_reason\":{{",
                   k ? "," : "", s.asn, s.routes, s.accepted, s.rejected);
    bool first = true;
    for (int i = 0; i < kRejectReasons; ++i) {
      if (!s.by_reason[static_cast<std::size_t>(i)]) continue;
      fmt::format_to(std::back_inserter(j), "{}\"{}\":{}", first ? "" : ",",
                     RejectReasonName(static_cast<RejectReason>(i)),
                     s.by_reason[static_cast<std::size_t>(i)]);
      first = false;
    }
    j += "}}";
  }
  j += "]";
  return j;
}

}  // namespace manrs
