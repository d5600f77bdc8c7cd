// Differential tests: PrefixSet against a linear-scan oracle on seeded random
// sets of both families, and Aggregate() against a brute-force fixpoint.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "manrs/net/prefix_set.h"

namespace manrs {
namespace {

std::uint64_t MaskHi(int length) {
  return length <= 0 ? 0 : length >= 64 ? ~std::uint64_t{0} : ~std::uint64_t{0} << (64 - length);
}
std::uint64_t MaskLo(int length) {
  return length <= 64 ? 0 : length >= 128 ? ~std::uint64_t{0} : ~std::uint64_t{0} << (128 - length);
}

IpAddress Make(Afi afi, std::uint64_t hi, std::uint64_t lo) {
  return afi == Afi::kIpv4 ? IpAddress::V4(static_cast<std::uint32_t>(hi >> 32))
                           : IpAddress::V6(hi, lo);
}

// The order of every list result: family, address, then shorter first.
bool Before(const Prefix& a, const Prefix& b) {
  if (a.afi() != b.afi()) return a.afi() < b.afi();
  if (a.address().hi() != b.address().hi()) return a.address().hi() < b.address().hi();
  if (a.address().lo() != b.address().lo()) return a.address().lo() < b.address().lo();
  return a.length() < b.length();
}

// The address steps units away from a (steps may be negative); wraps around
// the family's address space.
IpAddress Step(const IpAddress& a, int steps) {
  const bool v4 = a.is_v4();
  std::uint64_t hi = a.hi(), lo = a.lo();
  // A unit is one in the family's last bit: bit 31 of hi or bit 63 of lo.
  const std::uint64_t unit_lo = v4 ? 0 : 1;
  const std::uint64_t unit_hi = v4 ? std::uint64_t{1} << 32 : 0;
  for (; steps > 0; --steps) {
    std::uint64_t old = lo;
    lo += unit_lo;
    hi += unit_hi + (lo < old ? 1 : 0);
  }
  for (; steps < 0; ++steps) {
    std::uint64_t old = lo;
    lo -= unit_lo;
    hi -= unit_hi + (lo > old ? 1 : 0);
  }
  return Make(a.afi(), hi, lo);
}

IpAddress Last(const Prefix& p) {
  const int max = MaxPrefixLength(p.afi());
  return Make(p.afi(), p.address().hi() | (~MaskHi(p.length()) & MaskHi(max)),
              p.address().lo() | (~MaskLo(p.length()) & MaskLo(max)));
}

// Addresses at and just outside the edges of p.
std::vector<IpAddress> Edges(const Prefix& p) {
  return {Step(p.address(), -1), p.address(), Last(p), Step(Last(p), 1)};
}

std::string Text(const std::optional<Prefix>& p) { return p ? p->ToString() : "none"; }

std::vector<std::string> Texts(const std::vector<Prefix>& prefixes) {
  std::vector<std::string> out;
  for (const Prefix& p : prefixes) out.push_back(p.ToString());
  return out;
}

// The linear-scan oracle.
class Oracle {
 public:
  bool Insert(const Prefix& p) {
    if (Contains(p)) return false;
    all_.push_back(p);
    return true;
  }
  bool Erase(const Prefix& p) {
    auto it = std::find(all_.begin(), all_.end(), p);
    if (it == all_.end()) return false;
    *it = all_.back();
    all_.pop_back();
    return true;
  }
  bool Contains(const Prefix& p) const {
    return std::find(all_.begin(), all_.end(), p) != all_.end();
  }
  std::optional<Prefix> LongestMatch(const IpAddress& a) const {
    std::optional<Prefix> best;
    for (const Prefix& p : all_) {
      if (p.Contains(a) && (!best || p.length() > best->length())) best = p;
    }
    return best;
  }
  std::optional<Prefix> LongestMatch(const Prefix& q) const {
    std::optional<Prefix> best;
    for (const Prefix& p : all_) {
      if (p.Contains(q) && (!best || p.length() > best->length())) best = p;
    }
    return best;
  }
  std::vector<Prefix> Covering(const Prefix& q) const {
    std::vector<Prefix> out;
    for (const Prefix& p : all_) {
      if (p.Contains(q)) out.push_back(p);
    }
    std::sort(out.begin(), out.end(), Before);
    return out;
  }
  std::vector<Prefix> Within(const Prefix& q) const {
    std::vector<Prefix> out;
    for (const Prefix& p : all_) {
      if (q.Contains(p)) out.push_back(p);
    }
    std::sort(out.begin(), out.end(), Before);
    return out;
  }
  std::vector<Prefix> Sorted() const {
    std::vector<Prefix> out = all_;
    std::sort(out.begin(), out.end(), Before);
    return out;
  }
  const std::vector<Prefix>& all() const { return all_; }

