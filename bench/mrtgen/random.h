// Rng: xoshiro256** seeded through splitmix64. mrtgen's output must be the
// same bytes for the same --seed on every platform, and the std::
// distributions are implementation-defined, so every draw here is spelled out.
//
// Distribution: a discrete distribution over the indices of a table of raw
// counts (such as a measured histogram), sampled by binary search over the
// running sums.
#ifndef MANRS_BENCH_MRTGEN_RANDOM_H_
#define MANRS_BENCH_MRTGEN_RANDOM_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace manrs::mrtgen {

class Rng {
 public:
  explicit Rng(std::uint64_t seed);

  std::uint64_t Next();
  // Uniform in [0, n); REQUIRES: n > 0.
  std::uint64_t Below(std::uint64_t n);
  // Uniform in [lo, hi]; REQUIRES: lo <= hi.
  std::uint64_t Between(std::uint64_t lo, std::uint64_t hi) { return lo + Below(hi - lo + 1); }
  // Uniform in [0, 1), 53 bits.
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }
  // Exponentially distributed with the given mean.
  double Exponential(double mean);
  // An independent generator for a named purpose, so adding draws to one part
  // of the generator does not shift the numbers every other part sees.
  Rng Fork(std::uint64_t stream);

 private:
  std::uint64_t s_[4];
};

class Distribution {
 public:
  Distribution() = default;
  // From raw counts: index i is drawn with probability counts[i] / sum.
  // REQUIRES: the counts sum to more than zero.
  explicit Distribution(std::span<const std::uint64_t> counts);
  // Counts given as doubles (weights); same contract.
  static Distribution FromWeights(std::span<const double> weights);
  // The same counts with index 0 left out (e.g. "how many, given at least one").
  static Distribution WithoutZero(std::span<const std::uint64_t> counts);

  std::size_t Sample(Rng& rng) const;
  std::size_t size() const { return cumulative_.size(); }
  double Mean() const;

 private:
  std::vector<double> cumulative_;
};

}  // namespace manrs::mrtgen

#endif  // MANRS_BENCH_MRTGEN_RANDOM_H_
