// What every dialect file sees: the lines or ASNs to write and the options,
// plus small text helpers. Internal to the filter area.
#ifndef MANRS_SRC_FILTER_WRITER_H_
#define MANRS_SRC_FILTER_WRITER_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "manrs/filter/render.h"
#include "manrs/net/text_append.h"

namespace manrs::filter_internal {

struct PrefixContext {
  std::span<const PrefixRange> lines;  // sorted; empty only when allowed
  Afi afi;
  const RenderOptions& options;
  bool v4() const { return afi == Afi::kIpv4; }
};

struct AsPathContext {
  std::span<const Asn> origins;  // sorted, unique; may be empty when allowed
  AsPathKind kind;
  const RenderOptions& options;
  int width;  // ASNs a line, resolved from the dialect's default; 0 = all
};

using PrefixWriter = Status (*)(const PrefixContext&, std::string*);
using AsPathWriter = Status (*)(const AsPathContext&, std::string*);

// How a line reads in most dialects: "P", "P le H" (from the prefix's own
// length) or "P ge L le H".
enum class RangeForm { kExact, kUpTo, kRange };
inline RangeForm FormOf(const PrefixRange& r) {
  if (r.exact()) return RangeForm::kExact;
  return r.min_length > r.prefix.length() ? RangeForm::kRange : RangeForm::kUpTo;
}

// Numbers, addresses and prefixes: AppendUint, AppendInt (base/text.h),
// AppendAddress, AppendPrefix (net/text_append.h).
inline void Append(std::string* out, std::string_view s) { out->append(s); }

// " ge L" when the line starts above its prefix length, then " le H" unless
// exact: the range words of Cisco-like syntaxes ("ge"/"le",
// "greater-equal"/"less-equal").
inline void AppendGeLe(std::string* out, const PrefixRange& line, std::string_view ge = "ge",
                       std::string_view le = "le") {
  if (FormOf(line) == RangeForm::kRange) {
    out->push_back(' ');
    out->append(ge);
    out->push_back(' ');
    AppendInt(out, line.min_length);
  }
  if (!line.exact()) {
    out->push_back(' ');
    out->append(le);
    out->push_back(' ');
    AppendInt(out, line.max_length);
  }
}

// ASNs joined by `separator` ("a|b|c", "a b c").
inline void AppendJoined(std::string* out, std::span<const Asn> asns, char separator) {
  for (std::size_t i = 0; i < asns.size(); ++i) {
    if (i > 0) out->push_back(separator);
    AppendUint(out, asns[i]);
  }
}

// The Cisco-style AS-path regexes (IOS, IOS XR, Huawei, FRR, VyOS): a path
// of the owner alone, "^O(_O)*$" for input lists and "^(_O)*$" for output
// lists; and a path ending in one of `origins`, "^O(_[0-9]+)*_(a|b)$" or
// "^(_[0-9]+)*_(a|b)$".
std::string OwnerRegex(Asn owner, bool input);
std::string OriginRegex(Asn owner, bool input, std::span<const Asn> origins);

// Splits origins into lines of `width` (0 = one line), skipping `skip` (the
// AS the filter is for, when it heads a line of its own).
std::vector<std::vector<Asn>> Chunks(std::span<const Asn> origins, int width, Asn skip,
                                     bool do_skip);

// The mask and inverse (wildcard) mask of a prefix, as addresses.
IpAddress Netmask(Afi afi, int length);
IpAddress InverseMask(Afi afi, int length);

// One writer pair a dialect; a null writer means "not in this dialect".
Status WriteCiscoIos(const PrefixContext&, std::string*);
Status WriteCiscoIosAsPath(const AsPathContext&, std::string*);
Status WriteCiscoIosXr(const PrefixContext&, std::string*);
Status WriteCiscoIosXrAsPath(const AsPathContext&, std::string*);
Status WriteJunosPrefixList(const PrefixContext&, std::string*);
Status WriteJunosPolicyStatement(const PrefixContext&, std::string*);
Status WriteJunosRouteFilterList(const PrefixContext&, std::string*);
Status WriteJunosAsPath(const AsPathContext&, std::string*);
Status WriteAristaEos(const PrefixContext&, std::string*);
Status WriteBird(const PrefixContext&, std::string*);
Status WriteBirdAsPath(const AsPathContext&, std::string*);
Status WriteOpenBgpd(const PrefixContext&, std::string*);
Status WriteOpenBgpdPrefixSet(const PrefixContext&, std::string*);
Status WriteOpenBgpdAsPath(const AsPathContext&, std::string*);
Status WriteFrr(const PrefixContext&, std::string*);
Status WriteFrrAsPath(const AsPathContext&, std::string*);
Status WriteVyos(const PrefixContext&, std::string*);
Status WriteVyosAsPath(const AsPathContext&, std::string*);
Status WriteNokiaClassic(const PrefixContext&, std::string*);
Status WriteNokiaClassicAsPath(const AsPathContext&, std::string*);
Status WriteNokiaMdCli(const PrefixContext&, std::string*);
Status WriteNokiaMdCliAsPath(const AsPathContext&, std::string*);
Status WriteSrLinux(const PrefixContext&, std::string*);
Status WriteSrLinuxAsPath(const AsPathContext&, std::string*);
Status WriteHuawei(const PrefixContext&, std::string*);
Status WriteHuaweiAsPath(const AsPathContext&, std::string*);
Status WriteHuaweiXpl(const PrefixContext&, std::string*);
Status WriteHuaweiXplAsPath(const AsPathContext&, std::string*);
Status WriteMikrotik6(const PrefixContext&, std::string*);
Status WriteMikrotik7(const PrefixContext&, std::string*);
Status WriteJson(const PrefixContext&, std::string*);
Status WriteJsonAsPath(const AsPathContext&, std::string*);
Status WriteCsv(const PrefixContext&, std::string*);
Status WriteCsvAsPath(const AsPathContext&, std::string*);
Status WriteFormat(const PrefixContext&, std::string*);
Status WriteCiscoExtendedAcl(const PrefixContext&, std::string*);
Status WriteNokiaIpPrefixList(const PrefixContext&, std::string*);
Status WriteNokiaMdIpPrefixList(const PrefixContext&, std::string*);

}  // namespace manrs::filter_internal

#endif  // MANRS_SRC_FILTER_WRITER_H_
