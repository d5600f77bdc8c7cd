// The one dispatch table: every dialect, what it can express, its writers and
// its default AS-path line widths (bgpq4 1.9's, where bgpq4 has the dialect).
#include "filter/dialect_table.h"

#include <string>
#include <vector>

namespace manrs {
namespace filter_internal {
namespace {

// clang-format off
constexpr DialectEntry kTable[] = {
  // info: dialect, name, bgpq4 flags, ranges, as_path, as_set
  // widths: -f, -G, -t
  {{Dialect::kCiscoIos, "cisco", "", true, true, false},
   WriteCiscoIos, WriteCiscoIosAsPath, {4, 5, 0}},
  {{Dialect::kCiscoIosXr, "cisco-xr", "-X", true, true, false},
   WriteCiscoIosXr, WriteCiscoIosXrAsPath, {6, 7, 0}},
  {{Dialect::kJunosPrefixList, "junos", "-J", false, true, false},
   WriteJunosPrefixList, WriteJunosAsPath, {8, 8, 0}},
  {{Dialect::kJunosPolicyStatement, "junos-route-filter", "-J -E", true, true, false},
   WriteJunosPolicyStatement, WriteJunosAsPath, {8, 8, 0}},
  {{Dialect::kJunosRouteFilterList, "junos-route-filter-list", "-J -z", true, true, false},
   WriteJunosRouteFilterList, WriteJunosAsPath, {8, 8, 0}},
  {{Dialect::kAristaEos, "eos", "-e", true, true, false},
   WriteAristaEos, WriteCiscoIosAsPath, {4, 5, 0}},
  {{Dialect::kBird, "bird", "-b", true, true, true},
   WriteBird, WriteBirdAsPath, {10, 0, 8}},
  {{Dialect::kOpenBgpd, "openbgpd", "-B", true, true, true},
   WriteOpenBgpd, WriteOpenBgpdAsPath, {0, 0, 8}},
  {{Dialect::kOpenBgpdPrefixSet, "openbgpd-prefix-set", "-B -E", true, true, true},
   WriteOpenBgpdPrefixSet, WriteOpenBgpdAsPath, {0, 0, 8}},
  {{Dialect::kFrr, "frr", "", true, true, false},
   WriteFrr, WriteFrrAsPath, {8, 8, 0}},
  {{Dialect::kVyos, "vyos", "", true, true, false},
   WriteVyos, WriteVyosAsPath, {8, 8, 0}},
  {{Dialect::kNokiaClassic, "nokia", "-N", true, true, false},
   WriteNokiaClassic, WriteNokiaClassicAsPath, {8, 8, 0}},
  {{Dialect::kNokiaMdCli, "nokia-md", "-n", true, true, false},
   WriteNokiaMdCli, WriteNokiaMdCliAsPath, {8, 8, 0}},
  {{Dialect::kSrLinux, "srlinux", "", true, false, false},
   WriteSrLinux, WriteSrLinuxAsPath, {8, 8, 0}},
  {{Dialect::kHuawei, "huawei", "-U", true, true, false},
   WriteHuawei, WriteHuaweiAsPath, {8, 8, 0}},
  {{Dialect::kHuaweiXpl, "huawei-xpl", "-u", true, true, false},
   WriteHuaweiXpl, WriteHuaweiXplAsPath, {8, 8, 0}},
  {{Dialect::kMikrotik6, "mikrotik6", "-K", true, false, false},
   WriteMikrotik6, nullptr, {0, 0, 0}},
  {{Dialect::kMikrotik7, "mikrotik7", "-K7", true, false, false},
   WriteMikrotik7, nullptr, {0, 0, 0}},
  {{Dialect::kJson, "json", "-j", true, true, true},
   WriteJson, WriteJsonAsPath, {8, 0, 8}},
  {{Dialect::kCsv, "csv", "", true, false, true},
   WriteCsv, WriteCsvAsPath, {0, 0, 0}},
  {{Dialect::kFormat, "format", "-F", true, false, false},
   WriteFormat, nullptr, {0, 0, 0}},
  {{Dialect::kCiscoExtendedAcl, "cisco-acl", "-E", true, false, false},
   WriteCiscoExtendedAcl, nullptr, {0, 0, 0}},
  {{Dialect::kNokiaIpPrefixList, "nokia-ip-prefix-list", "-N -E", false, false, false},
   WriteNokiaIpPrefixList, nullptr, {0, 0, 0}},
  {{Dialect::kNokiaMdIpPrefixList, "nokia-md-ip-prefix-list", "-n -E", false, false, false},
   WriteNokiaMdIpPrefixList, nullptr, {0, 0, 0}},
};
// clang-format on

struct Alias {
  std::string_view name;
  Dialect dialect;
};
constexpr Alias kAliases[] = {
    {"ios", Dialect::kCiscoIos},
    {"cisco-ios", Dialect::kCiscoIos},
    {"ios-xr", Dialect::kCiscoIosXr},
    {"iosxr", Dialect::kCiscoIosXr},
    {"juniper", Dialect::kJunosPrefixList},
    {"junos-prefix-list", Dialect::kJunosPrefixList},
    {"junos-policy-statement", Dialect::kJunosPolicyStatement},
    {"arista", Dialect::kAristaEos},
    {"nokia-classic", Dialect::kNokiaClassic},
    {"sros", Dialect::kNokiaClassic},
    {"nokia-md-cli", Dialect::kNokiaMdCli},
    {"sr-linux", Dialect::kSrLinux},
    {"mikrotik", Dialect::kMikrotik7},
    {"routeros6", Dialect::kMikrotik6},
    {"routeros7", Dialect::kMikrotik7},
    {"cisco-extended-acl", Dialect::kCiscoExtendedAcl},
};

}  // namespace

bool Known(Dialect dialect) { return static_cast<std::size_t>(dialect) < std::size(kTable); }

const DialectEntry& EntryOf(Dialect dialect) { return kTable[static_cast<std::size_t>(dialect)]; }

}  // namespace filter_internal

std::span<const DialectInfo> Dialects() {
  static const auto* infos = [] {
    auto* v = new std::vector<DialectInfo>;
    for (const auto& e : filter_internal::kTable) v->push_back(e.info);
    return v;
  }();
  return *infos;
}

const DialectInfo& InfoOf(Dialect dialect) {
  // An unknown value reads as the default dialect rather than past the table.
  return filter_internal::EntryOf(filter_internal::Known(dialect) ? dialect : Dialect::kCiscoIos)
      .info;
}

Result<Dialect> ParseDialect(std::string_view name) {
  for (const auto& e : filter_internal::kTable) {
    if (e.info.name == name) return e.info.dialect;
  }
  for (const auto& a : filter_internal::kAliases) {
    if (a.name == name) return a.dialect;
  }
  return MakeError(ErrorCode::kBadValue, "unknown filter format '" + std::string(name) + "'");
}

}  // namespace manrs
