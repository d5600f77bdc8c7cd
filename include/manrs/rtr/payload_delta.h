// The payload set an RTR cache serves and the difference between two such
// sets. Deltas are computed as a merge of two sorted lists (linear, no
// hashing) and composed, so a router several serials behind gets one delta
// in which a payload added then removed again does not appear at all.
//
// Invariants: every list in a PayloadSet is sorted and unique (ASPAs by
// customer AS, one per customer). In a PayloadDelta, announced and withdrawn
// lists are sorted, unique and disjoint; an ASPA change names each customer
// once.
#ifndef MANRS_RTR_PAYLOAD_DELTA_H_
#define MANRS_RTR_PAYLOAD_DELTA_H_

#include <cstdint>
#include <vector>

#include "manrs/rpki/vrp.h"
#include "manrs/rtr/pdu.h"

namespace manrs::rtr {

struct PayloadSet {
  std::vector<Vrp> vrps;
  std::vector<Aspa> aspas;
  std::vector<WireRouterKey> router_keys;

  std::size_t size() const { return vrps.size() + aspas.size() + router_keys.size(); }
  friend bool operator==(const PayloadSet&, const PayloadSet&) = default;
};

// Converts what a loader gives (sorted and unique already). Router keys whose
// SKI or key text is unusable are dropped and counted in *bad_router_keys.
PayloadSet MakePayloadSet(const RpkiPayloads& payloads, std::size_t* bad_router_keys = nullptr);

// ASPA records replace each other by customer AS (8210bis section 5.12), so
// a change is "this customer now has these providers" or "is gone".
struct AspaChange {
  Aspa aspa;  // providers empty for a withdrawal
  bool withdraw = false;
  bool existed_before = false;  // the customer had an ASPA before the change

  friend bool operator==(const AspaChange&, const AspaChange&) = default;
};

struct PayloadDelta {
  std::vector<Vrp> vrps_announced;
  std::vector<Vrp> vrps_withdrawn;
  std::vector<WireRouterKey> keys_announced;
  std::vector<WireRouterKey> keys_withdrawn;
  std::vector<AspaChange> aspas;  // sorted by customer AS

  bool empty() const {
    return vrps_announced.empty() && vrps_withdrawn.empty() && keys_announced.empty() &&
           keys_withdrawn.empty() && aspas.empty();
  }
  std::size_t size() const {
    return vrps_announced.size() + vrps_withdrawn.size() + keys_announced.size() +
           keys_withdrawn.size() + aspas.size();
  }
  friend bool operator==(const PayloadDelta&, const PayloadDelta&) = default;
};

// What turns from into to.
PayloadDelta ComputeDelta(const PayloadSet& from, const PayloadSet& to);
// first then second as one delta. REQUIRES: second applies to the set first
// produced.
PayloadDelta ComposeDeltas(const PayloadDelta& first, const PayloadDelta& second);
// Applies a delta (the oracle of the tests; the server never materialises).
PayloadSet ApplyDelta(const PayloadSet& set, const PayloadDelta& delta);

}  // namespace manrs::rtr

#endif  // MANRS_RTR_PAYLOAD_DELTA_H_
