// Fuzz target for the audit's capture path: libpcap reading a pcap or pcapng
// file from memory, every frame through the link-layer decoder and the
// classifier. Whatever the bytes: no crash, no read past a frame, and every
// counted packet is in exactly one verdict.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "manrs/sav/audit.h"
#include "manrs/sav/audit_input.h"
#include "manrs/sav/pcap_audit.h"

namespace {

const manrs::SourceClassifier& Classifier() {
  static const manrs::SourceClassifier* c = [] {
    manrs::AuditInterface a;
    a.name = "a";
    a.allow = {*manrs::Prefix::Parse("45.10.0.0/16"), *manrs::Prefix::Parse("2a0e::/16")};
    manrs::AuditInterface b = a;
    b.name = "b";
    b.allow = {*manrs::Prefix::Parse("8.0.0.0/8")};
    return new manrs::SourceClassifier({a, b}, nullptr);
  }();
  return *c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const manrs::InterfaceMap map = [] {
    auto m = manrs::InterfaceMap::Parse("vlan 2 b\ndefault a\n", "fuzz", Classifier().interfaces());
    if (!m) std::abort();
    return *m;
  }();
  manrs::SavAudit audit(Classifier(), 1000);
  manrs::ProblemLog problems;
  manrs::AuditPcapBuffer(std::span<const std::uint8_t>(data, size), "fuzz.pcap", map, &audit,
                         problems);
  const manrs::TrafficCounts t = audit.Total();
  if (t.spoofed_packets() > t.total_packets()) std::abort();
  return 0;
}
