// manrs: the command-line front end. Parses arguments, runs one subcommand,
// maps its outcome to an exit code. All the work is in the libraries.
#include <cstdio>
#include <exception>
#include <string>

#include "apps/cli_support.h"
#include "apps/commands.h"
#include "manrs/base/quote.h"

namespace {

// After CLI11 complains that a subcommand is required: names the word that
// is not one (e.g. `manrs bogus`), so the user is not told to give what they
// think they gave. Returns false when every word named a subcommand.
bool ReportUnknownCommand(const CLI::App& app, int argc, char** argv) {
  const CLI::App* level = &app;
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word.empty() || word[0] == '-') return false;
    const CLI::App* next = nullptr;
    for (const CLI::App* sub : level->get_subcommands({})) {
      if (sub->check_name(word)) next = sub;
    }
    if (next == nullptr) {
      if (level->get_subcommands({}).empty()) return false;
      std::string names;
      for (const CLI::App* sub : level->get_subcommands({})) {
        names += (names.empty() ? "" : ", ") + sub->get_name();
      }
      std::fprintf(
          stderr, "manrs: unknown command %s (%s: %s)\n", manrs::QuoteForMessage(word).c_str(),
          level == &app ? "commands" : (level->get_name() + " commands").c_str(), names.c_str());
      return true;
    }
    level = next;
  }
  return false;
}

int Main(int argc, char** argv) {
  CLI::App app{"manrs: routing security toolkit (MANRS actions and measurement)"};
  app.require_subcommand(1);
  // Set before the subcommands are added: they copy it.
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return "manrs: " + std::string(e.what()) + " (--help for usage)\n";
  });
  manrs::CommandRun run;
  manrs::AddMrtCommands(app, &run);
  manrs::AddRovCommands(app, &run);
  manrs::AddRtrCommands(app, &run);
  manrs::AddIrrCommands(app, &run);
  manrs::AddFilterCommands(app, &run);
  manrs::AddObserveCommands(app, &run);
  manrs::AddSavCommands(app, &run);
  manrs::AddAdviceCommands(app, &run);
  manrs::AddServeCommands(app, &run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (dynamic_cast<const CLI::RequiredError*>(&e) && ReportUnknownCommand(app, argc, argv)) {
      return 2;
    }
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return run ? run() : 2;
}

}  // namespace

int main(int argc, char** argv) {
  int code = 2;
  // The libraries return errors instead of throwing; what still throws here
  // (allocation failure, a thread the system refuses) is reported, not an abort.
  try {
    code = Main(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "manrs: %s\n", e.what());
    code = 2;
  } catch (...) {
    std::fprintf(stderr, "manrs: unexpected error\n");
    code = 2;
  }
  // Output lost on a full disk or a closed pipe is a failure, whatever the command.
  if (!manrs::FinishStdout()) return 2;
  return code;
}
