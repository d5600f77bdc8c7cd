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

}  // namespace manrs::observe_internal

#endif  // MANRS_SRC_OBSERVE_AS_FACTS_H_
