// manrs: the command-line front end. Parses arguments, runs one subcommand,
// maps its outcome to an exit code. All the work is in the libraries.
#include <cstdio>

#include "apps/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"manrs: routing security toolkit (MANRS actions and measurement)"};
  app.require_subcommand(1);
  manrs::CommandRun run;
  manrs::AddMrtCommands(app, &run);
  manrs::AddRovCommands(app, &run);
  manrs::AddRtrCommands(app, &run);
  manrs::AddIrrCommands(app, &run);
  manrs::AddFilterCommands(app, &run);
  manrs::AddObserveCommands(app, &run);
  manrs::AddServeCommands(app, &run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return run ? run() : 2;
}
