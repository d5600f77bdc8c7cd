// Our addresses and VRPs in RTRlib's (librtr 0.8) forms, for the tests and
// benchmarks that hold RTRlib's prefix table beside ours. Not part of any
// library: only code that links librtr includes it.
#ifndef MANRS_RPKI_RTRLIB_CONVERT_H_
#define MANRS_RPKI_RTRLIB_CONVERT_H_

#include <rtrlib/rtrlib.h>

#include <cstdint>

#include "manrs/net/ip_address.h"
#include "manrs/rpki/vrp.h"

namespace manrs {

inline lrtr_ip_addr ToRtrlib(const IpAddress& a) {
  lrtr_ip_addr out{};
  if (a.is_v4()) {
    out.ver = LRTR_IPV4;
    out.u.addr4.addr = a.v4();
  } else {
    // Host-order 32-bit words, most significant first.
    out.ver = LRTR_IPV6;
    out.u.addr6.addr[0] = static_cast<std::uint32_t>(a.hi() >> 32);
    out.u.addr6.addr[1] = static_cast<std::uint32_t>(a.hi());
    out.u.addr6.addr[2] = static_cast<std::uint32_t>(a.lo() >> 32);
    out.u.addr6.addr[3] = static_cast<std::uint32_t>(a.lo());
  }
  return out;
}

inline pfx_record ToRtrlib(const Vrp& vrp) {
  pfx_record record{};
  record.asn = vrp.asn;
  record.prefix = ToRtrlib(vrp.prefix.address());
  record.min_len = static_cast<std::uint8_t>(vrp.prefix.length());
  record.max_len = vrp.max_length;
  record.socket = nullptr;
  return record;
}

}  // namespace manrs

#endif  // MANRS_RPKI_RTRLIB_CONVERT_H_
