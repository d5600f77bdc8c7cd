// Fuzz target for the RTR PDU codec: framing and decoding of whatever bytes
// arrive, as a cache reads a router and a router reads a cache. Whatever the
// bytes: no crash, no read past the data; a PDU that decodes re-encodes to
// bytes that decode to the same PDU (encode is a fixed point after one
// round); the router-side full-sync checks hold on what decoded.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "manrs/rtr/client.h"
#include "manrs/rtr/pdu.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  manrs::Bytes rest = manrs::AsBytes(data, size);
  manrs::rtr::PayloadSet set;
  while (!rest.empty()) {
    auto length = manrs::rtr::FramePdu(rest, 1 << 20);
    if (!length) break;
    if (*length > rest.size()) break;
    auto pdu = manrs::rtr::DecodePdu(rest.first(*length));
    rest = rest.subspan(*length);
    if (!pdu) continue;
    std::string once, twice;
    manrs::rtr::EncodePdu(*pdu, &once);
    auto again = manrs::rtr::DecodePdu(manrs::AsBytes(once.data(), once.size()));
    if (!again) std::abort();
    manrs::rtr::EncodePdu(*again, &twice);
    if (once != twice) std::abort();
    if (pdu->type == manrs::rtr::PduType::kIpv4Prefix ||
        pdu->type == manrs::rtr::PduType::kIpv6Prefix) {
      set.vrps.push_back(pdu->vrp);
    } else if (pdu->type == manrs::rtr::PduType::kAspa) {
      set.aspas.push_back(pdu->aspa);
    } else if (pdu->type == manrs::rtr::PduType::kRouterKey) {
      set.router_keys.push_back(pdu->router_key);
    }
  }
  (void)manrs::rtr::FinishFullSync(&set);
  return 0;
}
