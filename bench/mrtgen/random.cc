#include "random.h"

#include <algorithm>
#include <cmath>

namespace manrs::mrtgen {
namespace {

std::uint64_t SplitMix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

Rng::Rng(std::uint64_t seed) {
  for (auto& s : s_) s = SplitMix64(seed);
}

std::uint64_t Rng::Next() {
  const std::uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

std::uint64_t Rng::Below(std::uint64_t n) {
  // Rejects the top (2^64 mod n) values so every residue is equally likely.
  const std::uint64_t threshold = (0 - n) % n;
  for (;;) {
    const std::uint64_t x = Next();
    if (x >= threshold) return x % n;
  }
}

double Rng::Exponential(double mean) { return -mean * std::log1p(-Unit()); }

Rng Rng::Fork(std::uint64_t stream) { return Rng(Next() ^ (stream * 0xd1b54a32d192ed03ULL)); }

Distribution::Distribution(std::span<const std::uint64_t> counts) {
  cumulative_.reserve(counts.size());
  double sum = 0;
  for (std::uint64_t c : counts) {
    sum += static_cast<double>(c);
    cumulative_.push_back(sum);
  }
}

Distribution Distribution::FromWeights(std::span<const double> weights) {
  Distribution d;
  d.cumulative_.reserve(weights.size());
  double sum = 0;
  for (double w : weights) {
    sum += w;
    d.cumulative_.push_back(sum);
  }
  return d;
}

Distribution Distribution::WithoutZero(std::span<const std::uint64_t> counts) {
  std::vector<std::uint64_t> copy(counts.begin(), counts.end());
  if (!copy.empty()) copy[0] = 0;
  return Distribution(copy);
}

std::size_t Distribution::Sample(Rng& rng) const {
  const double x = rng.Unit() * cumulative_.back();
  // First index whose running sum exceeds x: never one with a zero count.
  auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), x);
  if (it == cumulative_.end()) --it;
  return static_cast<std::size_t>(it - cumulative_.begin());
}

double Distribution::Mean() const {
  double prev = 0;
  double total = 0;
  for (std::size_t i = 0; i < cumulative_.size(); ++i) {
    total += static_cast<double>(i) * (cumulative_[i] - prev);
    prev = cumulative_[i];
  }
  return cumulative_.empty() || cumulative_.back() == 0 ? 0 : total / cumulative_.back();
}

}  // namespace manrs::mrtgen
