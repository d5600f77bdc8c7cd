// Fuzz target for the observatory's reader of anti-spoofing results
// (ParseSavResults). Whatever the bytes, it must not crash; an error names the
// input and an offset inside it; what it accepts keeps the report's sums
// (spoofed <= packets, the reasons add up to the spoofed packets).
//
// Seeds: a small manrs-sav-audit report (fuzz/make_corpus.sh).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "manrs/observe/sav_results.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto r = manrs::ParseSavResults(text, "<fuzz>");
  if (!r) {
    if (r.error().offset > size) std::abort();
    if (r.error().message.rfind("<fuzz>: offset ", 0) != 0) std::abort();
    return 0;
  }
  for (const manrs::SavInterfaceResult& i : *r) {
    if (i.spoofed_packets > i.packets) std::abort();
    if (i.martian + i.bogon + i.not_allowed != i.spoofed_packets) std::abort();
  }
  for (const auto& [asn, a] : manrs::SavResultsByAs(*r)) {
    if (asn == 0 || a.spoofed_packets > a.packets || a.files.size() != 1) std::abort();
  }
  return 0;
}
