// The dispatch table's row type. Internal to the filter area.
#ifndef MANRS_SRC_FILTER_DIALECT_TABLE_H_
#define MANRS_SRC_FILTER_DIALECT_TABLE_H_

#include "filter/writer.h"
#include "manrs/filter/dialect.h"

namespace manrs::filter_internal {

struct DialectEntry {
  DialectInfo info;
  PrefixWriter prefixes;
  AsPathWriter as_paths;  // null: no AS-path filters in this dialect
  struct {
    int input, output, as_set;
  } as_width;
};

// False for a value outside the enum (a cast from a stored number).
bool Known(Dialect dialect);
// REQUIRES: Known(dialect).
const DialectEntry& EntryOf(Dialect dialect);

}  // namespace manrs::filter_internal

#endif  // MANRS_SRC_FILTER_DIALECT_TABLE_H_
