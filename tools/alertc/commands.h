#pragma once

// The subcommands of alertc, the rule author's tool. Each Register* adds a
// subcommand to the app; running it stores the exit code in *exit_code:
// 0 success, 1 a rule was rejected, 2 a usage error (LANGUAGE.md).

#include <CLI/CLI.hpp>

namespace alert::alertc {

void RegisterCheck(CLI::App& app, int* exit_code);
void RegisterExplain(CLI::App& app, int* exit_code);
void RegisterQuery(CLI::App& app, int* exit_code);
void RegisterEval(CLI::App& app, int* exit_code);
void RegisterRun(CLI::App& app, int* exit_code);
void RegisterTest(CLI::App& app, int* exit_code);

}  // namespace alert::alertc