 private:
  std::vector<Prefix> all_;
};

// Random prefixes of one family, mostly derived from recent ones so that the
// sets nest, have siblings and crowd some /16s.
class Generator {
 public:
  Generator(Afi afi, std::uint64_t seed) : afi_(afi), rng_(seed) {}

  Prefix Next() {
    Prefix p;
    const auto kind = Uniform(10);
    if (anchors_.empty() || kind < 2) {
      p = Prefix::Normalized(Make(afi_, rng_(), rng_()), RandomLength());
    } else if (kind < 9) {
      const Prefix& a = anchors_[Uniform(anchors_.size())];
      const int delta = static_cast<int>(Uniform(15)) - 4;
      const int length = std::clamp(a.length() + delta, 0, Max());
      p = Prefix::Normalized(Inside(a), length);
    } else {
      // A neighbour of the same length: the sibling, or the one just before
      // or after (often a sibling of an ancestor).
      const Prefix& a = anchors_[Uniform(anchors_.size())];
      const auto side = Uniform(3);
      p = side == 0   ? (a.length() == 0 ? a : Sibling(a))
          : side == 1 ? Prefix::Normalized(Step(a.address(), -1), a.length())
                      : Prefix::Normalized(Step(Last(a), 1), a.length());
    }
    if (anchors_.size() < 64) {
      anchors_.push_back(p);
    } else if (Uniform(4) == 0) {
      anchors_[Uniform(anchors_.size())] = p;
    }
    return p;
  }

  // A random address inside p (of either family).
  IpAddress Inside(const Prefix& p) {
    std::uint64_t hi = p.address().hi() | (rng_() & ~MaskHi(p.length()));
    std::uint64_t lo = p.address().lo() | (rng_() & ~MaskLo(p.length()));
    return Make(p.afi(), hi, lo);
  }

  static Prefix Sibling(const Prefix& p) {
    const int bit = p.length() - 1;
    std::uint64_t hi = p.address().hi(), lo = p.address().lo();
    if (bit < 64) {
      hi ^= std::uint64_t{1} << (63 - bit);
    } else {
      lo ^= std::uint64_t{1} << (127 - bit);
    }
    return Prefix::Normalized(Make(p.afi(), hi, lo), p.length());
  }

  std::uint64_t Uniform(std::uint64_t n) { return rng_() % n; }
  std::mt19937_64& rng() { return rng_; }

 private:
  int Max() const { return MaxPrefixLength(afi_); }
  int RandomLength() {
    switch (Uniform(8)) {
      case 0:
        return 0;
      case 1:
        return Max();
      case 2:
        return static_cast<int>(Uniform(static_cast<std::uint64_t>(Max()) + 1));
      case 3:
        return static_cast<int>(Uniform(9));
      default:
        return afi_ == Afi::kIpv4 ? 16 + static_cast<int>(Uniform(9))
                                  : 24 + static_cast<int>(Uniform(41));
    }
  }

