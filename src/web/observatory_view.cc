#include "web/observatory_view.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>

#include "fmt/format.h"
#include "manrs/base/problem.h"

namespace manrs::web {

namespace {

std::int64_t SteadySeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

template <typename T>
std::shared_ptr<const T> ReloadingFile<T>::Get() {
  if (path_.empty()) return nullptr;
  std::int64_t mtime_ns = 0;
  struct stat st {};
  {
    std::lock_guard lock(mu_);
    const std::int64_t now = SteadySeconds();
    if ((data_ && now == checked_) || loading_) return data_;
    checked_ = now;
    if (::stat(path_.c_str(), &st) != 0) {
      error_ = fmt::format("{}: cannot stat", path_);
      return data_;
    }
    mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    if (data_ && mtime_ns == mtime_ns_ && st.st_ino == ino_ &&
        static_cast<std::uint64_t>(st.st_size) == size_) {
      return data_;
    }
    loading_ = true;
  }
  auto loaded = loader_(path_);
  std::lock_guard lock(mu_);
  loading_ = false;
  if (!loaded) {
    error_ = fmt::format("{}: {}", path_, loaded.error().message);
    // Not again until the file changes once more.
    mtime_ns_ = mtime_ns;
    ino_ = st.st_ino;
    size_ = static_cast<std::uint64_t>(st.st_size);
    if (data_) {
      log_.Warning("{} {} refused, the previous one stays in service: {}", what_, path_,
                   loaded.error().message);
    }
    return data_;
  }
  data_ = std::make_shared<const T>(std::move(*loaded));
  mtime_ns_ = mtime_ns;
  ino_ = st.st_ino;
  size_ = static_cast<std::uint64_t>(st.st_size);
  error_.clear();
  if (generation_++ > 0) log_.Info("{} {} reloaded", what_, path_);
  return data_;
}

template <typename T>
std::string ReloadingFile<T>::error() {
  std::lock_guard lock(mu_);
  return error_;
}

template class ReloadingFile<IrrDatabase>;
template class ReloadingFile<PeeringDb>;

namespace {

// PeeringDB for the server: a file whose JSON breaks off is refused (the
// first load would otherwise take part of a file for all of it, and a
// reload would replace good data with less).
Result<PeeringDb> LoadPeeringDb(const std::string& path) {
  ProblemLog problems;
  auto db = PeeringDb::Load(path, problems);
  if (!db) return db;
  if (!db->stats().complete) {
    const std::string why = problems.kept().empty() ? std::string("the JSON breaks off")
                                                    : problems.kept().back().message;
    return MakeError(ErrorCode::kParse,
                     fmt::format("damaged: {} (at byte {})", why,
                                 problems.kept().empty() ? 0 : problems.kept().back().offset));
  }
  return db;
}

}  // namespace

ObservatoryView::ObservatoryView(std::string store_spec, std::string irr_path,
                                 std::string peeringdb_path, daemon::Logger log)
    : store_spec_(std::move(store_spec)),
      has_irr_(!irr_path.empty()),
      has_peeringdb_(!peeringdb_path.empty()),
      irr_(
          "IRR snapshot", std::move(irr_path),
          [](const std::string& path) { return IrrDatabase::Open(path); }, log),
      peeringdb_("PeeringDB file", std::move(peeringdb_path), LoadPeeringDb, log) {}

Status ObservatoryView::Open() {
  auto store = Store();
  if (!store) return Unexpected<Error>(store.error());
  if (has_irr_ && !irr_.Get()) return MakeError(ErrorCode::kIo, irr_.error());
  if (has_peeringdb_ && !peeringdb_.Get()) {
    return MakeError(ErrorCode::kParse, peeringdb_.error());
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
  if (*periods != periods_ || periods_read_ < 0) ++periods_generation_;
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
  // One digest is built at a time (seconds for a full period): requests that
  // want it meanwhile wait for that one instead of each building their own.
  std::lock_guard build(digest_build_mu_);
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

}  // namespace manrs::web
