// The entry points: guards first, then the dialect's writer from the table.
#include "manrs/filter/render.h"

#include <algorithm>

#include "filter/dialect_table.h"
#include "filter/writer.h"

namespace manrs {
namespace filter_internal {

std::vector<std::vector<Asn>> Chunks(std::span<const Asn> origins, int width, Asn skip,
                                     bool do_skip) {
  std::vector<std::vector<Asn>> chunks;
  for (Asn asn : origins) {
    if (do_skip && asn == skip) continue;
    if (chunks.empty() || (width > 0 && chunks.back().size() == static_cast<std::size_t>(width))) {
      chunks.emplace_back();
    }
    chunks.back().push_back(asn);
  }
  return chunks;
}

std::string OwnerRegex(Asn owner, bool input) {
  std::string out = "^";
  if (input) AppendUint(&out, owner);
  out += "(_";
  AppendUint(&out, owner);
  out += ")*$";
  return out;
}

std::string OriginRegex(Asn owner, bool input, std::span<const Asn> origins) {
  std::string out = "^";
  if (input) AppendUint(&out, owner);
  out += "(_[0-9]+)*_(";
  AppendJoined(&out, origins, '|');
  out += ")$";
  return out;
}

IpAddress Netmask(Afi afi, int length) {
  const std::uint64_t ones = ~std::uint64_t{0};
  std::uint64_t hi = length <= 0 ? 0 : length >= 64 ? ones : ones << (64 - length);
  std::uint64_t lo = length <= 64 ? 0 : length >= 128 ? ones : ones << (128 - length);
  return afi == Afi::kIpv4 ? IpAddress::V4(static_cast<std::uint32_t>(hi >> 32))
                           : IpAddress::V6(hi, lo);
}

IpAddress InverseMask(Afi afi, int length) {
  IpAddress m = Netmask(afi, length);
  return afi == Afi::kIpv4 ? IpAddress::V4(~m.v4()) : IpAddress::V6(~m.hi(), ~m.lo());
}

}  // namespace filter_internal

using filter_internal::EntryOf;

namespace {

// The name goes into router configuration unquoted or inside quotes: letters,
// digits and "-_.:/+" only (RPSL set names, "AS64496:AS-CUSTOMERS", Junos
// "POLICY/TERM"), so that no name can end a statement or start another. The
// match condition (-M) may hold spaces but no line break, quote or brace.
Status CheckNames(const RenderOptions& o) {
  if (o.name.empty() || o.name.size() > 200) {
    return MakeError(ErrorCode::kBadValue, "filter name must have 1 to 200 characters");
  }
  for (char c : o.name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == ':' || c == '/' || c == '+';
    if (!ok) {
      return MakeError(
          ErrorCode::kBadValue,
          "filter name '" + o.name + "' holds a character routers would read as syntax");
    }
  }
  for (char c : o.match) {
    if (c == '\n' || c == '\r' || c == '"' || c == '{' || c == '}' || c == ';' ||
        static_cast<unsigned char>(c) < 0x20) {
      return MakeError(ErrorCode::kBadValue,
                       "match condition holds a character that would end the statement");
    }
  }
  return {};
}

}  // namespace

Result<std::string> RenderPrefixFilter(const PrefixFilter& filter, const RenderOptions& options) {
  if (!filter_internal::Known(options.dialect))
    return MakeError(ErrorCode::kBadValue, "unknown dialect");
  const auto& entry = EntryOf(options.dialect);
  MANRS_TRY(CheckNames(options));
  if (filter.lines.empty() && !options.allow_empty) {
    return MakeError(ErrorCode::kBadValue,
                     "prefix filter " + options.name +
                         " would be empty: the expansion gave no route of this family (or failed); "
                         "refusing to write a filter that rejects everything");
  }
  for (const PrefixRange& line : filter.lines) {
    if (line.afi() != filter.afi) {
      return MakeError(ErrorCode::kBadValue,
                       "line " + line.ToString() + " is not of the filter's family");
    }
    if (!options.allow_permit_all && line.prefix.length() == 0 && line.min_length == 0 &&
        line.max_length == MaxPrefixLength(filter.afi)) {
      return MakeError(ErrorCode::kBadValue, "prefix filter " + options.name +
                                                 " would permit every route (" + line.ToString() +
                                                 "); refusing");
    }
    if (!entry.info.ranges && !line.exact()) {
      return MakeError(ErrorCode::kUnsupported,
                       std::string(entry.info.name) + " lists cannot hold length ranges (" +
                           line.ToString() +
                           "); use junos-route-filter or junos-route-filter-list");
    }
  }
  std::string out;
  out.reserve(filter.lines.size() * 48 + 128);
  filter_internal::PrefixContext ctx{filter.lines, filter.afi, options};
  MANRS_TRY(entry.prefixes(ctx, &out));
  return out;
}

bool IsPrivateOrDocumentationAsn(Asn asn) {
  return (asn >= 64496 && asn <= 65551) || asn >= 4200000000u;
}

std::vector<Asn> PrepareOrigins(std::span<const Asn> origins, bool keep_private) {
  std::vector<Asn> out;
  out.reserve(origins.size());
  for (Asn asn : origins) {
    if (keep_private || !IsPrivateOrDocumentationAsn(asn)) out.push_back(asn);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<std::string> RenderAsPathFilter(std::span<const Asn> origins, AsPathKind kind,
                                       const RenderOptions& options) {
  if (!filter_internal::Known(options.dialect))
    return MakeError(ErrorCode::kBadValue, "unknown dialect");
  const auto& entry = EntryOf(options.dialect);
  MANRS_TRY(CheckNames(options));
  const bool supported = kind == AsPathKind::kAsSet ? entry.info.as_set : entry.info.as_path;
  if (!supported || entry.as_paths == nullptr) {
    return MakeError(
        ErrorCode::kUnsupported,
        std::string(entry.info.name) +
            (kind == AsPathKind::kAsSet ? " has no as-sets" : " has no AS-path filters"));
  }
  if (kind == AsPathKind::kAsList && entry.as_paths != filter_internal::WriteJunosAsPath) {
    return MakeError(ErrorCode::kUnsupported,
                     std::string(entry.info.name) + " has no as-list groups (-H is Junos only)");
  }
  if (origins.empty() && !options.allow_empty) {
    return MakeError(ErrorCode::kBadValue,
                     "AS-path filter " + options.name +
                         " would be empty: the expansion gave no origin AS (or failed); "
                         "refusing to write a filter that rejects everything");
  }
  int width = options.as_width;
  if (width < 0) {
    width = kind == AsPathKind::kInput || kind == AsPathKind::kAsList ? entry.as_width.input
            : kind == AsPathKind::kOutput ? entry.as_width.output
                                          : entry.as_width.as_set;
  }
  std::string out;
  out.reserve(origins.size() * 8 + 128);
  filter_internal::AsPathContext ctx{origins, kind, options, width};
  MANRS_TRY(entry.as_paths(ctx, &out));
  return out;
}

}  // namespace manrs
