#include "manrs/base/result.h"

namespace manrs {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kTruncated:
      return "truncated";
    case ErrorCode::kBadLength:
      return "bad length";
    case ErrorCode::kBadValue:
      return "bad value";
    case ErrorCode::kUnsupported:
      return "unsupported";
    case ErrorCode::kIo:
      return "i/o error";
    case ErrorCode::kCorrupt:
      return "corrupt";
    case ErrorCode::kParse:
      return "parse error";
  }
  return "error";
}

}  // namespace manrs
