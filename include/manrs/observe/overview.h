// PeriodOverview: the numbers of a whole period, accumulated one AS report at
// a time (reports can be streamed from the store): ASes measured, readiness
// per action, RPKI and IRR totals, the worst incidents. `manrs report --all
// --format table` and `make run` print it; the web overview shows the same.
#ifndef MANRS_OBSERVE_OVERVIEW_H_
#define MANRS_OBSERVE_OVERVIEW_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "manrs/observe/report.h"

namespace manrs {

class PeriodOverview {
 public:
  explicit PeriodOverview(std::size_t top_incidents = 10) : top_(top_incidents) {}

  void Add(const AsReport& report);

  // A plain-text table for a terminal.
  std::string RenderText(const Period& period, const ObservationSummary& summary) const;

  std::uint64_t ases() const { return ases_; }
  // [action][label] counts.
  const std::array<std::array<std::uint64_t, 4>, kActions>& labels() const { return labels_; }
  // Culprit records of high-confidence incidents, by kind.
  const std::array<std::uint64_t, kIncidentKinds>& incidents() const { return incidents_; }
  // The worst culprit incidents: highest score, then most prefixes, then ASN.
  const std::vector<Incident>& top() const { return top_incidents_; }

 private:
  std::size_t top_;
  std::uint64_t ases_ = 0, announcing_ = 0;
  std::uint64_t prefixes_ = 0, valid_ = 0, invalid_ = 0, not_found_ = 0;
  std::uint64_t irr_registered_ = 0, irr_total_ = 0;
  std::uint64_t policy_ = 0, policy_measured_ = 0, contacts_ = 0, contacts_measured_ = 0;
  std::array<std::array<std::uint64_t, 4>, kActions> labels_{};
  std::array<std::uint64_t, kIncidentKinds> incidents_{};
  std::vector<Incident> top_incidents_;
};

}  // namespace manrs

#endif  // MANRS_OBSERVE_OVERVIEW_H_
