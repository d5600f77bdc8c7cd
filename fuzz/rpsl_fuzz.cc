// Fuzz target for the RPSL reader, the typed objects and the dump loader:
// whatever the bytes, reading must not crash, every object returned has a
// class and a key and lies inside the input, and loading the same text into
// an IrrDatabase, finishing it and expanding every set it holds (loops and
// all) must not crash either.
//
// Seeds: testdata/irr/*.rpsl, *.txt.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "manrs/irr/database.h"
#include "manrs/irr/dump_loader.h"
#include "manrs/irr/set_expansion.h"
#include "manrs/rpsl/object_reader.h"
#include "manrs/rpsl/typed_objects.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  manrs::ProblemLog problems(nullptr, 10);
  manrs::RpslReader reader(text, "<fuzz>", &problems);
  manrs::RpslObject object;
  while (reader.Next(&object)) {
    if (object.attributes.empty() || object.key().empty() || object.text.size() > size ||
        object.offset >= size) {
      std::abort();
    }
    (void)manrs::RouteFromRpsl(object);
    (void)manrs::AsSetFromRpsl(object);
    (void)manrs::RouteSetFromRpsl(object);
    (void)manrs::AutNumFromRpsl(object);
    (void)manrs::MntnerFromRpsl(object);
    (void)manrs::ContactFromRpsl(object);
  }
  manrs::IrrDatabase db;
  manrs::LoadRpslText(text, "<fuzz>", "FUZZ", &db, problems);
  db.Finish();
  manrs::ExpansionOptions options;
  options.max_depth = 8;
  manrs::SetExpander expander(db, options);
  for (const auto& set : db.sets()) {
    (void)expander.ExpandAsns(set.name);
    (void)expander.ExpandPrefixes(set.name, manrs::Afi::kIpv4);
    (void)expander.ExpandPrefixes(set.name, manrs::Afi::kIpv6);
    (void)expander.DirectMembers(set.name);
  }
  return 0;
}
