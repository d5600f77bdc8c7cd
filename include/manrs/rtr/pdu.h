// RTR protocol data units: the wire codec of RFC 6810 (version 0), RFC 8210
// (version 1, adds Router Key and EOD timers) and draft-ietf-sidrops-8210bis
// (version 2, adds the ASPA PDU, type 11).
//
// Every PDU starts with the same 8 bytes:
//   version (1) | type (1) | session id, error code or flags (2) | length (4)
// The length counts the whole PDU, header included. FramePdu() reads only
// the header to tell how many bytes one PDU spans; DecodePdu() decodes
// exactly those bytes, checking every length against its type and version.
// Encoders append to a std::string so a whole response is one buffer.
#ifndef MANRS_RTR_PDU_H_
#define MANRS_RTR_PDU_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "manrs/base/cursor.h"
#include "manrs/base/result.h"
#include "manrs/rpki/vrp.h"

namespace manrs::rtr {

inline constexpr std::uint8_t kMaxVersion = 2;
inline constexpr std::size_t kHeaderLength = 8;

enum class PduType : std::uint8_t {
  kSerialNotify = 0,
  kSerialQuery = 1,
  kResetQuery = 2,
  kCacheResponse = 3,
  kIpv4Prefix = 4,
  kIpv6Prefix = 6,
  kEndOfData = 7,
  kCacheReset = 8,
  kRouterKey = 9,  // version 1 and later
  kErrorReport = 10,
  kAspa = 11,  // version 2 and later
};

const char* PduTypeName(PduType type);
// True when the type exists in this protocol version.
bool IsKnownType(std::uint8_t type, std::uint8_t version);

// Error Report codes (RFC 8210 section 12, 8210bis adds 9). doc/rtr.md says
// where each one is sent.
enum class ReportCode : std::uint16_t {
  kCorruptData = 0,
  kInternalError = 1,
  kNoDataAvailable = 2,
  kInvalidRequest = 3,
  kUnsupportedProtocolVersion = 4,
  kUnsupportedPduType = 5,
  kWithdrawalOfUnknownRecord = 6,
  kDuplicateAnnouncement = 7,
  kUnexpectedProtocolVersion = 8,
  kAspaProviderListError = 9,
};
const char* ReportCodeName(ReportCode code);

// End of Data timers in seconds (RFC 8210 section 6; defaults of its text).
struct Timers {
  std::uint32_t refresh = 3600;  // 1 .. 86400
  std::uint32_t retry = 600;     // 1 .. 7200
  std::uint32_t expire = 7200;   // 600 .. 172800, larger than refresh and retry
};
// An error naming the timer out of range, or success.
Status CheckTimers(const Timers& timers);

// A BGPsec router key as the wire carries it: the 20-byte SKI and the DER
// SubjectPublicKeyInfo.
struct WireRouterKey {
  std::array<std::uint8_t, 20> ski{};
  Asn asn = 0;
  std::string spki;

  friend auto operator<=>(const WireRouterKey&, const WireRouterKey&) = default;
};
// Converts the loader's form (hex SKI, base64 key); fails on bad text.
Result<WireRouterKey> ToWire(const RouterKey& key);

// One decoded PDU. Only the members its type uses are meaningful.
struct Pdu {
  std::uint8_t version = 0;
  PduType type = PduType::kResetQuery;
  std::uint16_t session_id = 0;                      // notify, serial query, cache response, EOD
  std::uint32_t serial = 0;                          // notify, serial query, EOD
  bool announce = true;                              // prefix, router key, ASPA (flags bit 0)
  Vrp vrp;                                           // prefix PDUs
  WireRouterKey router_key;                          // router key PDU
  Aspa aspa;                                         // ASPA PDU (providers empty on withdrawal)
  Timers timers;                                     // EOD, version 1 and later
  ReportCode error_code = ReportCode::kCorruptData;  // error report
  std::string encapsulated;                          // error report: the erroneous PDU
  std::string text;                                  // error report: diagnostic text
};

// Reads the header at the start of data. Returns the PDU's total length when
// the 8 header bytes are there (the body may still be missing); kTruncated
// when fewer than 8 bytes are there; kBadLength when the length is below 8
// or above max_length.
Result<std::uint32_t> FramePdu(Bytes data, std::uint32_t max_length);

// Decodes one whole PDU (data.size() equals its length field). Errors:
// kUnsupported for a version above kMaxVersion or a type unknown in the
// PDU's version, kBadLength for a length that does not fit the type,
// kBadValue for a field out of range (prefix length above max length ...).
Result<Pdu> DecodePdu(Bytes data);

// Appends the wire form. REQUIRES: the members of the PDU's type hold values
// the wire can carry (a VRP keeping its invariant, a type known in version).
void EncodePdu(const Pdu& pdu, std::string* out);

// The encoders the server uses on its hot path, one per payload PDU.
void AppendPrefix(std::uint8_t version, bool announce, const Vrp& vrp, std::string* out);
void AppendRouterKey(std::uint8_t version, bool announce, const WireRouterKey& key,
                     std::string* out);
void AppendAspa(std::uint8_t version, bool announce, const Aspa& aspa, std::string* out);
void AppendEndOfData(std::uint8_t version, std::uint16_t session_id, std::uint32_t serial,
                     const Timers& timers, std::string* out);
void AppendErrorReport(std::uint8_t version, ReportCode code, Bytes erroneous_pdu,
                       std::string_view text, std::string* out);
// Serial Notify, Serial Query, Reset Query, Cache Response, Cache Reset.
void AppendSimple(std::uint8_t version, PduType type, std::uint16_t session_id,
                  std::uint32_t serial, std::string* out);

}  // namespace manrs::rtr

#endif  // MANRS_RTR_PDU_H_
