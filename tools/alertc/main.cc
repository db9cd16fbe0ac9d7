// alertc: the rule author's tool. Check, explain, query, evaluate and run rules.

#include <iostream>

#include <CLI/CLI.hpp>

#include "tools/alertc/commands.h"
#include "tools/common/out_of_memory.h"

int main(int argc, char** argv) {
  alert::tools::InstallOutOfMemoryPolicy("alertc");
  CLI::App app{"alertc: check, explain and try alertjit rules"};
  app.require_subcommand(1);
  int exit_code = 0;
  alert::alertc::RegisterCheck(app, &exit_code);
  alert::alertc::RegisterExplain(app, &exit_code);
  alert::alertc::RegisterQuery(app, &exit_code);
  alert::alertc::RegisterEval(app, &exit_code);
  alert::alertc::RegisterRun(app, &exit_code);
  alert::alertc::RegisterTest(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  return exit_code;
}
