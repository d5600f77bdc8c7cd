// What the web server reads: the observatory store (through the
// ObservatoryStore interface only, one connection per HTTP thread), the IRR
// snapshot (reopened when `manrs irr load` replaces the file) and PeeringDB
// (re-read when the file is replaced).
// Whole-period digests (overview numbers, the prefix index for search) are
// computed once per period and shared.
#ifndef MANRS_SRC_WEB_OBSERVATORY_VIEW_H_
#define MANRS_SRC_WEB_OBSERVATORY_VIEW_H_

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "manrs/base/result.h"
#include "manrs/daemon/log.h"
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

// A file the server re-reads when it is replaced (its mtime, inode or size
// changes), looked at at most once a second. The load runs outside the lock
// (requests meanwhile get the old data); a replacement that does not load
// leaves the old data in service, with the reason in error() and a warning
// in the log. Thread-safe.
template <typename T>
class ReloadingFile {
 public:
  using Loader = std::function<Result<T>(const std::string& path)>;
  ReloadingFile(std::string what, std::string path, Loader loader, daemon::Logger log)
      : what_(std::move(what)),
        path_(std::move(path)),
        loader_(std::move(loader)),
        log_(std::move(log)) {}

  // The current data; null before the first good load or without a path.
  std::shared_ptr<const T> Get();
  // Good loads so far.
  std::uint64_t generation() const { return generation_.load(); }
  // Why the last look failed; "" when it did not.
  std::string error();

 private:
  const std::string what_, path_;
  const Loader loader_;
  const daemon::Logger log_;
  std::mutex mu_;
  std::shared_ptr<const T> data_;
  std::int64_t checked_ = -1;  // steady seconds of the last stat
  bool loading_ = false;
  std::int64_t mtime_ns_ = 0;
  std::uint64_t ino_ = 0, size_ = 0;
  std::atomic<std::uint64_t> generation_{0};
  std::string error_;
};

class ObservatoryView {
 public:
  ObservatoryView(std::string store_spec, std::string irr_path, std::string peeringdb_path,
                  daemon::Logger log);

  // Opens everything once, so that a bad path fails at start.
  Status Open();

  Result<std::vector<Period>> Periods();
  // Changes whenever the period list, the IRR snapshot or the PeeringDB data
  // does (never goes back): what is rendered from them is keyed by it.
  // A period rewritten in place (same start and end) does not change it.
  std::uint64_t generation() const {
    return periods_generation_.load() + irr_.generation() + peeringdb_.generation();
  }
  // The latest period, or nullopt when the store holds none.
  Result<std::optional<Period>> Latest();
  Result<std::optional<AsReport>> Report(const Period& period, Asn asn);
  Result<std::vector<HistoryPoint>> History(Asn asn);
  // with_prefixes: fill the prefix index (only asked for the latest period).
  Result<std::shared_ptr<const PeriodDigest>> Digest(const Period& period, bool with_prefixes);

  // The current IRR snapshot (null without --irr) and PeeringDB data (null
  // without --peeringdb), each reloaded as ReloadingFile says.
  std::shared_ptr<const IrrDatabase> Irr() { return irr_.Get(); }
  std::uint64_t irr_generation() const { return irr_.generation(); }
  std::string irr_error() { return irr_.error(); }
  std::shared_ptr<const PeeringDb> Peeringdb() { return peeringdb_.Get(); }
  std::uint64_t peeringdb_generation() const { return peeringdb_.generation(); }
  std::string peeringdb_error() { return peeringdb_.error(); }

 private:
  Result<ObservatoryStore*> Store();

  std::string store_spec_;
  bool has_irr_, has_peeringdb_;
  ReloadingFile<IrrDatabase> irr_;
  ReloadingFile<PeeringDb> peeringdb_;

  // The period list, re-read at most once a second (a new period shows up
  // within a second without a query per request).
  std::mutex periods_mu_;
  std::vector<Period> periods_;
  std::int64_t periods_read_ = -1;  // steady seconds
  std::atomic<std::uint64_t> periods_generation_{0};

  std::mutex digest_build_mu_;  // held while a digest is built
  std::mutex digest_mu_;
  std::map<Period, std::shared_ptr<const PeriodDigest>> digests_;
};

}  // namespace manrs::web

#endif  // MANRS_SRC_WEB_OBSERVATORY_VIEW_H_
