// Fuzz target for the relying-party output loader (ParseRpkiPayloads: JSON
// fast path, JSON recovery, CSV) and the SLURM parser. Whatever the bytes,
// parsing must not crash, and what comes out keeps the loader's promises:
// VRPs sorted, unique and within their length bounds, one ASPA per customer
// with a sorted non-empty provider set, router keys sorted and unique; after
// ApplySlurm of the SLURM read from the same bytes as well.
//
// Seeds: testdata/rpki/*.json, *.csv, *.jsonext.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <tuple>

#include "manrs/rpki/payload_loader.h"
#include "manrs/rpki/slurm.h"

namespace {

void Check(const manrs::RpkiPayloads& p) {
  for (std::size_t i = 0; i < p.vrps.size(); ++i) {
    const manrs::Vrp& vrp = p.vrps[i];
    if (vrp.max_length < vrp.prefix.length() ||
        vrp.max_length > manrs::MaxPrefixLength(vrp.prefix.afi())) {
      std::abort();
    }
    if (i > 0 && !(p.vrps[i - 1] < vrp)) std::abort();
  }
  for (std::size_t i = 0; i < p.aspas.size(); ++i) {
    const auto& providers = p.aspas[i].providers;
    if (providers.empty()) std::abort();
    if (i > 0 && p.aspas[i - 1].customer_asn >= p.aspas[i].customer_asn) std::abort();
    for (std::size_t j = 1; j < providers.size(); ++j) {
      if (providers[j - 1] >= providers[j]) std::abort();
    }
  }
  for (std::size_t i = 1; i < p.router_keys.size(); ++i) {
    const auto& a = p.router_keys[i - 1];
    const auto& b = p.router_keys[i];
    if (!(std::tie(a.asn, a.ski, a.spki_base64) < std::tie(b.asn, b.ski, b.spki_base64))) {
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  manrs::ProblemLog problems(nullptr, 16);
  auto payloads = manrs::ParseRpkiPayloads(text, "<fuzz>", problems);
  if (payloads) Check(*payloads);
  // The CSV reader also on what does not start like CSV.
  auto csv =
      manrs::ParseRpkiPayloads(text, "<fuzz>", problems, manrs::PayloadFormat::kRoutinatorCsv);
  if (csv) Check(*csv);

  auto slurm = manrs::ParseSlurm(text, "<fuzz>", problems);
  if (slurm) {
    manrs::RpkiPayloads applied = payloads ? *payloads : manrs::RpkiPayloads{};
    manrs::ApplySlurm(*slurm, &applied);
    Check(applied);
  }
  return 0;
}
