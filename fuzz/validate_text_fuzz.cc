// Fuzz target for the text decoders of the validate area: CAIDA as-rel
// files (AsRelationships::Parse) and bogon prefix lists
// (BogonPrefixes::ParseList). Whatever the bytes, parsing must not crash,
// and what loads keeps the documented invariants: every link mirrored from
// both ends, and every listed prefix found again as a bogon.
//
// Seeds: testdata/asrel, testdata/bogons (fuzz/make_corpus.sh).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "manrs/validate/as_relationships.h"
#include "manrs/validate/bogons.h"

namespace {

manrs::AsRelation Mirror(manrs::AsRelation r) {
  switch (r) {
    case manrs::AsRelation::kCustomer:
      return manrs::AsRelation::kProvider;
    case manrs::AsRelation::kProvider:
      return manrs::AsRelation::kCustomer;
    default:
      return r;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  manrs::ProblemLog problems(nullptr, 16);

  auto rel = manrs::AsRelationships::Parse(text, "<fuzz>", problems);
  if (rel) {
    // Probe the pairs of the first line that parses as "a|b|...".
    const std::size_t bar = text.find('|');
    if (bar != std::string_view::npos && bar > 0) {
      auto a = manrs::ParseAsn(text.substr(0, bar));
      const std::size_t bar2 = text.find('|', bar + 1);
      if (a && bar2 != std::string_view::npos) {
        auto b = manrs::ParseAsn(text.substr(bar + 1, bar2 - bar - 1));
        if (b && rel->RelationOf(*b, *a) != Mirror(rel->RelationOf(*a, *b))) std::abort();
      }
    }
    if (rel->link_count() == 0) std::abort();  // an empty file is an error, not a table
  }

  manrs::BogonPrefixes bogons;
  auto added = bogons.ParseList(text, "<fuzz>", problems);
  if (added) {
    if (*added == 0 && bogons.list_size() == 0) std::abort();
    // The first line that parses as a prefix must now be a bogon.
    const std::string_view first = text.substr(0, text.find('\n'));
    auto prefix = manrs::Prefix::Parse(first);
    if (prefix && !bogons.IsBogon(*prefix)) std::abort();
  }
  return 0;
}
