// alertc test FILE.json...: rule authors' unit tests, like `promtool test
// rules`. Each file is a scenario (../shared/spec/scenarios/README.md):
// rules, config, optional history, events and the alerts they must decide.

#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "engine/scenario/scenario.h"
#include "tools/alertc/commands.h"
#include "tools/alertc/input.h"

namespace alert::alertc {
namespace {

struct TestCommandOptions {
  std::vector<std::string> files;
  std::string engine = "jit";
};

int RunTest(const TestCommandOptions& options) {
  engine::ScenarioOptions scenario_options;
  if (options.engine == "interp") scenario_options.engine = engine::RuleSetOptions::Engine::kInterp;
  size_t passed = 0, failed = 0, invalid = 0;
  for (const std::string& file : options.files) {
    auto text = ReadInput(file);
    if (!text) return 2;
    const engine::ScenarioResult r = engine::RunScenario(*text, DisplayName(file), scenario_options);
    if (r.passed) {
      ++passed;
      std::cout << fmt::format("PASS {} ({} alerts)\n", DisplayName(file), r.actual);
      continue;
    }
    ++failed;
    invalid += r.invalid;
    if (r.invalid) {
      std::cout << fmt::format("INVALID {}\n", DisplayName(file));
    } else {
      std::cout << fmt::format("FAIL {} ({} alerts expected, {} decided)\n", DisplayName(file), r.expected, r.actual);
    }
    for (const std::string& problem : r.problems) {
      std::string indented = "  " + problem;
      if (!indented.empty() && indented.back() == '\n') indented.pop_back();
      for (size_t at = indented.find('\n'); at != std::string::npos; at = indented.find('\n', at + 1)) {
        indented.insert(at + 1, "    ");
      }
      std::cout << indented << "\n";
    }
  }
  std::cout << fmt::format("{} passed, {} failed\n", passed, failed);
  if (invalid > 0) return 2;
  return failed > 0 ? 1 : 0;
}

}  // namespace

void RegisterTest(CLI::App& app, int* exit_code) {
  auto options = std::make_shared<TestCommandOptions>();
  CLI::App* cmd = app.add_subcommand("test", "Run scenario files: rules, events and the alerts they must decide");
  cmd->footer(
      "Each file is one JSON scenario: \"rules\" (rule text), \"config\" (time_path, tenant_path, event_id_path),\n"
      "optional \"history\" (events already stored, for backfill), \"events\" (live, in arrival order) and\n"
      "\"expected\": every notification the engine must emit, as {\"after_event\": index of the deciding event\n"
      "(null: decided during a backfill), \"rule\", \"key\", \"state\", \"window\": [start, end] (windowed rules)};\n"
      "optional \"expected_stats\" (late_events, matched, ...). Alerts decided by one event compare as a set.\n"
      "Prints PASS, or FAIL with each missing, unexpected or changed alert and its deciding event.\n"
      "A file that is not a valid scenario (bad JSON, an unknown or mistyped field, a state other than firing\n"
      "or resolved, an after_event beyond its events) prints INVALID with the reason.\n"
      "Exit status: 0 all pass, 1 a scenario fails, 2 a file cannot be read or is not a valid scenario.");
  cmd->add_option("files", options->files, "Scenario files")->required();
  cmd->add_option("--engine", options->engine, "jit (default) or interp")->check(CLI::IsMember({"jit", "interp"}));
  cmd->callback([options, exit_code] { *exit_code = RunTest(*options); });
}

}  // namespace alert::alertc
