// Fuzz target for the text parsers of command-line arguments: times
// (ParseTimeText: Unix seconds or ISO 8601) and AS paths (AsPath::Parse),
// and for QuoteForMessage, which echoes any input in messages. Whatever the
// bytes: no crash; a time is never negative; a parsed path prints as text
// that parses back to the same path; a quote is printable ASCII and bounded.
//
// Seeds: none needed (short texts); libFuzzer grows them from nothing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "manrs/base/quote.h"
#include "manrs/base/time_text.h"
#include "manrs/bgp/as_path.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto t = manrs::ParseTimeText(text); t && *t < 0) std::abort();
  if (auto path = manrs::AsPath::Parse(text)) {
    auto again = manrs::AsPath::Parse(path->ToString());
    if (!again || !(*again == *path)) std::abort();
  }
  const std::string quoted = manrs::QuoteForMessage(text);
  if (quoted.size() > 4 * manrs::kQuoteLimit + 5) std::abort();
  for (char c : quoted) {
    if (c < 0x20 || c > 0x7e) std::abort();
  }
  return 0;
}
