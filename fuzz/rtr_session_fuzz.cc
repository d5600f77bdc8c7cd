// Fuzz target for the cache-side session state machine (session.h): the
// bytes a router sends, cut into reads at places the input chooses, with
// cache updates and Serial Notifies in between. Whatever the bytes: no crash;
// everything the session sends is a sequence of well-formed PDUs in
// versions 0-2; nothing is sent after a fatal Error Report; pending output
// stays within what was queued.
//
// Input layout: byte 0 picks the cache (bit 0: has data) and the read size
// (bits 1-7); the rest is the router's byte stream.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "manrs/rtr/cache.h"
#include "manrs/rtr/session.h"

namespace {

using manrs::rtr::PayloadSet;

PayloadSet Set(std::uint32_t n) {
  PayloadSet s;
  for (std::uint32_t i = 0; i < n; ++i) {
    s.vrps.push_back(
        manrs::Vrp{manrs::Prefix::Normalized(manrs::IpAddress::V4((10u << 24) + (i << 8)), 24), 24,
                   64496 + i});
  }
  s.aspas.push_back(manrs::Aspa{64496, {64497, 64498}});
  manrs::rtr::WireRouterKey key;
  key.asn = 65000;
  key.spki = "key";
  s.router_keys.push_back(key);
  return s;
}

// Checks that out is whole, well-formed PDUs.
void CheckOutput(const std::string& out) {
  manrs::Bytes rest = manrs::AsBytes(out.data(), out.size());
  while (!rest.empty()) {
    auto length = manrs::rtr::FramePdu(rest, 1 << 24);
    if (!length || *length > rest.size()) std::abort();
    auto pdu = manrs::rtr::DecodePdu(rest.first(*length));
    if (!pdu) std::abort();
    rest = rest.subspan(*length);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const bool has_data = (data[0] & 1) != 0;
  const std::size_t step = 1 + (data[0] >> 1);
  manrs::rtr::PayloadCache cache(7, 3, manrs::rtr::SerialNumber(0xfffffffe));
  if (has_data) (void)cache.Update(Set(3));
  manrs::rtr::SessionLimits limits;
  limits.max_pdu_length = 4096;
  manrs::rtr::Session session(&cache, manrs::rtr::Timers{}, limits);
  std::string out;
  std::uint32_t round = 0;
  for (std::size_t pos = 1; pos < size; pos += step) {
    std::size_t n = size - pos < step ? size - pos : step;
    const bool was_closing = session.closing();
    const std::size_t before = session.pending_bytes();
    session.Receive(manrs::AsBytes(data + pos, n));
    if (was_closing && session.pending_bytes() != before) std::abort();
    // Every few reads the data changes and routers are told.
    if (++round % 3 == 0 && has_data) {
      (void)cache.Update(Set(1 + round % 5));
      session.NotifyNewSerial();
    }
    // Drain part of the output, as a slow socket would.
    std::size_t budget = 7 * step;
    while (session.HasOutput() && budget > 0) {
      manrs::Bytes b = session.PendingOutput();
      std::size_t take = b.size() < budget ? b.size() : budget;
      out.append(reinterpret_cast<const char*>(b.data()), take);
      session.ConsumeOutput(take);
      budget -= take;
    }
  }
  while (session.HasOutput()) {
    manrs::Bytes b = session.PendingOutput();
    out.append(reinterpret_cast<const char*>(b.data()), b.size());
    session.ConsumeOutput(b.size());
  }
  if (session.pending_bytes() != 0) std::abort();
  CheckOutput(out);
  return 0;
}
