#include "manrs/filter/filter_request.h"

#include <charconv>

namespace manrs {
namespace {

Result<int> Int(std::string_view option, std::string_view value) {
  int v = -1;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (value.empty() || ec != std::errc() || end != value.data() + value.size() || v < 0) {
    return MakeError(ErrorCode::kBadValue, "option " + std::string(option) +
                                               " needs a number, not '" + std::string(value) + "'");
  }
  return v;
}

}  // namespace

Result<FilterRequest> ParseBgpq4Arguments(std::span<const std::string_view> args) {
  FilterRequest r;
  char vendor = 'c';
  bool extended = false;
  bool route_filter_list = false;
  bool named_format = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view a = args[i];
    auto value = [&]() -> Result<std::string_view> {
      if (i + 1 >= args.size()) {
        return MakeError(ErrorCode::kParse, "option " + std::string(a) + " needs a value");
      }
      return args[++i];
    };
    auto number = [&]() -> Result<int> {
      auto v = value();
      if (!v) return Unexpected<Error>(v.error());
      return Int(a, *v);
    };
#define MANRS_NUMBER(target)                                \
  do {                                                      \
    auto n = number();                                      \
    if (!n) return Unexpected<Error>(std::move(n.error())); \
    target = *n;                                            \
  } while (false)
#define MANRS_TEXT(target)                                  \
  do {                                                      \
    auto t = value();                                       \
    if (!t) return Unexpected<Error>(std::move(t.error())); \
    target = std::string(*t);                               \
  } while (false)
    if (a == "-4") {
      r.prefixes.afi = Afi::kIpv4;
    } else if (a == "-6") {
      r.prefixes.afi = Afi::kIpv6;
    } else if (a == "-A") {
      r.prefixes.aggregate = true;
    } else if (a == "-E") {
      extended = true;
    } else if (a == "-z") {
      route_filter_list = true;
    } else if (a == "-p") {
      r.keep_private = true;
    } else if (a == "-s") {
      r.render.sequence = true;
    } else if (a == "-t") {
      r.as_path = true;
      r.as_path_kind = AsPathKind::kAsSet;
    } else if (a == "-m") {
      MANRS_NUMBER(r.prefixes.max_length);
      if (r.prefixes.max_length == 0)
        return MakeError(ErrorCode::kBadValue, "option -m needs a length of 1 or more");
    } else if (a == "-R") {
      MANRS_NUMBER(r.prefixes.refine_up_to);
      if (r.prefixes.refine_up_to == 0)
        return MakeError(ErrorCode::kBadValue, "option -R needs a length of 1 or more");
    } else if (a == "-r") {
      MANRS_NUMBER(r.prefixes.refine_from);
      if (r.prefixes.refine_from == 0)
        return MakeError(ErrorCode::kBadValue, "option -r needs a length of 1 or more");
    } else if (a == "-W") {
      MANRS_NUMBER(r.render.as_width);
    } else if (a == "-a" || a == "-f" || a == "-G" || a == "-H") {
      int asn = 0;
      MANRS_NUMBER(asn);
      r.render.asn = static_cast<Asn>(asn);
      if (a != "-a") {
        r.as_path = true;
        r.as_path_kind = a == "-f"   ? AsPathKind::kInput
                         : a == "-G" ? AsPathKind::kOutput
                                     : AsPathKind::kAsList;
      }
    } else if (a == "-l") {
      MANRS_TEXT(r.render.name);
    } else if (a == "-M") {
      MANRS_TEXT(r.render.match);
    } else if (a == "-F") {
      MANRS_TEXT(r.render.format);
      vendor = 'F';
    } else if (a == "--format") {
      std::string name;
      MANRS_TEXT(name);
      auto d = ParseDialect(name);
      if (!d) return Unexpected<Error>(d.error());
      r.render.dialect = *d;
      named_format = true;
    } else if (a == "--allow-empty") {
      r.render.allow_empty = true;
    } else if (a == "-K7") {
      vendor = '7';
    } else if (a == "-b" || a == "-B" || a == "-e" || a == "-j" || a == "-J" || a == "-K" ||
               a == "-n" || a == "-N" || a == "-u" || a == "-U" || a == "-X") {
      vendor = a[1];
    } else if (a == "-h" || a == "-S" || a == "-L" || a == "-T" || a == "-w" || a == "-d") {
      return MakeError(ErrorCode::kUnsupported,
                       "option " + std::string(a) +
                           " concerns the IRR query, not the filter; give it to the expansion");
    } else if (a.size() > 1 && a[0] == '-') {
      return MakeError(ErrorCode::kParse, "unknown option " + std::string(a));
    } else {
      r.objects.emplace_back(a);
    }
#undef MANRS_NUMBER
#undef MANRS_TEXT
  }
  if (!named_format) {
    switch (vendor) {
      case 'X':
        r.render.dialect = Dialect::kCiscoIosXr;
        break;
      case 'J':
        r.render.dialect = extended            ? Dialect::kJunosPolicyStatement
                           : route_filter_list ? Dialect::kJunosRouteFilterList
                                               : Dialect::kJunosPrefixList;
        break;
      case 'e':
        r.render.dialect = Dialect::kAristaEos;
        break;
      case 'b':
        r.render.dialect = Dialect::kBird;
        break;
      case 'B':
        r.render.dialect = extended ? Dialect::kOpenBgpdPrefixSet : Dialect::kOpenBgpd;
        break;
      case 'j':
        r.render.dialect = Dialect::kJson;
        break;
      case 'N':
        r.render.dialect = Dialect::kNokiaClassic;
        break;
      case 'n':
        r.render.dialect = Dialect::kNokiaMdCli;
        break;
      case 'U':
        r.render.dialect = Dialect::kHuawei;
        break;
      case 'u':
        r.render.dialect = Dialect::kHuaweiXpl;
        break;
      case 'K':
        r.render.dialect = Dialect::kMikrotik6;
        break;
      case '7':
        r.render.dialect = Dialect::kMikrotik7;
        break;
      case 'F':
        r.render.dialect = Dialect::kFormat;
        break;
      default:
        r.render.dialect = Dialect::kCiscoIos;
        break;
    }
    if (extended) {
      // bgpq4 -E: extended access-lists for Cisco and Arista, filter
      // match-lists for Nokia.
      if (vendor == 'c' || vendor == 'e') r.render.dialect = Dialect::kCiscoExtendedAcl;
      if (vendor == 'N') r.render.dialect = Dialect::kNokiaIpPrefixList;
      if (vendor == 'n') r.render.dialect = Dialect::kNokiaMdIpPrefixList;
    }
  }
  r.prefixes.exact_lines_only = !InfoOf(r.render.dialect).ranges;
  if (r.prefixes.exact_lines_only && r.prefixes.aggregate &&
      r.render.dialect == Dialect::kJunosPrefixList) {
    // As bgpq4: Junos prefix-lists hold no ranges, so -A has nothing to do.
    r.prefixes.aggregate = false;
  }
  MANRS_TRY(ValidatePrefixFilterOptions(r.prefixes));
  return r;
}

Result<std::string> GenerateFilter(const FilterRequest& request,
                                   std::span<const PrefixRange> members,
                                   std::span<const Asn> origins) {
  if (request.as_path) {
    const std::vector<Asn> prepared = PrepareOrigins(origins, request.keep_private);
    return RenderAsPathFilter(prepared, request.as_path_kind, request.render);
  }
  PrefixFilterOptions options = request.prefixes;
  options.exact_lines_only = options.exact_lines_only || !InfoOf(request.render.dialect).ranges;
  auto filter = BuildPrefixFilter(members, options);
  if (!filter) return Unexpected<Error>(std::move(filter.error()));
  return RenderPrefixFilter(*filter, request.render);
}

Result<std::string> GenerateFilter(const FilterRequest& request, const Status& expansion,
                                   std::span<const PrefixRange> members,
                                   std::span<const Asn> origins) {
  if (!expansion) {
    const std::string what =
        request.objects.empty() ? std::string("the objects") : request.objects.front();
    return MakeError(expansion.error().code,
                     "expansion of " + what + " failed (" + expansion.error().message +
                         "); refusing to write filter " + request.render.name);
  }
  return GenerateFilter(request, members, origins);
}

}  // namespace manrs
