// Validated RPKI payloads (RFC 6811 section 2; RFC 8210 section 5): route
// origin VRPs, ASPA records (draft-ietf-sidrops-aspa-profile), BGPsec router
// keys (RFC 8210 5.10). These are what relying parties output and what the
// validation engine and the RTR server consume.
#ifndef MANRS_RPKI_VRP_H_
#define MANRS_RPKI_VRP_H_

#include <compare>
#include <cstdint>
#include <string>
#include <vector>

#include "manrs/base/result.h"
#include "manrs/net/asn.h"
#include "manrs/net/prefix.h"

namespace manrs {

// A Validated ROA Payload: the prefix, the maximum length up to which
// more-specifics are authorised, and the AS allowed to originate them.
// Invariant (checked by every loader): prefix.length() <= max_length <=
// MaxPrefixLength(prefix.afi()).
struct Vrp {
  Prefix prefix;
  std::uint8_t max_length = 0;
  Asn asn = 0;

  friend auto operator<=>(const Vrp&, const Vrp&) = default;
  friend bool operator==(const Vrp&, const Vrp&) = default;
};

// An ASPA: the customer AS and the set of its provider ASes (sorted, unique).
// The RTR v2 PDU and rpki-client's JSON carry one per customer AS.
struct Aspa {
  Asn customer_asn = 0;
  std::vector<Asn> providers;

  friend bool operator==(const Aspa&, const Aspa&) = default;
};

// A BGPsec router key: subject key identifier, AS, and the DER public key
// (base64 as the JSON carries it; decoded when the RTR server needs it).
struct RouterKey {
  std::string ski;  // hex
  Asn asn = 0;
  std::string spki_base64;

  friend bool operator==(const RouterKey&, const RouterKey&) = default;
};

// A VRP that keeps the invariant, or an error naming the values.
Result<Vrp> MakeVrp(const Prefix& prefix, int max_length, Asn asn);
// "192.0.2.0/24-24 AS64496", the form rtrclient and StayRTR print.
std::string ToString(const Vrp& vrp);

// Everything one relying-party output holds.
struct RpkiPayloads {
  std::vector<Vrp> vrps;
  std::vector<Aspa> aspas;
  std::vector<RouterKey> router_keys;
  std::int64_t build_time = 0;  // unix seconds, from metadata when present (0: unknown)
};

}  // namespace manrs

#endif  // MANRS_RPKI_VRP_H_
