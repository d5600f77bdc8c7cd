// VrpSnapshot: the current VrpTable, shared between the threads that
// validate routes and the one that loads new RPKI data.
//
//   VrpSnapshot current;                      // starts empty: all NotFound
//   // loader thread, whenever new data arrives:
//   auto table = VrpTable::Build(std::move(vrps));   // slow part, unshared
//   if (table) current.Publish(std::make_shared<const VrpTable>(std::move(*table)));
//   // validating threads, per batch of routes:
//   std::shared_ptr<const VrpTable> t = current.Get();
//   for (...) ValidateOrigin(*t, prefix, origin);
//
// Invariant: current_ never holds null; every table it has held was complete
// and immutable before it was stored.
//
// A table is built entirely before Publish, so no reader ever waits for a
// build: Get and Publish each touch only the pointer. They use C++20's
// std::atomic<std::shared_ptr> (libstdc++ 12 implements it with a lock bit in
// the pointer word held for a reference-count update, tens of nanoseconds),
// so take one reference per batch of lookups, not one per lookup. A reader's
// reference keeps its table alive and unchanged however often newer tables
// are published meanwhile; the last reference frees it.
#ifndef MANRS_RPKI_VRP_SNAPSHOT_H_
#define MANRS_RPKI_VRP_SNAPSHOT_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <utility>

#include "manrs/rpki/vrp_table.h"

namespace manrs {

class VrpSnapshot {
 public:
  VrpSnapshot() : current_(std::make_shared<const VrpTable>()) {}
  // REQUIRES: table is not null.
  explicit VrpSnapshot(std::shared_ptr<const VrpTable> table) : current_(std::move(table)) {}

  VrpSnapshot(const VrpSnapshot&) = delete;
  VrpSnapshot& operator=(const VrpSnapshot&) = delete;

  // The current table, valid for as long as the caller holds it.
  std::shared_ptr<const VrpTable> Get() const { return current_.load(std::memory_order_acquire); }

  // Makes table current for every later Get; readers holding the previous
  // one keep it. Returns the previous table, so that the publishing thread,
  // by dropping it last, can be the one that frees it rather than a reader.
  // A null table is ignored (and returned), keeping the invariant.
  std::shared_ptr<const VrpTable> Publish(std::shared_ptr<const VrpTable> table) {
    if (!table) return table;
    std::shared_ptr<const VrpTable> previous =
        current_.exchange(std::move(table), std::memory_order_acq_rel);
    version_.fetch_add(1, std::memory_order_release);
    return previous;
  }

  // How many tables have been published; tells a reader that the table it
  // holds is no longer current.
  std::uint64_t version() const { return version_.load(std::memory_order_acquire); }

 private:
  std::atomic<std::shared_ptr<const VrpTable>> current_;
  std::atomic<std::uint64_t> version_{0};
};

}  // namespace manrs

#endif  // MANRS_RPKI_VRP_SNAPSHOT_H_
