#include "manrs/rpki/route_origin_validation.h"

#include <algorithm>

namespace manrs {

const char* RovStateName(RovState state) {
  switch (state) {
    case RovState::kValid:
      return "valid";
    case RovState::kNotFound:
      return "not-found";
    case RovState::kInvalid:
      return "invalid";
  }
  return "unknown";
}

const char* VrpMatchName(VrpMatch match) {
  switch (match) {
    case VrpMatch::kMatched:
      return "matched";
    case VrpMatch::kTooSpecific:
      return "too-specific";
    case VrpMatch::kOtherOrigin:
      return "other-origin";
    case VrpMatch::kAs0:
      return "as0";
  }
  return "unknown";
}

const char* RovReasonName(RovReason reason) {
  switch (reason) {
    case RovReason::kMatched:
      return "matched";
    case RovReason::kNotCovered:
      return "not-covered";
    case RovReason::kTooSpecific:
      return "too-specific";
    case RovReason::kOtherOrigin:
      return "other-origin";
    case RovReason::kNoOrigin:
      return "no-origin";
  }
  return "unknown";
}

void ValidateOrigins(const VrpTable& table, std::span<const RouteOrigin> routes,
                     std::span<RovState> states) {
  // Covered but not matched yet: kInvalid; matched: kValid (final).
  std::fill_n(states.begin(), routes.size(), RovState::kNotFound);
  table.ForEachCoveringAuthorizationBatch(
      routes.size(), [&](std::size_t i) -> const Prefix& { return routes[i].prefix; },
      [&](std::size_t i, Asn vrp_asn, int max_length) {
        const RouteOrigin& r = routes[i];
        if (vrp_asn != 0 && r.origin == vrp_asn && r.prefix.length() <= max_length) {
          states[i] = RovState::kValid;
          return false;
        }
        states[i] = RovState::kInvalid;
        return true;
      });
}

RovResult ValidateRoute(const VrpTable& table, const Prefix& prefix, std::optional<Asn> origin) {
  RovResult result;
  ValidateRoute(table, prefix, origin, &result);
  return result;
}

void ValidateRoute(const VrpTable& table, const Prefix& prefix, std::optional<Asn> origin,
                   RovResult* out) {
  RovResult& result = *out;
  result.state = RovState::kNotFound;
  result.reason = RovReason::kNotCovered;
  result.covering.clear();
  bool matched = false;
  bool too_specific = false;
  table.ForEachCovering(prefix, [&](const Vrp& vrp) {
    const VrpMatch match = CompareVrp(vrp.asn, vrp.max_length, prefix.length(), origin);
    matched |= match == VrpMatch::kMatched;
    too_specific |= match == VrpMatch::kTooSpecific;
    result.covering.push_back({vrp, match});
  });
  if (matched) {
    result.state = RovState::kValid;
    result.reason = RovReason::kMatched;
  } else if (!result.covering.empty()) {
    result.state = RovState::kInvalid;
    result.reason = !origin        ? RovReason::kNoOrigin
                    : too_specific ? RovReason::kTooSpecific
                                   : RovReason::kOtherOrigin;
  }
}

std::optional<Asn> RouteOriginAsn(const AsPath& path, std::optional<Asn> own_asn) {
  if (path.empty()) return own_asn;
  const AsPathSegment last = path.segment(path.segment_count() - 1);
  switch (last.type) {
    case SegmentType::kAsSequence:
      if (last.asns.empty()) return std::nullopt;
      return last.asns.back();
    case SegmentType::kConfedSequence:
    case SegmentType::kConfedSet:
      return own_asn;
    case SegmentType::kAsSet:
      return std::nullopt;
  }
  return std::nullopt;
}

std::vector<RovReason> InvalidReasons(const RovResult& result, int route_length) {
  if (result.state != RovState::kInvalid) return {};
  std::vector<RovReason> reasons{result.reason};
  if (result.reason == RovReason::kOtherOrigin || result.reason == RovReason::kNoOrigin) {
    bool any = false;
    bool all_shorter = true;
    for (const CoveringVrp& c : result.covering) {
      if (c.match == VrpMatch::kAs0) continue;
      any = true;
      all_shorter = all_shorter && c.vrp.max_length < route_length;
    }
    if (any && all_shorter) reasons.push_back(RovReason::kTooSpecific);
  }
  return reasons;
}

}  // namespace manrs
