// The end of each AS's report, the same in Observer::Finish
// (observer_finish.cc) and ObservationMerge::Finish (merge.cc).
#ifndef MANRS_SRC_OBSERVE_AS_FACTS_H_
#define MANRS_SRC_OBSERVE_AS_FACTS_H_

#include <array>
#include <cstdint>

#include "manrs/observe/observer.h"
#include "manrs/observe/report.h"

namespace manrs::observe_internal {

// Sets in *x the AS's facts that do not come from routes (facts: its
// StaticAsMetrics; null leaves them as they are) and its distinct paths per
// AspaState (aspa: valid, invalid, unknown; null leaves them), then the
// readiness of each action (ComputeReadiness).
// REQUIRES: x != nullptr.
void CompleteAsMetrics(const ObserveConfig& config, const AsMetrics* facts,
                       const std::array<std::uint64_t, 3>* aspa, AsMetrics* x);

// The bogon count of class cls in x: 0 bogon ASNs (M4), 1 administrative
// bogon ASNs, 2 customers' bogon prefixes passed on (M3C), 3 customers'
// bogon ASNs (M4C).
// REQUIRES: 0 <= cls < 4.
std::uint64_t& BogonCount(AsMetrics& x, int cls);

// Appends inc to its AS's report r; a high-confidence incident that is not
// an administrative bogon adds its score to r's incident_score.
// REQUIRES: r != nullptr and r is inc.asn's report.
void AddIncident(Incident inc, AsReport* r);

}  // namespace manrs::observe_internal

#endif  // MANRS_SRC_OBSERVE_AS_FACTS_H_
