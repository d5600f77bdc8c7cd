// Source-address-validation allow-lists, one per interface, by the modes of
// RFC 3704 (strict and feasible-path uRPF), RFC 8704 (EFP-uRPF Algorithms A
// and B) and draft-ietf-sidrops-bar-sav. doc/sav.md quotes the text each
// mode follows and says where the dump limits what can be followed.
#ifndef MANRS_SAV_ALLOW_LIST_H_
#define MANRS_SAV_ALLOW_LIST_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "manrs/base/result.h"
#include "manrs/net/prefix.h"
#include "manrs/rpki/vrp.h"
#include "manrs/sav/rib.h"

namespace manrs {

enum class SavMode : std::uint8_t { kStrict, kFeasible, kEfpA, kEfpB, kBarSav };

// "strict", "feasible", "efp-a", "efp-b", "bar-sav".
const char* SavModeName(SavMode mode);
Result<SavMode> ParseSavMode(std::string_view name);

struct SavInputs {
  const SavRib* rib = nullptr;
  // Indexes into rib->interfaces() of the customer interfaces, sorted and
  // unique. Strict and feasible: the interfaces to write lists for (all when
  // empty). EFP-A, EFP-B and BAR-SAV: required, non-empty.
  std::vector<std::uint32_t> customers;
  // BAR-SAV only: the VRPs (ROAs) and ASPAs.
  std::span<const Vrp> vrps;
  std::span<const Aspa> aspas;
};

struct InterfaceAllowList {
  std::uint32_t interface = 0;  // index into rib->interfaces()
  std::vector<Prefix> allow;    // sorted, unique; not aggregated
  // BAR-SAV: the customer cone the list was built from (sorted ASNs).
  std::vector<Asn> cone;
};

// The lists, in the order of the interfaces. Errors: no customers for a mode
// that needs them. BAR-SAV (draft-ietf-sidrops-bar-sav-01 section 4): the
// cone grows from the neighbour's AS by ASPAs and by the AS_PATHs of all
// interfaces (the AS after a cone member is its customer); ROV-Invalid routes
// (when vrps is given) and ASPA-Invalid paths (when aspas is given: upstream
// for customer interfaces, downstream for the others) are left out. Without
// ASPAs or VRPs it is allowed: the cone then comes from the paths alone and
// the ROA part is empty.
Result<std::vector<InterfaceAllowList>> ComputeAllowLists(SavMode mode, const SavInputs& in);

// Strict uRPF's best route among the routes of one prefix (RFC 4271
// 9.1.2.2 as far as the dump carries the attributes; see doc/sav.md).
// Returns the index into `routes` of the winner. REQUIRES: routes non-empty.
std::size_t BestRoute(std::span<const SavRoute> routes, std::span<const SavInterface> interfaces);

}  // namespace manrs

#endif  // MANRS_SAV_ALLOW_LIST_H_
