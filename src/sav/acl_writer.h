// What each router-format writer sees: per interface, the list name, the
// Linux interface name (nftables/iptables) and the aggregated blocks of each
// family. Internal to the sav area.
#ifndef MANRS_SRC_SAV_ACL_WRITER_H_
#define MANRS_SRC_SAV_ACL_WRITER_H_

#include <string>
#include <vector>

#include "manrs/sav/acl_render.h"

namespace manrs::sav_internal {

struct AclList {
  std::string name;            // SavListName
  std::string ifname;          // for nftables / iptables
  std::string comment;         // "AS64496 192.0.2.1"
  std::vector<Prefix> v4, v6;  // aggregated, sorted
};

// IPv6 link-local sources (fe80::/10) are always accepted: neighbour
// discovery runs on them and they never leave the link.
inline const Prefix kLinkLocal6 = Prefix::Normalized(IpAddress::V6(0xfe80ull << 48, 0), 10);

Result<std::string> WriteIos(const std::vector<AclList>& lists);
Result<std::string> WriteIosXr(const std::vector<AclList>& lists);
Result<std::string> WriteJunos(const std::vector<AclList>& lists);
Result<std::string> WriteEos(const std::vector<AclList>& lists);
Result<std::string> WriteNftables(const std::vector<AclList>& lists);
Result<std::string> WriteIptables(const std::vector<AclList>& lists, bool v6);
Result<std::string> WriteFrr(const std::vector<AclList>& lists);

}  // namespace manrs::sav_internal

#endif  // MANRS_SRC_SAV_ACL_WRITER_H_
