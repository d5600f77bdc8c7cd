// The audit of captures: libpcap reads pcap and pcapng (any link type
// packet.h knows), each frame's source goes to the interface the map gives
// it. A damaged or truncated capture is reported (file and byte offset) and
// the packets before the damage still count.
#ifndef MANRS_SAV_PCAP_AUDIT_H_
#define MANRS_SAV_PCAP_AUDIT_H_

#include <cstdint>
#include <span>
#include <string>

#include "manrs/base/problem.h"
#include "manrs/sav/audit.h"
#include "manrs/sav/audit_input.h"

namespace manrs {

// Returns false when the file could not be opened as a capture at all (also
// reported). Packets with a link type we do not read are counted as skipped.
bool AuditPcapFile(const std::string& path, const InterfaceMap& map, SavAudit* audit,
                   ProblemLog& problems);

// The same over a capture in memory; `name` stands for the file in problems
// and in file rules of the map.
bool AuditPcapBuffer(std::span<const std::uint8_t> data, const std::string& name,
                     const InterfaceMap& map, SavAudit* audit, ProblemLog& problems);

}  // namespace manrs

#endif  // MANRS_SAV_PCAP_AUDIT_H_
