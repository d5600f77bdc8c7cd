// Reading written SAV lists back (the old configuration of a --diff), what an
// update changes per list, and the max-change guard of `manrs filter` applied
// to every list: an update that empties a list, or removes more than the
// allowed share of it, is refused.
#ifndef MANRS_SAV_ACL_DIFF_H_
#define MANRS_SAV_ACL_DIFF_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "manrs/base/result.h"
#include "manrs/filter/diff.h"
#include "manrs/net/prefix.h"

namespace manrs {

// The lists in a text we wrote (any SavFormat), by name ("sav_AS..."): every
// prefix token ("A/L"), IOS "A WILDCARD" pair and "host A" is given to the
// last list name seen before it. Errors: a malformed prefix-like token (byte
// offset), no list name at all.
using SavListText = std::map<std::string, std::vector<Prefix>>;
Result<SavListText> ReadSavListText(std::string_view text);

struct SavListDiff {
  std::string name;
  FilterDiff diff;
};

struct SavDiff {
  std::vector<SavListDiff> lists;  // by name; lists without change are left out
  std::size_t kept_lists = 0;
  // "name:" headers, then "-P" / "+P" lines.
  std::string ToString() const;
};

SavDiff DiffSavLists(const SavListText& old_lists, const SavListText& new_lists);

// OK, or the first list the update would empty or cut by more than the share.
Status CheckSavChange(const SavDiff& diff, const ChangeLimits& limits);

}  // namespace manrs

#endif  // MANRS_SAV_ACL_DIFF_H_
