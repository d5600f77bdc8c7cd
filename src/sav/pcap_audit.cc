#include "manrs/sav/pcap_audit.h"

#include <pcap/pcap.h>

#include <cstdio>

#include "fmt/format.h"
#include "manrs/sav/packet.h"

namespace manrs {

namespace {

// Owns the pcap_t (and, through it, the FILE*).
bool AuditOpened(pcap_t* p, const std::string& name, const InterfaceMap& map, SavAudit* audit,
                 ProblemLog& problems) {
  const int link = pcap_datalink(p);
  const int file_iface = map.ForFile(name);
  AuditSkipped& skipped = audit->skipped();
  struct pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  std::uint64_t n = 0;
  FrameSource src;
  for (;;) {
    const int rc = pcap_next_ex(p, &header, &data);
    if (rc == PCAP_ERROR_BREAK) break;  // end of the capture
    if (rc != 1) {
      FILE* f = pcap_file(p);
      const long offset = f ? std::ftell(f) : -1;
      problems.Report(name, offset < 0 ? 0 : static_cast<std::uint64_t>(offset),
                      fmt::format("after {} packets: {}", n, pcap_geterr(p)));
      break;
    }
    ++n;
    const FrameStatus status =
        DecodeFrameSource(link, std::span<const std::uint8_t>(data, header->caplen), &src);
    switch (status) {
      case FrameStatus::kIp: {
        const int iface = map.ForPacket(file_iface, src.vlan);
        if (iface < 0) {
          ++skipped.unmapped;
        } else {
          audit->Add(static_cast<std::size_t>(iface), src.source, header->len);
        }
        break;
      }
      case FrameStatus::kNotIp:
        ++skipped.not_ip;
        break;
      case FrameStatus::kTruncated:
        ++skipped.truncated;
        break;
      case FrameStatus::kBadIp:
        ++skipped.bad_ip;
        break;
      case FrameStatus::kUnsupportedLink:
        ++skipped.unsupported_link;
        break;
    }
  }
  pcap_close(p);
  return true;
}

}  // namespace

bool AuditPcapFile(const std::string& path, const InterfaceMap& map, SavAudit* audit,
                   ProblemLog& problems) {
  char err[PCAP_ERRBUF_SIZE] = {};
  pcap_t* p = pcap_open_offline(path.c_str(), err);
  if (p == nullptr) {
    problems.Report(path, 0, fmt::format("not a readable pcap or pcapng capture: {}", err));
    return false;
  }
  return AuditOpened(p, path, map, audit, problems);
}

bool AuditPcapBuffer(std::span<const std::uint8_t> data, const std::string& name,
                     const InterfaceMap& map, SavAudit* audit, ProblemLog& problems) {
  if (data.empty()) {
    problems.Report(name, 0, "empty capture");
    return false;
  }
  FILE* f = fmemopen(const_cast<std::uint8_t*>(data.data()), data.size(), "rb");
  if (f == nullptr) {
    problems.Report(name, 0, "cannot open the buffer");
    return false;
  }
  char err[PCAP_ERRBUF_SIZE] = {};
  pcap_t* p = pcap_fopen_offline(f, err);
  if (p == nullptr) {
    std::fclose(f);
    problems.Report(name, 0, fmt::format("not a readable pcap or pcapng capture: {}", err));
    return false;
  }
  return AuditOpened(p, name, map, audit, problems);
}

}  // namespace manrs
