// The subcommands of the manrs CLI. Each Add* function registers its options
// on the parent and sets the function main() runs when it is chosen.
#ifndef MANRS_APPS_COMMANDS_H_
#define MANRS_APPS_COMMANDS_H_

#include <functional>

#include "CLI/CLI.hpp"

namespace manrs {

// Exit codes: 0 ok, 1 input had problems (unless --lenient), 2 usage or
// unusable input.
using CommandRun = std::function<int()>;

void AddMrtCommands(CLI::App& app, CommandRun* run);
void AddRovCommands(CLI::App& app, CommandRun* run);
void AddRtrCommands(CLI::App& app, CommandRun* run);
void AddIrrCommands(CLI::App& app, CommandRun* run);
void AddFilterCommands(CLI::App& app, CommandRun* run);
void AddObserveCommands(CLI::App& app, CommandRun* run);
void AddSavCommands(CLI::App& app, CommandRun* run);
void AddAdviceCommands(CLI::App& app, CommandRun* run);
void AddServeCommands(CLI::App& app, CommandRun* run);

}  // namespace manrs

#endif  // MANRS_APPS_COMMANDS_H_
