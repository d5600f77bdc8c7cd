#include "population.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <unordered_set>

#include "shapes.h"

namespace manrs::mrtgen {
namespace {

// Assumptions that no file in the data set can measure (all are 2008-2016):
// 2026 has ~75k origin ASes for ~1M prefixes, and about half of the ASes
// assigned lately are 32-bit; big transits and collector peers are older,
// mostly 16-bit ASes.
constexpr double kOriginsPerPrefix = 0.075;
constexpr double kFourByteOriginShare = 0.45;
constexpr double kFourByteTransitShare = 0.10;
constexpr double kFourBytePeerShare = 0.25;
// Prefixes of one origin come in runs of adjacent prefixes (an allocation and
// its more-specifics) of 1..kMaxRun prefixes.
constexpr std::uint64_t kMaxRun = 32;
constexpr int kMaxTopUps = 64;

// 32-bit ASN blocks the RIRs have been assigning from (RFC 6793 space).
constexpr std::array<std::array<std::uint32_t, 2>, 5> kFourByteBlocks = {{
    {131072, 153913},  // APNIC
    {196608, 216475},  // RIPE NCC
    {262144, 274000},  // LACNIC
    {327680, 329727},  // AFRINIC
    {393216, 402000},  // ARIN
}};

std::uint32_t DrawAsn(double four_byte_share, Rng& rng) {
  if (!rng.Chance(four_byte_share)) {
    for (;;) {
      auto asn = static_cast<std::uint32_t>(rng.Between(1, 64495));
      if (asn != 23456) return asn;  // AS_TRANS
    }
  }
  std::uint64_t total = 0;
  for (const auto& b : kFourByteBlocks) total += b[1] - b[0] + 1;
  std::uint64_t x = rng.Below(total);
  for (const auto& b : kFourByteBlocks) {
    if (x <= b[1] - b[0]) return static_cast<std::uint32_t>(b[0] + x);
    x -= b[1] - b[0] + 1;
  }
  return kFourByteBlocks[0][0];
}

// Distinct ASNs, none already in used.
std::vector<std::uint32_t> DrawAsns(std::size_t n, double four_byte_share,
                                    std::unordered_set<std::uint32_t>& used, Rng& rng) {
  std::vector<std::uint32_t> out;
  out.reserve(n);
  while (out.size() < n) {
    std::uint32_t asn = DrawAsn(four_byte_share, rng);
    if (used.insert(asn).second) out.push_back(asn);
  }
  return out;
}

Prefix DrawV4(const Distribution& lengths, const Distribution& octets, Rng& rng) {
  const int len = static_cast<int>(lengths.Sample(rng));
  const auto addr = static_cast<std::uint32_t>((octets.Sample(rng) << 24) | rng.Below(1u << 24));
  return Prefix::Normalized(IpAddress::V4(addr), len);
}

Prefix DrawV6(const Distribution& lengths, const Distribution& groups, Rng& rng) {
  const int len = static_cast<int>(lengths.Sample(rng));
  const std::uint64_t top = kV6TopGroups[groups.Sample(rng)].group;
  const std::uint64_t hi = (top << 48) | (rng.Next() >> 16);
  return Prefix::Normalized(IpAddress::V6(hi, rng.Next()), len);
}

// Draws until count unique prefixes exist; sorted on return.
template <typename Draw>
Result<std::vector<Prefix>> UniquePrefixes(std::size_t count, Draw draw, const char* family) {
  std::vector<Prefix> out;
  out.reserve(count);
  for (int round = 0; out.size() < count; ++round) {
    if (round == kMaxTopUps) {
      return MakeError(ErrorCode::kBadValue,
                       fmt::format("cannot draw {} unique {} prefixes", count, family));
    }
    while (out.size() < count) out.push_back(draw());
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  }
  return out;
}

}  // namespace

Result<Population> Population::Build(const PopulationOptions& options, Rng& rng) {
  Population pop;
  Rng prefix_rng = rng.Fork(1);
  MANRS_TRY(pop.MakePrefixes(options, prefix_rng));
  const std::size_t total = pop.prefixes_.size();
  const auto origin_count = static_cast<std::size_t>(
      std::clamp(std::llround(static_cast<double>(total) * kOriginsPerPrefix), 1LL,
                 static_cast<long long>(std::max<std::size_t>(total, 1))));
  Rng as_rng = rng.Fork(2);
  pop.MakeAses(origin_count, options.peers, as_rng);
  Rng origin_rng = rng.Fork(3);
  pop.AssignOrigins(origin_rng);
  Rng peer_rng = rng.Fork(4);
  pop.MakePeers(options, peer_rng);
  return pop;
}

Status Population::MakePrefixes(const PopulationOptions& options, Rng& rng) {
  const Distribution v4_lengths(kV4PrefixLengthCounts);
  const Distribution octets(kV4FirstOctetCounts);
  auto v4 = UniquePrefixes(
      options.v4_prefixes, [&] { return DrawV4(v4_lengths, octets, rng); }, "ipv4");
  if (!v4) return Unexpected<Error>(v4.error());
  const Distribution v6_lengths(kV6PrefixLengthCounts);
  std::vector<std::uint64_t> group_counts;
  for (const GroupCount& g : kV6TopGroups) group_counts.push_back(g.prefixes);
  const Distribution groups(group_counts);
  auto v6 = UniquePrefixes(
      options.v6_prefixes, [&] { return DrawV6(v6_lengths, groups, rng); }, "ipv6");
  if (!v6) return Unexpected<Error>(v6.error());
  prefixes_ = std::move(*v4);
  v4_count_ = prefixes_.size();
  prefixes_.insert(prefixes_.end(), v6->begin(), v6->end());
  return {};
}

void Population::MakeAses(std::size_t origin_count, std::size_t peer_count, Rng& rng) {
  std::unordered_set<std::uint32_t> used;
  const std::size_t transit_count = std::clamp<std::size_t>(origin_count / 25, 20, 3000);
  transits_ = DrawAsns(transit_count, kFourByteTransitShare, used, rng);
  std::vector<double> weights(transit_count);
  for (std::size_t i = 0; i < transit_count; ++i) weights[i] = 1.0 / static_cast<double>(i + 1);
  transit_weights_ = Distribution::FromWeights(weights);
  for (std::uint32_t asn : DrawAsns(origin_count, kFourByteOriginShare, used, rng)) {
    origins_.push_back(OriginAs{asn, SampleTransit(rng)});
  }
  peer_asns_ = DrawAsns(peer_count, kFourBytePeerShare, used, rng);
}

// Gives each origin a prefix count drawn from the measured prefixes-per-origin
// table, scaled so the counts add up to the prefixes there are, then lays the
// origins' runs over the sorted prefixes in random order.
void Population::AssignOrigins(Rng& rng) {
  const std::size_t total = prefixes_.size();
  info_.assign(total, PrefixInfo{});
  if (total == 0) return;
  std::vector<std::uint64_t> bucket_weights;
  for (const OriginBucket& b : kPrefixesPerOrigin) bucket_weights.push_back(b.origins);
  const Distribution buckets(bucket_weights);
  std::vector<std::uint64_t> counts(origins_.size());
  std::uint64_t sum = 0;
  for (auto& c : counts) sum += c = kPrefixesPerOrigin[buckets.Sample(rng)].prefixes;
  const double scale = static_cast<double>(total) / static_cast<double>(sum);
  sum = 0;
  for (auto& c : counts) {
    c = std::max<std::uint64_t>(
        1, static_cast<std::uint64_t>(std::llround(static_cast<double>(c) * scale)));
    sum += c;
  }
  // Settle the rounding on the biggest origins, where it changes the least.
  std::vector<std::size_t> by_size(counts.size());
  std::iota(by_size.begin(), by_size.end(), 0);
  std::sort(by_size.begin(), by_size.end(),
            [&](std::size_t a, std::size_t b) { return counts[a] > counts[b]; });
  for (std::size_t i = 0; sum != total; i = (i + 1) % by_size.size()) {
    std::uint64_t& c = counts[by_size[i]];
    if (sum > total && c > 1) {
      --c;
      --sum;
    } else if (sum < total) {
      ++c;
      ++sum;
    }
  }
  struct Run {
    std::uint32_t origin;
    std::uint32_t size;
  };
  std::vector<Run> runs;
  for (std::size_t o = 0; o < counts.size(); ++o) {
    for (std::uint64_t left = counts[o]; left > 0;) {
      const std::uint64_t n = std::min(left, rng.Between(1, kMaxRun));
      runs.push_back(Run{static_cast<std::uint32_t>(o), static_cast<std::uint32_t>(n)});
      left -= n;
    }
  }
  for (std::size_t i = runs.size(); i > 1; --i) std::swap(runs[i - 1], runs[rng.Below(i)]);

  const Distribution origin_codes(kRibOriginCodes);
  const double aggregator_share = kRibAggregator.value();
  // ATOMIC_AGGREGATE nearly always comes with AGGREGATOR in the data.
  const double atomic_given_aggregator =
      std::min(1.0, kRibAtomicAggregate.value() / std::max(aggregator_share, 1e-9));
  const double moas_share = kMoasPrefixes.value();
  std::size_t i = 0;
  for (const Run& run : runs) {
    for (std::uint32_t k = 0; k < run.size; ++k, ++i) {
      PrefixInfo& p = info_[i];
      p.origin = run.origin;
      if (origins_.size() > 1 && rng.Chance(moas_share)) {
        auto other = static_cast<std::uint32_t>(rng.Below(origins_.size() - 1));
        p.moas_origin = other >= run.origin ? other + 1 : other;
      }
      p.origin_code = static_cast<Origin>(origin_codes.Sample(rng));
      if (rng.Chance(aggregator_share)) {
        p.aggregator_address = static_cast<std::uint32_t>(rng.Next() >> 32);
        p.atomic_aggregate = rng.Chance(atomic_given_aggregator);
      }
    }
  }
}

}  // namespace manrs::mrtgen
