#include "manrs/bgp/element.h"

namespace manrs {

const char* ElementTypeName(ElementType type) {
  switch (type) {
    case ElementType::kRibEntry:
      return "rib";
    case ElementType::kAnnounce:
      return "announce";
    case ElementType::kWithdraw:
      return "withdraw";
    case ElementType::kStateChange:
      return "state";
    case ElementType::kMessage:
      return "message";
  }
  return "?";
}

}  // namespace manrs
