// Fuzz target for the filter area's text readers: the user format string
// (ParseUserFormat, bgpq4 -F) and the reader of old filters for --diff
// (ParseFilterText, whole texts and one named filter; ParseAsPathText) in
// every dialect. Whatever the bytes, nothing crashes,
// and what comes out keeps its promises: format pieces render without
// touching memory they do not own; filter lines are sorted, unique, within
// their family's lengths, and a line written back in its dialect reads again
// as itself.
//
// Seeds: testdata/filter/bgpq4/*.out and testdata/filter/golden/*.out.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "manrs/filter/filter_text.h"
#include "manrs/filter/render.h"
#include "manrs/filter/user_format.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto dialects = manrs::Dialects();
  const manrs::Dialect dialect = dialects[data[0] % dialects.size()].dialect;

  if (auto format = manrs::ParseUserFormat(text)) {
    std::string out;
    manrs::FormatLine(*format, manrs::PrefixRange::Exact(*manrs::Prefix::Parse("192.0.2.0/24")),
                      "N", &out);
    manrs::FormatLine(*format,
                      manrs::PrefixRange::Make(*manrs::Prefix::Parse("2001:db8::/32"), 40, 48), "N",
                      &out);
  }

  // Origin lists read from AS-path filters come out sorted and unique.
  if (auto origins = manrs::ParseAsPathText(text, dialect)) {
    for (std::size_t i = 1; i < origins->size(); ++i) {
      if (!((*origins)[i - 1] < (*origins)[i])) std::abort();
    }
  }

  // One named filter out of the text: whatever it keeps reads as sorted lines.
  if (auto named = manrs::ParseFilterText(text, dialect, "NAME")) {
    for (std::size_t i = 1; i < named->size(); ++i) {
      if (!((*named)[i - 1] < (*named)[i])) std::abort();
    }
  }

  auto lines = manrs::ParseFilterText(text, dialect);
  if (!lines) return 0;
  for (std::size_t i = 0; i < lines->size(); ++i) {
    const manrs::PrefixRange& r = (*lines)[i];
    if (r.min_length < r.prefix.length() || r.max_length < r.min_length ||
        r.max_length > manrs::MaxPrefixLength(r.afi())) {
      std::abort();
    }
    if (i > 0 && !((*lines)[i - 1] < r)) std::abort();
  }
  // Round trip one family through the dialect's writer (not the user format,
  // which keeps only what its format names).
  if (dialect == manrs::Dialect::kFormat || lines->empty()) return 0;
  manrs::PrefixFilter filter;
  filter.afi = lines->front().afi();
  for (const auto& r : *lines) {
    if (r.afi() == filter.afi && (manrs::InfoOf(dialect).ranges || r.exact()))
      filter.lines.push_back(r);
  }
  manrs::RenderOptions options;
  options.dialect = dialect;
  options.name = "FUZZ";
  options.allow_permit_all = true;
  options.allow_empty = true;
  auto rendered = manrs::RenderPrefixFilter(filter, options);
  if (!rendered) std::abort();
  auto again = manrs::ParseFilterText(*rendered, dialect);
  if (!again || *again != filter.lines) std::abort();
  return 0;
}
