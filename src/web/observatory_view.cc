#include "web/observatory_view.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>

#include "fmt/format.h"
#include "manrs/base/problem.h"

namespace manrs::web {

ObservatoryView::ObservatoryView(std::string store_spec, std::string irr_path,
                                 std::string peeringdb_path)
    : store_spec_(std::move(store_spec)),
      irr_path_(std::move(irr_path)),
      peeringdb_path_(std::move(peeringdb_path)) {}

Status ObservatoryView::Open() {
  auto store = Store();
  if (!store) return Unexpected<Error>(store.error());
  if (!irr_path_.empty()) {
    Irr();
    if (!irr_) return MakeError(ErrorCode::kIo, irr_error());
  }
  if (!peeringdb_path_.empty()) {
    ProblemLog problems;
    auto db = PeeringDb::Load(peeringdb_path_, problems);
    if (!db) return Unexpected<Error>(db.error());
    peeringdb_ = std::move(*db);
  }
  return {};
}

Result<ObservatoryStore*> ObservatoryView::Store() {
  // One connection per HTTP thread: SQLite connections are not shared
  // between threads, and readers then never wait for each other.
  thread_local std::map<const ObservatoryView*, std::unique_ptr<ObservatoryStore>> stores;
  auto& slot = stores[this];
  if (!slot) {
    auto opened = OpenStore(store_spec_, StoreAccess::kReadOnly);
    if (!opened) return Unexpected<Error>(opened.error());
    slot = std::move(*opened);
  }
  return slot.get();
}

namespace {

std::int64_t SteadySeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Result<std::vector<Period>> ObservatoryView::Periods() {
  const std::int64_t now = SteadySeconds();
  {
    std::lock_guard lock(periods_mu_);
    if (now == periods_read_) return periods_;
  }
  auto store = Store();
  if (!store) return Unexpected<Error>(store.error());
  auto periods = (*store)->Periods();
  if (!periods) return periods;
  std::lock_guard lock(periods_mu_);
  periods_ = *periods;
  periods_read_ = now;
  return periods;
}

Result<std::optional<Period>> ObservatoryView::Latest() {
  auto periods = Periods();
  if (!periods) return Unexpected<Error>(periods.error());
  if (periods->empty()) return std::optional<Period>();
  return std::optional<Period>(periods->back());
}

Result<std::optional<AsReport>> ObservatoryView::Report(const Period& period, Asn asn) {
  auto store = Store();
  if (!store) return Unexpected<Error>(store.error());
  return (*store)->Report(period, asn);
}

Result<std::vector<HistoryPoint>> ObservatoryView::History(Asn asn) {
  auto store = Store();
  if (!store) return Unexpected<Error>(store.error());
  return (*store)->History(asn);
}

Result<std::shared_ptr<const PeriodDigest>> ObservatoryView::Digest(const Period& period,
                                                                    bool with_prefixes) {
  {
    std::lock_guard lock(digest_mu_);
    auto it = digests_.find(period);
    if (it != digests_.end() &&
        (!with_prefixes || !it->second->prefixes.empty() || it->second->ases.empty())) {
      return it->second;
    }
  }
  auto store = Store();
  if (!store) return Unexpected<Error>(store.error());
  auto digest = std::make_shared<PeriodDigest>();
  digest->period = period;
  auto summary = (*store)->Summary(period);
  if (!summary) return Unexpected<Error>(summary.error());
  digest->summary = std::move(*summary);
  auto walked = (*store)->ForEachReport(period, [&](const AsReport& r) -> Status {
    digest->overview.Add(r);
    digest->ases.push_back(r.metrics.asn);
    if (with_prefixes) {
      for (const PrefixState& p : r.prefixes) {
        digest->prefixes.push_back({p.prefix, r.metrics.asn, p.rpki, p.irr});
      }
    }
    return {};
  });
  if (!walked) return Unexpected<Error>(walked.error());
  std::sort(digest->prefixes.begin(), digest->prefixes.end(),
            [](const PrefixHit& a, const PrefixHit& b) {
              return std::tie(a.prefix, a.asn) < std::tie(b.prefix, b.asn);
            });
  std::lock_guard lock(digest_mu_);
  auto& slot = digests_[period];
  // Another thread may have finished first; either copy is the same.
  if (!slot || (with_prefixes && slot->prefixes.empty())) slot = digest;
  return slot;
}

std::shared_ptr<const IrrDatabase> ObservatoryView::Irr() {
  if (irr_path_.empty()) return nullptr;
  std::lock_guard lock(irr_mu_);
  const std::int64_t now = SteadySeconds();
  if (irr_ && now == irr_checked_) return irr_;
  irr_checked_ = now;
  struct stat st {};
  if (::stat(irr_path_.c_str(), &st) != 0) {
    irr_error_ = fmt::format("{}: cannot stat", irr_path_);
    return irr_;
  }
  const std::int64_t mtime_ns =
      static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  if (irr_ && mtime_ns == irr_mtime_ns_ && st.st_ino == irr_ino_ &&
      static_cast<std::uint64_t>(st.st_size) == irr_size_) {
    return irr_;
  }
  auto db = IrrDatabase::Open(irr_path_);
  if (!db) {
    irr_error_ = fmt::format("{}: {}", irr_path_, db.error().message);
    return irr_;
  }
  irr_ = std::make_shared<const IrrDatabase>(std::move(*db));
  irr_mtime_ns_ = mtime_ns;
  irr_ino_ = st.st_ino;
  irr_size_ = static_cast<std::uint64_t>(st.st_size);
  irr_error_.clear();
  ++irr_generation_;
  return irr_;
}

std::string ObservatoryView::irr_error() {
  std::lock_guard lock(irr_mu_);
  return irr_error_;
}

}  // namespace manrs::web