  Afi afi_;
  std::mt19937_64 rng_;
  std::vector<Prefix> anchors_;
};

// Compares set with oracle on `count` random queries of both families.
void CheckQueries(const PrefixSet& set, const Oracle& oracle, Generator& gen4, Generator& gen6,
                  int count) {
  ASSERT_EQ(set.size(), oracle.all().size());
  const auto& all = oracle.all();
  for (int i = 0; i < count; ++i) {
    Generator& gen = gen4.Uniform(2) == 0 ? gen4 : gen6;
    Prefix q = gen.Next();
    if (!all.empty() && gen.Uniform(2) == 0) {
      const Prefix& stored = all[gen.Uniform(all.size())];
      q = stored;
      if (gen.Uniform(3) == 0) {
        q = Prefix::Normalized(gen.Inside(stored),
                               std::min<int>(stored.length() + 1 + static_cast<int>(gen.Uniform(8)),
                                             MaxPrefixLength(stored.afi())));
      }
    }
    IpAddress a;
    switch (gen.Uniform(4)) {
      case 0:
        a = gen.Inside(q);
        break;
      case 1:
        a = Edges(q)[gen.Uniform(4)];  // just inside or outside
        break;
      case 2:
        a = all.empty() ? gen.Inside(q) : gen.Inside(all[gen.Uniform(all.size())]);
        break;
      default:
        a = gen.Inside(Prefix::Normalized(q.address(), 0));  // anywhere
    }
    ASSERT_EQ(Text(set.LongestMatch(a)), Text(oracle.LongestMatch(a))) << a.ToString();
    ASSERT_EQ(set.Contains(q), oracle.Contains(q)) << q.ToString();
    auto match = oracle.LongestMatch(q);
    ASSERT_EQ(Text(set.LongestMatch(q)), Text(match)) << q.ToString();
    ASSERT_EQ(set.CoveredBy(q), match.has_value()) << q.ToString();
    if (i % 4 == 0) {
      ASSERT_EQ(Texts(set.Covering(q)), Texts(oracle.Covering(q))) << q.ToString();
    }
    if (i % 8 == 0) {
      ASSERT_EQ(Texts(set.Within(q)), Texts(oracle.Within(q))) << q.ToString();
    }
  }
}

TEST(PrefixSetRandomTest, MatchesLinearScanOracle) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE(seed);
    PrefixSet set;
    Oracle oracle;
    Generator gen4(Afi::kIpv4, seed * 1000 + 4), gen6(Afi::kIpv6, seed * 1000 + 6);
    // Grow past the IPv4 index threshold, shrink below half of it, grow again;
    // a quarter of the operations are erases while growing, three quarters
    // while shrinking.
    const std::size_t v4_targets[] = {3 * PrefixSet::kIndexMinSize, 200,
                                      2 * PrefixSet::kIndexMinSize};
    for (std::size_t target : v4_targets) {
      auto v4_size = [&oracle] {
        return static_cast<std::size_t>(std::count_if(oracle.all().begin(), oracle.all().end(),
                                                      [](const Prefix& p) { return p.is_v4(); }));
      };
      const bool growing = v4_size() < target;
      for (int step = 0; growing ? v4_size() < target : v4_size() > target; ++step) {
        Generator& gen = step % 3 == 2 ? gen6 : gen4;
        const bool erase = growing ? gen.Uniform(4) == 0 : gen.Uniform(4) != 0;
        if (erase && !oracle.all().empty()) {
          Prefix victim = oracle.all()[gen.Uniform(oracle.all().size())];
          if (gen.Uniform(8) == 0) victim = gen.Next();  // usually not stored
          ASSERT_EQ(set.Erase(victim), oracle.Erase(victim)) << victim.ToString();
        } else {
          Prefix p = gen.Next();
          ASSERT_EQ(set.Insert(p), oracle.Insert(p)) << p.ToString();
        }
        if (step % 97 == 0) CheckQueries(set, oracle, gen4, gen6, 20);
        if (HasFatalFailure()) return;
      }
      CheckQueries(set, oracle, gen4, gen6, 3000);
      ASSERT_EQ(Texts(set.Prefixes()), Texts(oracle.Sorted()));
    }
  }
}

TEST(PrefixSetRandomTest, IndexFollowsShortPrefixChurn) {
  // Prefixes of length <= 16 nest among themselves and are inserted and erased
  // while the IPv4 index is built; a background of /24s keeps it built.
  std::mt19937_64 rng(16);
  PrefixSet set;
  Oracle oracle;
  Generator gen(Afi::kIpv4, 17);
  while (set.size() < 2 * PrefixSet::kIndexMinSize) {
    Prefix p = Prefix::Normalized(IpAddress::V4(static_cast<std::uint32_t>(rng())), 24);
    ASSERT_EQ(set.Insert(p), oracle.Insert(p));
  }
  std::vector<Prefix> shorts;
  for (int step = 0; step < 4000; ++step) {
    Prefix p;
    if (!shorts.empty() && rng() % 3 == 0) {
      p = shorts[rng() % shorts.size()];  // erase or re-insert a known one
    } else {
      const int length = static_cast<int>(rng() % 21);
      // Concentrated in 0.0.0.0/4 so that the short prefixes nest.
      p = Prefix::Normalized(IpAddress::V4(static_cast<std::uint32_t>(rng()) >> 4), length);
      shorts.push_back(p);
    }
    if (oracle.Contains(p)) {
      ASSERT_EQ(set.Erase(p), oracle.Erase(p)) << p.ToString();
    } else {
      ASSERT_EQ(set.Insert(p), oracle.Insert(p)) << p.ToString();
    }
    for (int i = 0; i < 8; ++i) {
      IpAddress a = i < 4 ? gen.Inside(p) : IpAddress::V4(static_cast<std::uint32_t>(rng()) >> 4);
      ASSERT_EQ(Text(set.LongestMatch(a)), Text(oracle.LongestMatch(a))) << a.ToString();
    }
  }
}

// Aggregation the slow way: drop covered prefixes and merge siblings until
// nothing changes. The result is the unique minimal cover.
std::vector<Prefix> BruteForceAggregate(std::vector<Prefix> prefixes) {
  for (bool changed = true; changed;) {
    changed = false;
    std::sort(prefixes.begin(), prefixes.end(), Before);
    prefixes.erase(std::unique(prefixes.begin(), prefixes.end()), prefixes.end());
    for (std::size_t i = 0; i < prefixes.size() && !changed; ++i) {
      for (std::size_t j = 0; j < prefixes.size() && !changed; ++j) {
        if (i == j) continue;
        if (prefixes[i].Contains(prefixes[j])) {
          prefixes.erase(prefixes.begin() + static_cast<std::ptrdiff_t>(j));
          changed = true;
        } else if (prefixes[i].length() > 0 && Generator::Sibling(prefixes[i]) == prefixes[j]) {
          prefixes[i] = Prefix::Normalized(prefixes[i].address(), prefixes[i].length() - 1);
          prefixes.erase(prefixes.begin() + static_cast<std::ptrdiff_t>(j));
          changed = true;
        }
      }
    }
  }
  return prefixes;
}

