// The versioned payload state of an RTR cache: the session id, the current
// serial, the current payload set and a bounded history of deltas, one per
// serial step. Sessions read it through the narrow CacheState interface
// (current serial, full set, diff since a serial or "reset"), which hands out
// the payload PDUs already encoded for a protocol version; an encoding is
// made once per version and serial and shared by every session.
//
// Not thread-safe: the server touches it from its event loop only.
#ifndef MANRS_RTR_CACHE_H_
#define MANRS_RTR_CACHE_H_

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "manrs/rtr/payload_delta.h"
#include "manrs/rtr/serial_number.h"

namespace manrs::rtr {

// What a session needs from the cache.
class CacheState {
 public:
  virtual ~CacheState() = default;
  virtual std::uint16_t session_id() const = 0;
  // Empty until the first payload set arrives ("no data available").
  virtual std::optional<SerialNumber> serial() const = 0;
  // The payload PDUs of the whole current set in this version (prefixes in
  // every version, router keys from 1, ASPAs from 2). REQUIRES: serial().
  virtual std::shared_ptr<const std::string> FullSet(std::uint8_t version) = 0;
  // The payload PDUs that bring a router from serial to the current serial,
  // or nullptr when the history does not reach back to serial (the router
  // must reset). REQUIRES: serial().
  virtual std::shared_ptr<const std::string> DiffSince(SerialNumber serial,
                                                       std::uint8_t version) = 0;
};

// Appends a payload set, or a delta, as PDUs of a version.
void EncodePayloads(const PayloadSet& set, std::uint8_t version, std::string* out);
void EncodeDelta(const PayloadDelta& delta, std::uint8_t version, std::string* out);

class PayloadCache : public CacheState {
 public:
  // history_limit: how many serial steps back routers get deltas.
  PayloadCache(std::uint16_t session_id, std::size_t history_limit,
               SerialNumber first_serial = SerialNumber(0));

  std::uint16_t session_id() const override { return session_id_; }
  std::optional<SerialNumber> serial() const override {
    return current_ ? std::optional<SerialNumber>(serial_) : std::nullopt;
  }
  std::shared_ptr<const std::string> FullSet(std::uint8_t version) override;
  std::shared_ptr<const std::string> DiffSince(SerialNumber serial, std::uint8_t version) override;

  // Makes next the current set. The first set takes first_serial; later sets
  // that differ from the current one take the next serial and add a delta to
  // the history (the oldest falls out past history_limit). Returns true when
  // the serial moved (routers should be notified).
  bool Update(PayloadSet next);
  // The same with the work done beforehand (the server does it on its loader
  // thread): next becomes the current set, delta is what turns the current
  // set into next (null when there is none yet), full holds encodings of next
  // by version where already made (null slots are made on demand).
  // REQUIRES: next differs from the current set.
  void Install(std::shared_ptr<const PayloadSet> next, std::shared_ptr<const PayloadDelta> delta,
               std::array<std::shared_ptr<const std::string>, kMaxVersion + 1> full = {});

  const PayloadSet* current() const { return current_.get(); }
  std::size_t history_size() const { return history_.size(); }

 private:
  struct Step {
    SerialNumber from;  // the delta turns serial `from` into from.Next()
    std::shared_ptr<const PayloadDelta> delta;
  };

  std::uint16_t session_id_;
  std::size_t history_limit_;
  SerialNumber serial_;
  std::shared_ptr<const PayloadSet> current_;
  std::deque<Step> history_;
  // Encodings of the current serial, by version and by (since, version).
  std::shared_ptr<const std::string> full_[kMaxVersion + 1];
  std::map<std::pair<std::uint32_t, std::uint8_t>, std::shared_ptr<const std::string>> diffs_;
};

}  // namespace manrs::rtr

#endif  // MANRS_RTR_CACHE_H_
