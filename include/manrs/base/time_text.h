// Times given on the command line: Unix seconds or ISO 8601 in UTC.
#ifndef MANRS_BASE_TIME_TEXT_H_
#define MANRS_BASE_TIME_TEXT_H_

#include <cstdint>
#include <string_view>

#include "manrs/base/result.h"

namespace manrs {

// Reads a point in time as seconds since the Unix epoch. Accepted forms:
//   1470931210                  Unix seconds (digits only)
//   2016-08-11                  midnight UTC
//   2016-08-11T16:00[:10]       UTC ('T' or one space between date and time)
//   2016-08-11T16:00:10Z        UTC
//   2016-08-11T18:00:10+02:00   with an offset (+HH:MM, +HHMM or +HH; '-' too)
// Everything else is refused with a kParse error naming the text (cut, see
// QuoteForMessage): signs on Unix seconds, fractions, trailing characters,
// impossible dates (2021-02-29), times before 1970 and past the year 9999.
Result<std::int64_t> ParseTimeText(std::string_view text);

}  // namespace manrs

#endif  // MANRS_BASE_TIME_TEXT_H_
