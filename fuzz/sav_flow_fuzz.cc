// Fuzz target for the NetFlow v5 / v9 / IPFIX decoder. The input is a
// sequence of datagrams, each prefixed by a 2-byte length and a 1-byte
// exporter number, so that templates learnt from one datagram are used (and
// withdrawn, refused, expired) by the next. No crash, no read past a
// datagram, and the template limit holds.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "manrs/sav/flow_decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  manrs::FlowDecoder decoder(
      {.max_templates_per_domain = 16, .max_templates_total = 64, .template_timeout_seconds = 5});
  std::uint64_t now = 0;
  std::uint64_t records = 0;
  while (size >= 3) {
    std::size_t len = (std::size_t{data[0]} << 8) | data[1];
    manrs::FlowExporter exporter{manrs::IpAddress::V4(0x7F000000u | data[2]), data[2]};
    data += 3;
    size -= 3;
    if (len > size) len = size;
    (void)decoder.Decode(exporter, std::span<const std::uint8_t>(data, len), now++,
                         [&](const manrs::FlowRecord& r) {
                           ++records;
                           if (r.has_source && !r.source.is_v4() && !r.source.is_v6()) std::abort();
                         });
    data += len;
    size -= len;
  }
  if (decoder.stats().records != records) std::abort();
  if (decoder.template_count() > 64) std::abort();
  return 0;
}
