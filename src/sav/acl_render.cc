// Names, aggregation, guards and the JSON format; the router formats are in
// acl_dialects.cc.
#include "manrs/sav/acl_render.h"

#include <algorithm>

#include "manrs/base/json_string.h"
#include "manrs/filter/aggregate.h"
#include "sav/acl_writer.h"

namespace manrs {

namespace {

struct FormatName {
  SavFormat format;
  const char* name;
};
constexpr FormatName kFormats[] = {
    {SavFormat::kJson, "json"},         {SavFormat::kIos, "ios"},
    {SavFormat::kIosXr, "iosxr"},       {SavFormat::kJunos, "junos"},
    {SavFormat::kEos, "eos"},           {SavFormat::kNftables, "nftables"},
    {SavFormat::kIptables, "iptables"}, {SavFormat::kIp6tables, "ip6tables"},
    {SavFormat::kFrr, "frr"},
};

bool IsDefault(const Prefix& p) { return p.length() == 0; }

}  // namespace

Result<SavFormat> ParseSavFormat(std::string_view name) {
  for (const auto& f : kFormats) {
    if (name == f.name) return f.format;
  }
  return MakeError(ErrorCode::kBadValue,
                   "unknown format '" + std::string(name) +
                       "' (json, ios, iosxr, junos, eos, nftables, iptables, ip6tables, frr)");
}

const char* SavFormatName(SavFormat format) {
  for (const auto& f : kFormats) {
    if (f.format == format) return f.name;
  }
  return "?";
}

std::string SavListName(const SavInterface& iface) {
  std::string name = "sav_AS" + std::to_string(iface.peer_asn) + "_";
  for (char c : iface.peer_ip.ToString()) name.push_back(c == '.' || c == ':' ? '_' : c);
  return name;
}

std::vector<Prefix> AggregateAddresses(std::span<const Prefix> allow, Afi afi) {
  const int max = MaxPrefixLength(afi);
  // Lines inside a kept shorter block add nothing: drop them first (one pass
  // over the sorted list), so the programme sees only the outermost blocks.
  std::vector<PrefixRange> lines;
  lines.reserve(allow.size());
  const Prefix* cover = nullptr;
  for (const Prefix& p : allow) {
    if (p.afi() != afi) continue;
    if (cover != nullptr && cover->Contains(p)) continue;
    cover = &p;
    lines.push_back(PrefixRange::Make(p, max, max));
  }
  std::vector<Prefix> out;
  for (const PrefixRange& r : Aggregate(lines)) out.push_back(r.prefix);
  std::sort(out.begin(), out.end());
  return out;
}

Status CheckSavLists(const SavRib& rib, std::span<const InterfaceAllowList> lists,
                     const SavRenderOptions& options) {
  for (const InterfaceAllowList& l : lists) {
    const SavInterface& iface = rib.interfaces()[l.interface];
    const std::string who = "AS" + std::to_string(iface.peer_asn) + " " + iface.peer_ip.ToString();
    if (l.allow.empty() && !options.allow_empty) {
      return MakeError(ErrorCode::kBadValue,
                       "the " + std::string(SavModeName(options.mode)) + " list of " + who +
                           " is empty: it would drop everything this neighbour sends; refusing "
                           "(--allow-empty to write it anyway)");
    }
    if (!options.allow_permit_all) {
      for (const Prefix& p : l.allow) {
        if (IsDefault(p)) {
          return MakeError(ErrorCode::kBadValue,
                           "the list of " + who + " holds " + p.ToString() +
                               ": it would accept every source; refusing (--allow-permit-all)");
        }
      }
    }
  }
  return {};
}

Result<std::string> RenderSavLists(const SavRib& rib, std::span<const InterfaceAllowList> lists,
                                   SavFormat format, const SavRenderOptions& options) {
  MANRS_TRY(CheckSavLists(rib, lists, options));
  if (format == SavFormat::kJson) {
    std::string out = "{\"mode\": \"";
    out += SavModeName(options.mode);
    out += "\", \"interfaces\": [";
    char buf[64];
    for (std::size_t k = 0; k < lists.size(); ++k) {
      const SavInterface& iface = rib.interfaces()[lists[k].interface];
      out += k ? ",\n  " : "\n  ";
      out += "{\"peer_asn\": " + std::to_string(iface.peer_asn) + ", \"peer_ip\": ";
      AppendJsonString(&out, iface.peer_ip.ToString());
      out += ", \"name\": ";
      AppendJsonString(&out, SavListName(iface));
      if (options.mode == SavMode::kBarSav) {
        out += ", \"cone\": [";
        for (std::size_t i = 0; i < lists[k].cone.size(); ++i) {
          if (i) out += ", ";
          out += std::to_string(lists[k].cone[i]);
        }
        out += "]";
      }
      out += ", \"allow\": [";
      for (std::size_t i = 0; i < lists[k].allow.size(); ++i) {
        if (i) out += ", ";
        out.push_back('"');
        out.append(buf, lists[k].allow[i].FormatTo(buf));
        out.push_back('"');
      }
      out += "]}";
    }
    out += "\n]}\n";
    return out;
  }
  std::vector<sav_internal::AclList> acls;
  for (std::size_t k = 0; k < lists.size(); ++k) {
    const SavInterface& iface = rib.interfaces()[lists[k].interface];
    sav_internal::AclList a;
    a.name = SavListName(iface);
    auto it = options.ifnames.find(iface.peer_ip.ToString());
    a.ifname = it != options.ifnames.end() ? it->second : "sav" + std::to_string(k);
    a.comment = "AS" + std::to_string(iface.peer_asn) + " " + iface.peer_ip.ToString() + ", " +
                SavModeName(options.mode);
    a.v4 = AggregateAddresses(lists[k].allow, Afi::kIpv4);
    a.v6 = AggregateAddresses(lists[k].allow, Afi::kIpv6);
    for (const auto* v : {&a.v4, &a.v6}) {
      if (!options.allow_permit_all && v->size() == 1 && IsDefault(v->front())) {
        return MakeError(ErrorCode::kBadValue,
                         "the list of " + a.comment +
                             " covers the whole address space once aggregated; refusing "
                             "(--allow-permit-all)");
      }
    }
    acls.push_back(std::move(a));
  }
  switch (format) {
    case SavFormat::kIos:
      return sav_internal::WriteIos(acls);
    case SavFormat::kIosXr:
      return sav_internal::WriteIosXr(acls);
    case SavFormat::kJunos:
      return sav_internal::WriteJunos(acls);
    case SavFormat::kEos:
      return sav_internal::WriteEos(acls);
    case SavFormat::kNftables:
      return sav_internal::WriteNftables(acls);
    case SavFormat::kIptables:
      return sav_internal::WriteIptables(acls, false);
    case SavFormat::kIp6tables:
      return sav_internal::WriteIptables(acls, true);
    case SavFormat::kFrr:
      return sav_internal::WriteFrr(acls);
    case SavFormat::kJson:
      break;
  }
  return MakeError(ErrorCode::kBadValue, "unknown format");
}

}  // namespace manrs
