// Writing SAV allow-lists: JSON (the lists as computed) and router
// configuration (ingress ACLs or filters, one per interface and family,
// aggregated to the fewest address blocks with the filter area's Aggregate).
//
// Guards, as for `manrs filter`: an interface whose list is empty in both
// families is refused unless allow_empty (an empty list drops everything the
// customer sends); a list holding a default route (0.0.0.0/0, ::/0) is refused
// unless allow_permit_all (it would validate nothing).
#ifndef MANRS_SAV_ACL_RENDER_H_
#define MANRS_SAV_ACL_RENDER_H_

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "manrs/base/result.h"
#include "manrs/sav/allow_list.h"

namespace manrs {

enum class SavFormat : std::uint8_t {
  kJson,
  kIos,        // Cisco IOS: ip access-list extended / ipv6 access-list
  kIosXr,      // Cisco IOS XR: ipv4/ipv6 access-list with sequence numbers
  kJunos,      // Junos: prefix-lists and a firewall filter per family
  kEos,        // Arista EOS: ip/ipv6 access-list
  kNftables,   // nft -f: one inet table, an interval set per list, a prerouting chain
  kIptables,   // iptables-restore (IPv4, raw table)
  kIp6tables,  // ip6tables-restore (IPv6, raw table)
  kFrr,        // FRR prefix-lists (vtysh)
};

Result<SavFormat> ParseSavFormat(std::string_view name);
const char* SavFormatName(SavFormat format);

struct SavRenderOptions {
  SavMode mode = SavMode::kEfpA;
  bool allow_empty = false;
  bool allow_permit_all = false;
  // nftables / iptables: the Linux interface of a peer, by peer address text;
  // a peer without one gets "sav<k>" (k = its position in the output).
  std::map<std::string, std::string> ifnames;
};

// "sav_AS64496_192_0_2_1": the list's name in every router format (with _v4 /
// _v6 appended per family); stable across runs for the same peer.
std::string SavListName(const SavInterface& iface);

// The fewest address blocks covering exactly the addresses of `allow`, of one
// family, sorted. Uses the filter area's minimal aggregation on host-length
// lines (P ge max le max), which makes "accepts the same prefixes" the same
// as "covers the same addresses".
std::vector<Prefix> AggregateAddresses(std::span<const Prefix> allow, Afi afi);

// Checks the guards above for every list.
Status CheckSavLists(const SavRib& rib, std::span<const InterfaceAllowList> lists,
                     const SavRenderOptions& options);

// Writes the lists (after CheckSavLists).
Result<std::string> RenderSavLists(const SavRib& rib, std::span<const InterfaceAllowList> lists,
                                   SavFormat format, const SavRenderOptions& options);

}  // namespace manrs

#endif  // MANRS_SAV_ACL_RENDER_H_