void CheckMinimal(const std::vector<Prefix>& aggregate) {
  ASSERT_TRUE(std::is_sorted(aggregate.begin(), aggregate.end(), Before));
  for (std::size_t i = 0; i < aggregate.size(); ++i) {
    for (std::size_t j = 0; j < aggregate.size(); ++j) {
      if (i == j) continue;
      ASSERT_FALSE(aggregate[i].Contains(aggregate[j]))
          << aggregate[i].ToString() << " covers " << aggregate[j].ToString();
      ASSERT_FALSE(aggregate[i].length() > 0 && Generator::Sibling(aggregate[i]) == aggregate[j])
          << aggregate[i].ToString() << " and " << aggregate[j].ToString() << " are siblings";
    }
  }
}

// Every sampled address is covered by the input iff by the aggregate.
void CheckSameSpace(const Oracle& input, const std::vector<Prefix>& aggregate, Generator& gen) {
  Oracle output;
  for (const Prefix& p : aggregate) output.Insert(p);
  std::vector<IpAddress> samples;
  for (const auto* list : {&input.all(), &aggregate}) {
    for (const Prefix& p : *list) {
      for (const IpAddress& a : Edges(p)) samples.push_back(a);
      samples.push_back(gen.Inside(p));
      samples.push_back(gen.Inside(Prefix::Normalized(p.address(), std::max(0, p.length() - 2))));
    }
  }
  for (const IpAddress& a : samples) {
    ASSERT_EQ(input.LongestMatch(a).has_value(), output.LongestMatch(a).has_value())
        << a.ToString();
  }
}

TEST(PrefixSetRandomTest, AggregateOfSmallSetsIsTheMinimalCover) {
  // Prefixes crowded into a small range so that merges cascade.
  int merged = 0;
  for (std::uint64_t seed = 0; seed < 1500; ++seed) {
    const Afi afi = seed % 2 == 0 ? Afi::kIpv4 : Afi::kIpv6;
    const int max = MaxPrefixLength(afi);
    Generator gen(afi, seed);
    const int base_length = seed % 7 == 0 ? 0 : max - 10;
    Prefix base = Prefix::Normalized(gen.Inside(Prefix::Normalized(IpAddress(), 0)), base_length);
    if (afi == Afi::kIpv6)
      base = Prefix::Normalized(Make(afi, gen.rng()(), gen.rng()()), base_length);
    PrefixSet set;
    Oracle oracle;
    const auto count = 1 + gen.Uniform(40);
    for (std::uint64_t i = 0; i < count; ++i) {
      const int length = base_length + 1 + static_cast<int>(gen.Uniform(i % 4 == 0 ? 10 : 5));
      Prefix p = Prefix::Normalized(gen.Inside(base), std::min(length, max));
      ASSERT_EQ(set.Insert(p), oracle.Insert(p));
    }
    std::vector<Prefix> aggregate = set.Aggregate();
    for (const Prefix& p : aggregate) {
      if (!oracle.Contains(p)) {
        ++merged;  // made by merging siblings
        break;
      }
    }
    SCOPED_TRACE(seed);
    ASSERT_EQ(Texts(aggregate), Texts(BruteForceAggregate(oracle.all())));
    CheckMinimal(aggregate);
    CheckSameSpace(oracle, aggregate, gen);
  }
  EXPECT_GT(merged, 700);  // the generator does exercise merging
}

TEST(PrefixSetRandomTest, AggregateOfLargeMixedSetsCoversTheSameSpace) {
  for (std::uint64_t seed : {7u, 8u}) {
    SCOPED_TRACE(seed);
    Generator gen4(Afi::kIpv4, seed), gen6(Afi::kIpv6, seed + 100);
    PrefixSet set;
    Oracle oracle;
    for (int i = 0; i < 1500; ++i) {
      Prefix p = (i % 3 == 0 ? gen6 : gen4).Next();
      ASSERT_EQ(set.Insert(p), oracle.Insert(p));
    }
    std::vector<Prefix> aggregate = set.Aggregate();
    CheckMinimal(aggregate);
    CheckSameSpace(oracle, aggregate, gen4);
    // Aggregating the aggregate changes nothing.
    PrefixSet again;
    for (const Prefix& p : aggregate) again.Insert(p);
    ASSERT_EQ(Texts(again.Aggregate()), Texts(aggregate));
  }
}

}  // namespace
}  // namespace manrs
