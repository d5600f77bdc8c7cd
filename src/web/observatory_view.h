// What the web server reads: the observatory store (through the
// ObservatoryStore interface only, one connection per HTTP thread), the IRR
// snapshot (reopened when `manrs irr load` replaces the file) and PeeringDB.
// Whole-period digests (overview numbers, the prefix index for search) are
// computed once per period and shared.
#ifndef MANRS_SRC_WEB_OBSERVATORY_VIEW_H_
#define MANRS_SRC_WEB_OBSERVATORY_VIEW_H_

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "manrs/base/result.h"
#include "manrs/irr/database.h"
#include "manrs/observe/overview.h"
#include "manrs/observe/store.h"
#include "manrs/peeringdb/peeringdb.h"

namespace manrs::web {

struct PrefixHit {
  Prefix prefix;
  Asn asn = 0;
  RovState rpki = RovState::kNotFound;
  IrrState irr = IrrState::kUnmeasured;
};

struct PeriodDigest {
  Period period;
  ObservationSummary summary;
  PeriodOverview overview{10};
  std::vector<Asn> ases;            // measured, by ASN
  std::vector<PrefixHit> prefixes;  // sorted by prefix, then ASN (the latest period only)
};

class ObservatoryView {
 public:
  ObservatoryView(std::string store_spec, std::string irr_path, std::string peeringdb_path);

  // Opens everything once, so that a bad path fails at start.
  Status Open();

  Result<std::vector<Period>> Periods();
  // The latest period, or nullopt when the store holds none.
  Result<std::optional<Period>> Latest();
  Result<std::optional<AsReport>> Report(const Period& period, Asn asn);
  Result<std::vector<HistoryPoint>> History(Asn asn);
  // with_prefixes: fill the prefix index (only asked for the latest period).
  Result<std::shared_ptr<const PeriodDigest>> Digest(const Period& period, bool with_prefixes);

  // The current IRR snapshot (null without --irr); a replaced file is
  // reopened at most once a second; a snapshot that fails to open leaves
  // the old one in service (and is reported in irr_error()).
  std::shared_ptr<const IrrDatabase> Irr();
  std::uint64_t irr_generation() const { return irr_generation_.load(); }
  std::string irr_error();
  const PeeringDb* peeringdb() const { return peeringdb_ ? &*peeringdb_ : nullptr; }

 private:
  Result<ObservatoryStore*> Store();

  std::string store_spec_, irr_path_, peeringdb_path_;
  std::optional<PeeringDb> peeringdb_;

  std::mutex irr_mu_;
  std::shared_ptr<const IrrDatabase> irr_;
  std::int64_t irr_checked_ = 0;  // steady seconds of the last stat
  std::int64_t irr_mtime_ns_ = 0;
  std::uint64_t irr_ino_ = 0, irr_size_ = 0;
  std::atomic<std::uint64_t> irr_generation_{0};
  std::string irr_error_;

  // The period list, re-read at most once a second (a new period shows up
  // within a second without a query per request).
  std::mutex periods_mu_;
  std::vector<Period> periods_;
  std::int64_t periods_read_ = -1;  // steady seconds

  std::mutex digest_mu_;
  std::map<Period, std::shared_ptr<const PeriodDigest>> digests_;
};

}  // namespace manrs::web

#endif  // MANRS_SRC_WEB_OBSERVATORY_VIEW_H_
