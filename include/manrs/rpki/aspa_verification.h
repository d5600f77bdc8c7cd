// ASPA-based AS_PATH verification, draft-ietf-sidrops-aspa-verification-24:
// the provider authorization function (section 5) over an AspaTable, and the
// upstream and downstream procedures (sections 6.2, 6.3) with the ramp
// bounds of section 6.1.
//
// The path the procedures see is the draft's COMPRESSED_AS_PATH: the AS_PATH
// (already merged with AS4_PATH, see PathAttributes::path()) with each run of
// a repeated AS (prepending) collapsed to one AS. The draft numbers it
// AS(N) .. AS(1), AS(N) the neighbour and AS(1) the origin; hop indices in a
// verdict use that numbering.
//
// Our readings where the draft leaves room (doc comments below say which):
//  - AS_CONFED_SEQUENCE segments are skipped: RFC 5065 has them removed when
//    a route leaves the confederation and section 7.2 of the draft keeps the
//    procedures to its edge. AS_CONFED_SET counts as an AS_SET.
//  - AS 0 in a SPAS is never a provider: section 4 says its "unexpected
//    presence ... has no influence on the AS_PATH verification procedures".
//  - Only adjacent repeats collapse ("prepends"); an AS that reappears later
//    (a loop) stays, as RTRlib and OpenBGPD do.
#ifndef MANRS_RPKI_ASPA_VERIFICATION_H_
#define MANRS_RPKI_ASPA_VERIFICATION_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "manrs/bgp/as_path.h"
#include "manrs/net/asn.h"
#include "manrs/rpki/vrp.h"

namespace manrs {

// The three outcomes of authorized(AS x, AS y), draft section 5.
enum class AspaAuthorization : std::uint8_t {
  kNoAttestation,    // AS x has no ASPA
  kProviderPlus,     // AS y is in the U-SPAS of AS x
  kNotProviderPlus,  // AS x has an ASPA and AS y is not in it
};

// "no-attestation", "provider+", "not-provider+".
const char* AspaAuthorizationName(AspaAuthorization a);

// The Union SPAS of every customer AS (draft section 5: "the union of AS
// listed in all SPAS of these ASPAs"), keyed by customer.
//
// Invariant: every provider list is sorted, unique and free of AS 0; a
// customer whose ASPAs list only AS 0 (an AS0 ASPA) has an empty list, which
// still counts as an attestation.
class AspaTable {
 public:
  AspaTable() = default;
  // Builds the table from ASPAs in any order; several for one customer merge.
  explicit AspaTable(std::span<const Aspa> aspas);

  // Merges one ASPA into the table.
  void Add(const Aspa& aspa);

  // authorized(customer, provider) of draft section 5.
  AspaAuthorization Authorized(Asn customer, Asn provider) const;

  // The U-SPAS of customer (sorted, AS 0 removed), or null when it has none.
  // Valid until the table is next modified.
  const std::vector<Asn>* Providers(Asn customer) const;

  std::size_t size() const { return spas_.size(); }
  bool empty() const { return spas_.empty(); }

 private:
  std::unordered_map<Asn, std::vector<Asn>> spas_;
};

// Which procedure: upstream (section 6.2) for routes from a Customer, a
// lateral Peer, an RS-client (at an RS) or an RS (at an RS-client);
// downstream (section 6.3) for routes from a Provider.
enum class AspaDirection : std::uint8_t { kUpstream, kDownstream };

const char* AspaDirectionName(AspaDirection d);  // "upstream", "downstream"

enum class AspaState : std::uint8_t { kValid, kInvalid, kUnknown };

const char* AspaStateName(AspaState s);  // "valid", "invalid", "unknown"

// The step of the procedure that decided the outcome.
enum class AspaReason : std::uint8_t {
  kRampsCover,        // Valid: min_up_ramp + min_down_ramp >= N (step 6)
  kEmptyPath,         // Invalid: step 1
  kNeighborMismatch,  // Invalid: step 2, AS(N) is not the neighbour AS
  kAsSet,             // Invalid: step 3, an AS_SET (or AS_CONFED_SET)
  kNotProviderPlus,   // Invalid: step 4, max ramps leave a gap
  kNoAttestation,     // Unknown: step 5, only min ramps leave a gap
};

const char* AspaReasonName(AspaReason r);

// One pair the provider authorization function was asked about: whether
// provider is an attested provider of customer. customer_index is the
// draft's index of the customer AS in the compressed path (1 = origin,
// N = neighbour); the provider sits at customer_index + 1 on the up-ramp and
// at customer_index - 1 on the down-ramp.
struct AspaHop {
  std::size_t customer_index = 0;
  Asn customer = 0;
  Asn provider = 0;
  AspaAuthorization authorization = AspaAuthorization::kNoAttestation;

  friend bool operator==(const AspaHop&, const AspaHop&) = default;
};

// The outcome and why. For kNotProviderPlus, up_hop is the "Not Provider+"
// hop that ends max_up_ramp (always set) and down_hop the one that ends
// max_down_ramp (downstream only); these are the hops section 7.6 asks to
// log. For kNoAttestation they are the hops that end min_up_ramp and
// min_down_ramp, those that lie inside the path. Ramp lengths follow section
// 6.1; for upstream the down ramps are 0 as section 6.2 sets them. For
// outcomes decided before step 4 the lengths are 0 and the hops empty.
struct AspaVerdict {
  AspaState state = AspaState::kUnknown;
  AspaReason reason = AspaReason::kNoAttestation;
  std::size_t n = 0;  // length of the compressed path
  std::size_t max_up_ramp = 0;
  std::size_t min_up_ramp = 0;
  std::size_t max_down_ramp = 0;
  std::size_t min_down_ramp = 0;
  std::optional<AspaHop> up_hop;
  std::optional<AspaHop> down_hop;

  friend bool operator==(const AspaVerdict&, const AspaVerdict&) = default;
};

// What the receiver knows about the session, for step 2.
struct AspaSession {
  // The neighbour's AS; 0 skips step 2 (e.g. for paths whose sender is not
  // known, or a transparent IX route server, section 6).
  Asn neighbor_asn = 0;
  // Upstream step 2 does not apply when the receiving AS is an RS-client.
  bool receiver_is_rs_client = false;
};

// Runs the procedure of the given direction. Allocates nothing. The verdict
// is the same as AspaOracle's (include/manrs/rpki/aspa_oracle.h) for every
// table and path, which the differential tests check.
AspaVerdict VerifyAsPath(const AspaTable& table, const AsPath& path, AspaDirection direction,
                         const AspaSession& session = {});

// The same for a flat AS_SEQUENCE, neighbour first (prepends allowed).
AspaVerdict VerifyAsPath(const AspaTable& table, std::span<const Asn> path, AspaDirection direction,
                         const AspaSession& session = {});

// "invalid (not-provider+); up-ramp ends at AS64500 -> AS64501 (index 2,
// not-provider+)", then the down-ramp hop when there is one.
std::string ToString(const AspaVerdict& verdict);

}  // namespace manrs

#endif  // MANRS_RPKI_ASPA_VERIFICATION_H_
