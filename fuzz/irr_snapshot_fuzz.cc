// Fuzz target for the snapshot reader (IrrDatabase::OpenMemory): whatever
// the bytes, opening must not crash; a snapshot that opens must answer every
// query over what it claims to hold without reading out of bounds (object
// texts, route and set indexes, the prefix index) and survive expansions.
//
// Seeds: none needed beyond the magic; libFuzzer's comparison tracing finds
// "MANRSIRR" and the version. A real snapshot seed: `manrs irr load --db
// seed testdata/irr/bgpq-fixture.rpsl`.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "manrs/irr/database.h"
#include "manrs/irr/set_expansion.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto db = manrs::IrrDatabase::OpenMemory(manrs::AsBytes(data, size), "<fuzz>");
  if (!db) return 0;
  std::size_t total = 0;
  for (const auto& object : db->objects()) total += db->Text(object).size();
  for (const auto& route : db->routes()) {
    total += db->RoutesOf(route.origin, route.prefix.afi()).size();
    total += db->RoutesLessSpecific(route.prefix, true).size();
    if (route.object >= db->objects().size()) std::abort();
  }
  manrs::ExpansionOptions options;
  options.max_depth = 8;
  manrs::SetExpander expander(*db, options);
  for (const auto& set : db->sets()) {
    (void)expander.ExpandAsns(set.name);
    (void)expander.ExpandPrefixes(set.name, manrs::Afi::kIpv4);
    (void)expander.DirectMembers(set.name);
  }
  if (total == static_cast<std::size_t>(-1)) std::abort();
  return 0;
}
