#include "manrs/mrt/record.h"

#include "fmt/format.h"

namespace manrs {

std::string MrtTypeName(std::uint16_t type, std::uint16_t subtype) {
  static const char* kTableDumpV2[] = {"",
                                       "PEER_INDEX_TABLE",
                                       "RIB_IPV4_UNICAST",
                                       "RIB_IPV4_MULTICAST",
                                       "RIB_IPV6_UNICAST",
                                       "RIB_IPV6_MULTICAST",
                                       "RIB_GENERIC",
                                       "GEO_PEER_TABLE",
                                       "RIB_IPV4_UNICAST_ADDPATH",
                                       "RIB_IPV4_MULTICAST_ADDPATH",
                                       "RIB_IPV6_UNICAST_ADDPATH",
                                       "RIB_IPV6_MULTICAST_ADDPATH",
                                       "RIB_GENERIC_ADDPATH"};
  static const char* kBgp4mp[] = {"STATE_CHANGE",
                                  "MESSAGE",
                                  "ENTRY",
                                  "SNAPSHOT",
                                  "MESSAGE_AS4",
                                  "STATE_CHANGE_AS4",
                                  "MESSAGE_LOCAL",
                                  "MESSAGE_AS4_LOCAL",
                                  "MESSAGE_ADDPATH",
                                  "MESSAGE_AS4_ADDPATH",
                                  "MESSAGE_LOCAL_ADDPATH",
                                  "MESSAGE_AS4_LOCAL_ADDPATH"};
  static const char* kMrtBgpSub[] = {"NULL", "UPDATE", "PREF_UPDATE", "STATE_CHANGE",
                                     "SYNC", "OPEN",   "NOTIFY",      "KEEPALIVE"};
  switch (type) {
    case kMrtTableDump:
      return subtype == 1   ? "TABLE_DUMP/AFI_IPV4"
             : subtype == 2 ? "TABLE_DUMP/AFI_IPV6"
                            : fmt::format("TABLE_DUMP/{}", subtype);
    case kMrtTableDumpV2:
      if (subtype < std::size(kTableDumpV2) && subtype > 0) {
        return fmt::format("TABLE_DUMP_V2/{}", kTableDumpV2[subtype]);
      }
      return fmt::format("TABLE_DUMP_V2/{}", subtype);
    case kMrtBgp4mp:
    case kMrtBgp4mpEt: {
      const char* name = type == kMrtBgp4mp ? "BGP4MP" : "BGP4MP_ET";
      if (subtype < std::size(kBgp4mp)) return fmt::format("{}/{}", name, kBgp4mp[subtype]);
      return fmt::format("{}/{}", name, subtype);
    }
    case kMrtBgp:
      if (subtype < std::size(kMrtBgpSub)) return fmt::format("BGP/{}", kMrtBgpSub[subtype]);
      return fmt::format("BGP/{}", subtype);
    default:
      return fmt::format("{}/{}", type, subtype);
  }
}

}  // namespace manrs
