// An RTR client that does what a router does at start-up: Reset Query, then
// every payload PDU up to End of Data, checked as a router checks them (a
// duplicate announcement, a withdrawal of an unknown record, a malformed ASPA
// provider list each get their Error Report sent back). It speaks versions
// 0-2 and follows a cache's Unsupported Protocol Version answer down to the
// version the cache offers (8210bis section 7).
#ifndef MANRS_RTR_CLIENT_H_
#define MANRS_RTR_CLIENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "manrs/base/result.h"
#include "manrs/rtr/payload_delta.h"
#include "manrs/rtr/pdu.h"

namespace manrs::rtr {

struct ClientOptions {
  std::string address;  // HOST:PORT
  std::uint8_t version = kMaxVersion;
  bool downgrade = true;  // retry with the version the cache offers
  bool tls = false;
  std::string tls_ca;         // PEM file to verify the cache; empty: system store
  int timeout_seconds = 120;  // for the whole exchange
};

struct CacheDump {
  std::uint8_t version = 0;  // the version the session ran
  std::uint16_t session_id = 0;
  std::uint32_t serial = 0;
  Timers timers;        // from End of Data (version 1 and later)
  PayloadSet payloads;  // sorted
  double seconds_to_end_of_data = 0;
};

Result<CacheDump> DumpCache(const ClientOptions& options);

// Checks the payload PDUs of one full sync as a router would; returns the
// code to report, or nothing. Sorts and deduplicates nothing: *set must hold
// the announcements in arrival order; afterwards it is sorted.
std::optional<std::pair<ReportCode, std::string>> FinishFullSync(PayloadSet* set);

// Text lines ("192.0.2.0/24-24 AS64496", "aspa AS64496 providers AS1 AS2",
// "router-key AS65000 SKI KEY"), sorted; or rpki-client style JSON that
// `manrs rtr serve` reads back.
std::string FormatDumpText(const CacheDump& dump);
std::string FormatDumpJson(const CacheDump& dump);

}  // namespace manrs::rtr

#endif  // MANRS_RTR_CLIENT_H_
