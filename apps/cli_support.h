// Helpers shared by the subcommands: problem printing and input sizes.
#ifndef MANRS_APPS_CLI_SUPPORT_H_
#define MANRS_APPS_CLI_SUPPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "manrs/base/problem.h"

namespace manrs {

// "manrs: FILE: offset N: message" on stderr.
void PrintProblem(const Problem& p);
// The summed sizes of the files (for a progress bar); unreadable ones count 0.
std::uint64_t TotalSize(const std::vector<std::string>& files);

}  // namespace manrs

#endif  // MANRS_APPS_CLI_SUPPORT_H_
