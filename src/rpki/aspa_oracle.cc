// The draft's sentences, one function each; see aspa_oracle.h.
#include "manrs/rpki/aspa_oracle.h"

#include <algorithm>
#include <cstdint>
#include <set>
#include <utility>

namespace manrs {

AspaAuthorization AspaOracle::Authorized(Asn x, Asn y) const {
  bool attested = false;
  for (const Aspa& aspa : aspas_) {
    if (aspa.customer_asn != x) continue;
    attested = true;
    for (Asn p : aspa.providers) {
      if (p == y && p != 0) return AspaAuthorization::kProviderPlus;
    }
  }
  return attested ? AspaAuthorization::kNotProviderPlus : AspaAuthorization::kNoAttestation;
}

std::optional<std::vector<Asn>> AspaOracle::CompressedAsPath(const AsPath& path) {
  std::vector<Asn> flat;  // neighbour first, as on the wire
  for (std::size_t i = 0; i < path.segment_count(); ++i) {
    const AsPathSegment s = path.segment(i);
    if (s.type == SegmentType::kAsSet || s.type == SegmentType::kConfedSet) return std::nullopt;
    if (s.type == SegmentType::kConfedSequence) continue;
    flat.insert(flat.end(), s.asns.begin(), s.asns.end());
  }
  std::vector<Asn> compressed;
  for (std::size_t k = 0; k < flat.size(); ++k) {
    if (k == 0 || flat[k] != flat[k - 1]) compressed.push_back(flat[k]);
  }
  std::reverse(compressed.begin(), compressed.end());
  return compressed;
}

namespace {

// A(i) for the draft's 1-based i.
Asn At(const std::vector<Asn>& a, std::size_t i) { return a[i - 1]; }

}  // namespace

AspaVerdict AspaOracle::Verify(const AsPath& path, AspaDirection direction,
                               const AspaSession& session) const {
  AspaVerdict v;
  // The AS_PATH as written (confederation segments aside), for steps 1-3.
  std::vector<std::pair<SegmentType, Asn>> written;
  for (std::size_t i = 0; i < path.segment_count(); ++i) {
    const AsPathSegment s = path.segment(i);
    if (s.type == SegmentType::kConfedSequence) continue;
    for (Asn a : s.asns) written.emplace_back(s.type, a);
  }
  // Step 1: "If the AS_PATH is empty, then the procedure halts with the
  // outcome Invalid."
  if (written.empty()) {
    v.state = AspaState::kInvalid;
    v.reason = AspaReason::kEmptyPath;
    return v;
  }
  // Step 2: "If [the receiving AS is not an RS-client and] the most recently
  // added AS in the AS_PATH does not match the neighbor AS ... Invalid."
  const bool exempt = direction == AspaDirection::kUpstream && session.receiver_is_rs_client;
  if (session.neighbor_asn != 0 && !exempt && written.front().first == SegmentType::kAsSequence &&
      written.front().second != session.neighbor_asn) {
    v.state = AspaState::kInvalid;
    v.reason = AspaReason::kNeighborMismatch;
    return v;
  }
  // Step 3: "If the AS_PATH has an AS_SET, then ... Invalid."
  std::optional<std::vector<Asn>> compressed = CompressedAsPath(path);
  if (!compressed) {
    v.state = AspaState::kInvalid;
    v.reason = AspaReason::kAsSet;
    return v;
  }
  const std::vector<Asn>& a = *compressed;
  const std::size_t n = a.size();
  v.n = n;

  // Section 6.1. The index sets the sentences speak of.
  std::set<std::size_t> up_not, up_any, down_not, down_any;
  for (std::size_t i = 1; i + 1 <= n; ++i) {
    AspaAuthorization r = Authorized(At(a, i), At(a, i + 1));
    if (r == AspaAuthorization::kNotProviderPlus) up_not.insert(i);
    if (r != AspaAuthorization::kProviderPlus) up_any.insert(i);
  }
  for (std::size_t j = 2; j <= n; ++j) {
    AspaAuthorization r = Authorized(At(a, j), At(a, j - 1));
    if (r == AspaAuthorization::kNotProviderPlus) down_not.insert(j);
    if (r != AspaAuthorization::kProviderPlus) down_any.insert(j);
  }
  // "the maximum up-ramp length as I, where I is the minimum index for which
  // authorized(A(I), A(I+1)) returns Not Provider+ ... If there is no such I
  // ... N", and likewise for the others.
  v.max_up_ramp = up_not.empty() ? n : *up_not.begin();
  v.min_up_ramp = up_any.empty() ? n : *up_any.begin();
  std::size_t max_down = down_not.empty() ? n : n - *down_not.rbegin() + 1;
  std::size_t min_down = down_any.empty() ? n : n - *down_any.rbegin() + 1;
  // Section 6.2: "max_down_ramp and min_down_ramp are set to 0".
  if (direction == AspaDirection::kDownstream) {
    v.max_down_ramp = max_down;
    v.min_down_ramp = min_down;
  }

  auto up_hop = [&](const std::set<std::size_t>& s) -> std::optional<AspaHop> {
    if (s.empty()) return std::nullopt;
    std::size_t i = *s.begin();
    return AspaHop{i, At(a, i), At(a, i + 1), Authorized(At(a, i), At(a, i + 1))};
  };
  auto down_hop = [&](const std::set<std::size_t>& s) -> std::optional<AspaHop> {
    if (s.empty() || direction == AspaDirection::kUpstream) return std::nullopt;
    std::size_t j = *s.rbegin();
    return AspaHop{j, At(a, j), At(a, j - 1), Authorized(At(a, j), At(a, j - 1))};
  };
  // Steps 4-6 (upstream: the down ramps are 0, so the sums are the up ramps).
  if (v.max_up_ramp + v.max_down_ramp < n) {
    v.state = AspaState::kInvalid;
    v.reason = AspaReason::kNotProviderPlus;
    v.up_hop = up_hop(up_not);
    v.down_hop = down_hop(down_not);
  } else if (v.min_up_ramp + v.min_down_ramp < n) {
    v.state = AspaState::kUnknown;
    v.reason = AspaReason::kNoAttestation;
    v.up_hop = up_hop(up_any);
    v.down_hop = down_hop(down_any);
  } else {
    v.state = AspaState::kValid;
    v.reason = AspaReason::kRampsCover;
  }
  return v;
}

AspaState AspaOracle::VerifyByWorlds(const std::vector<Asn>& a, AspaDirection direction) const {
  const std::size_t n = a.size();
  // Each hop asks whether its second AS is a provider of its first: known
  // when the first AS has an attestation, else one of the free variables
  // (one per distinct unattested ordered pair).
  struct Hop {
    AspaAuthorization known;
    std::size_t free_bit;
  };
  std::vector<std::pair<Asn, Asn>> free;
  auto hop = [&](Asn x, Asn y) {
    Hop h{Authorized(x, y), 0};
    if (h.known == AspaAuthorization::kNoAttestation) {
      auto it = std::find(free.begin(), free.end(), std::make_pair(x, y));
      h.free_bit = static_cast<std::size_t>(it - free.begin());
      if (it == free.end()) free.emplace_back(x, y);
    }
    return h;
  };
  std::vector<Hop> up(n + 1), down(n + 1);  // up[i]: AS(i) -> AS(i+1); down[j]: AS(j) -> AS(j-1)
  for (std::size_t i = 1; i < n; ++i) up[i] = hop(At(a, i), At(a, i + 1));
  for (std::size_t j = 2; j <= n; ++j) down[j] = hop(At(a, j), At(a, j - 1));

  bool some_valid = false;
  bool some_invalid = false;
  for (std::uint32_t world = 0; world < (std::uint32_t{1} << free.size()); ++world) {
    auto is_provider = [world](const Hop& h) {
      if (h.known != AspaAuthorization::kNoAttestation) {
        return h.known == AspaAuthorization::kProviderPlus;
      }
      return ((world >> h.free_bit) & 1) != 0;
    };
    // The up-ramp AS(1) .. AS(K): every hop AS(i) -> AS(i+1) customer to provider.
    std::size_t k = 1;
    while (k < n && is_provider(up[k])) ++k;
    // The down-ramp AS(N) .. AS(L): every hop AS(j) -> AS(j-1) customer to provider.
    std::size_t l = n;
    while (l > 1 && is_provider(down[l])) --l;
    const std::size_t down_length = direction == AspaDirection::kDownstream ? n - l + 1 : 0;
    if (k + down_length >= n) {
      some_valid = true;
    } else {
      some_invalid = true;
    }
    if (some_valid && some_invalid) break;
  }
  if (some_valid && !some_invalid) return AspaState::kValid;
  if (some_invalid && !some_valid) return AspaState::kInvalid;
  return AspaState::kUnknown;
}

}  // namespace manrs
