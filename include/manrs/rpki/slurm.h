// SLURM, Simplified Local Internet Number Resource Management with the RPKI
// (RFC 8416): the exceptions an operator applies to a relying party's output,
// as filters that remove payloads and assertions that add them. With the ASPA
// members of draft-ietf-sidrops-aspa-slurm: "aspaFilters" (by customerAsid)
// and "aspaAssertions" (customerAsid and providers).
//
//   { "slurmVersion": 1,
//     "validationOutputFilters": { "prefixFilters": [...], "bgpsecFilters": [...],
//                                  "aspaFilters": [...] },
//     "locallyAddedAssertions": { "prefixAssertions": [...], "bgpsecAssertions": [...],
//                                 "aspaAssertions": [...] } }
//
// slurmVersion 1 is RFC 8416; 2 is what the ASPA draft (and StayRTR's and
// Routinator's sample files) use; both are read, with or without the ASPA
// members. A list that is absent is empty.
#ifndef MANRS_RPKI_SLURM_H_
#define MANRS_RPKI_SLURM_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "manrs/base/problem.h"
#include "manrs/base/result.h"
#include "manrs/net/asn.h"
#include "manrs/net/prefix.h"
#include "manrs/rpki/vrp.h"

namespace manrs {

// RFC 8416 section 3.3.1. At least one of prefix and asn is set.
struct SlurmPrefixFilter {
  std::optional<Prefix> prefix;
  std::optional<Asn> asn;
  std::string comment;
};

// RFC 8416 section 3.3.2. At least one of ski and asn is set. The file
// carries the SKI in base64; it is kept as RouterKey::ski is: upper-case hex.
struct SlurmBgpsecFilter {
  std::optional<std::string> ski;
  std::optional<Asn> asn;
  std::string comment;
};

// draft-ietf-sidrops-aspa-slurm: removes the ASPA of this customer.
struct SlurmAspaFilter {
  Asn customer_asn = 0;
  std::string comment;
};

// RFC 8416 section 3.4.1; maxPrefixLength, when absent, is the prefix length.
struct SlurmPrefixAssertion {
  Vrp vrp;
  std::string comment;
};

// RFC 8416 section 3.4.2; the key as the loaders keep it (hex SKI, standard
// padded base64 public key).
struct SlurmBgpsecAssertion {
  RouterKey key;
  std::string comment;
};

// draft-ietf-sidrops-aspa-slurm; providers sorted and unique.
struct SlurmAspaAssertion {
  Aspa aspa;
  std::string comment;
};

struct Slurm {
  int version = 1;
  std::vector<SlurmPrefixFilter> prefix_filters;
  std::vector<SlurmBgpsecFilter> bgpsec_filters;
  std::vector<SlurmAspaFilter> aspa_filters;
  std::vector<SlurmPrefixAssertion> prefix_assertions;
  std::vector<SlurmBgpsecAssertion> bgpsec_assertions;
  std::vector<SlurmAspaAssertion> aspa_assertions;
};

// Parses a SLURM file. A bad entry (no prefix and no asn in a filter, a
// maxPrefixLength out of range, an SKI that is not base64, an unknown member,
// ...) is reported to problems with its byte offset and named by its path
// ("validationOutputFilters.prefixFilters[2]: ..."), and skipped; the good
// entries are kept. A file that is not valid JSON, has a slurmVersion other
// than 1 or 2, or has bad entries and no good one, is an error.
Result<Slurm> ParseSlurm(std::string_view json, const std::string& source, ProblemLog& problems);
// The same from a file (compressed or not).
Result<Slurm> LoadSlurm(const std::string& path, ProblemLog& problems);

// RFC 8416 section 3.3 matching: a VRP matches a prefix filter when its
// prefix is the filter's or more specific, and its AS is the filter's, for
// whichever of the two the filter has.
bool Matches(const SlurmPrefixFilter& filter, const Vrp& vrp);
bool Matches(const SlurmBgpsecFilter& filter, const RouterKey& key);
bool Matches(const SlurmAspaFilter& filter, const Aspa& aspa);

// Applies the filters, then adds the assertions (RFC 8416 section 4): a
// payload matching any filter is removed, and nothing asserted is removed, so
// an assertion survives a filter that would match it. An ASPA assertion for a
// customer that already has an ASPA adds its providers to that ASPA (as the
// relying parties merge several ASPA objects of one customer); to replace an
// ASPA, filter its customer and assert the new set.
// REQUIRES: payloads in the order LoadRpkiPayloads gives; they stay in it.
// Cost: each payload is checked against each filter of its kind, which suits
// the few dozen filters SLURM files hold.
void ApplySlurm(const Slurm& slurm, RpkiPayloads* payloads);

}  // namespace manrs

#endif  // MANRS_RPKI_SLURM_H_
