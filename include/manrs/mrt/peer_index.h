// The TABLE_DUMP_V2 PEER_INDEX_TABLE (RFC 6396 4.3.1): the collector and its
// peers, which the RIB records that follow refer to by index.
#ifndef MANRS_MRT_PEER_INDEX_H_
#define MANRS_MRT_PEER_INDEX_H_

#include <string>
#include <vector>

#include "manrs/base/cursor.h"
#include "manrs/base/result.h"
#include "manrs/net/asn.h"
#include "manrs/net/ip_address.h"

namespace manrs {

struct MrtPeer {
  IpAddress bgp_id;
  IpAddress address;
  Asn asn = 0;
};

struct PeerIndexTable {
  IpAddress collector_bgp_id;
  std::string view_name;
  std::vector<MrtPeer> peers;
};

Status DecodePeerIndexTable(ByteCursor body, PeerIndexTable* out);

}  // namespace manrs

#endif  // MANRS_MRT_PEER_INDEX_H_
