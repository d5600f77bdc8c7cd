// Fuzz target for the link-layer decoder of the audit: the first byte picks
// the link type, the rest is the frame. No crash, no read past the frame; a
// source is only found in a frame long enough to hold it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "manrs/sav/packet.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static constexpr int kLinks[] = {manrs::kLinkNull, manrs::kLinkEthernet,  manrs::kLinkRaw,
                                   manrs::kLinkLoop, manrs::kLinkLinuxSll,  manrs::kLinkIpv4,
                                   manrs::kLinkIpv6, manrs::kLinkLinuxSll2, 147};
  const int link = kLinks[data[0] % (sizeof kLinks / sizeof kLinks[0])];
  manrs::FrameSource src;
  const auto status =
      manrs::DecodeFrameSource(link, std::span<const std::uint8_t>(data + 1, size - 1), &src);
  if (status == manrs::FrameStatus::kIp && size - 1 < (src.source.is_v4() ? 16u : 24u)) {
    std::abort();
  }
  return 0;
}
