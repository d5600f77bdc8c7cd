// Fuzz target for the PeeringDB reader (PeeringDb::Parse). Whatever the
// bytes, parsing must not crash, and what comes out keeps its promises:
// every net has an ASN, Net() finds each of them, every POC and netixlan
// belongs to the net it is filed under, and every problem lies inside the
// input.
//
// Seeds: testdata/peeringdb/*.json.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "manrs/peeringdb/peeringdb.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  manrs::ProblemLog problems(nullptr, 16);
  auto db = manrs::PeeringDb::Parse(text, "<fuzz>", problems);
  for (const manrs::Problem& p : problems.kept()) {
    if (p.offset > size) std::abort();
  }
  if (!db) return 0;
  for (const manrs::PeeringDbNet& net : db->nets()) {
    if (net.asn == 0) std::abort();
    const manrs::PeeringDbNet* found = db->Net(net.asn);
    if (found == nullptr || found->asn != net.asn) std::abort();
    for (const auto& poc : net.pocs) {
      if (poc.net_id != net.id) std::abort();
    }
    for (const auto& ixlan : net.ixlans) {
      if (ixlan.net_id != net.id) std::abort();
    }
  }
  return 0;
}
