#include "manrs/rpsl/set_name.h"

#include "manrs/net/asn.h"
#include "manrs/rpsl/object.h"

namespace manrs {

namespace {

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != prefix[i]) return false;
  }
  return true;
}

}  // namespace

SetKind ClassifySetName(std::string_view name) {
  if (name.empty()) return SetKind::kNone;
  SetKind kind = SetKind::kNone;
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t colon = name.find(':', start);
    std::string_view part =
        name.substr(start, colon == std::string_view::npos ? name.npos : colon - start);
    if (part.empty()) return SetKind::kNone;
    if (StartsWithNoCase(part, "AS-")) {
      kind = SetKind::kAsSet;
    } else if (StartsWithNoCase(part, "RS-")) {
      kind = SetKind::kRouteSet;
    } else if (StartsWithNoCase(part, "FLTR-") || StartsWithNoCase(part, "RTRS-") ||
               StartsWithNoCase(part, "PRNG-")) {
      kind = SetKind::kOther;
    } else if (!ParseAsn(part)) {
      return SetKind::kNone;
    }
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  return kind;
}

ScopedName SplitSourceScope(std::string_view text) {
  ScopedName out;
  if (auto sep = text.find("::"); sep != std::string_view::npos) {
    out.source = ToUpperAscii(text.substr(0, sep));
    out.name = ToUpperAscii(text.substr(sep + 2));
  } else {
    out.name = ToUpperAscii(text);
  }
  return out;
}

}  // namespace manrs
