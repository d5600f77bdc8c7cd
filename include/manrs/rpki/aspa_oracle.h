// AspaOracle: draft-ietf-sidrops-aspa-verification-24 sections 5 and 6
// applied word for word to a plain vector of ASPAs, for differential tests of
// VerifyAsPath (aspa_verification.h). Shares no code with it: authorized()
// scans every ASPA, COMPRESSED_AS_PATH is built as a vector numbered from the
// origin, and each ramp bound is the minimum or maximum over the set of
// indices the draft's sentence describes. Slow and obviously right.
//
// VerifyByWorlds goes one step further back, to the meaning of section 6.1:
// an AS without attestation may or may not have the next AS as its provider,
// so every such pair is tried both ways ("worlds"); a path is Valid when its
// up-ramp and down-ramp cover it in every world, Invalid when in none, and
// Unknown otherwise. Exponential in the number of unattested pairs.
#ifndef MANRS_RPKI_ASPA_ORACLE_H_
#define MANRS_RPKI_ASPA_ORACLE_H_

#include <cstddef>
#include <optional>
#include <vector>

#include "manrs/bgp/as_path.h"
#include "manrs/net/asn.h"
#include "manrs/rpki/aspa_verification.h"
#include "manrs/rpki/vrp.h"

namespace manrs {

class AspaOracle {
 public:
  // aspas in any order; several ASPAs of one customer form its U-SPAS.
  explicit AspaOracle(std::vector<Aspa> aspas) : aspas_(std::move(aspas)) {}

  // Section 5, figure 1: "No Attestation" if no ASPA has customer x,
  // "Provider+" if one of them lists y (AS 0 never counts, section 4),
  // else "Not Provider+".
  AspaAuthorization Authorized(Asn x, Asn y) const;

  // COMPRESSED_AS_PATH in the draft's numbering: element i - 1 is AS(i), so
  // the origin comes first and the neighbour last. nullopt for a path with
  // an AS_SET or AS_CONFED_SET; AS_CONFED_SEQUENCE segments are left out.
  static std::optional<std::vector<Asn>> CompressedAsPath(const AsPath& path);

  // Sections 6.2 and 6.3, steps 1 to 6, with the bounds of section 6.1.
  AspaVerdict Verify(const AsPath& path, AspaDirection direction,
                     const AspaSession& session = {}) const;

  // The state by enumeration of worlds, for a path that passes steps 1-3
  // (compressed, numbered from the origin as CompressedAsPath returns it).
  // REQUIRES: at most 20 distinct unattested pairs in the path.
  AspaState VerifyByWorlds(const std::vector<Asn>& compressed, AspaDirection direction) const;

  const std::vector<Aspa>& aspas() const { return aspas_; }

 private:
  std::vector<Aspa> aspas_;
};

}  // namespace manrs

#endif  // MANRS_RPKI_ASPA_ORACLE_H_
