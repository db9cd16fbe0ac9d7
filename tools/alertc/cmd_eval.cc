// alertc eval FILE --events EVENTS: which rules' `when` holds for each event,
// by the reference interpreter.

#include <iostream>

#include "compiler/interp/interpreter.h"
#include "compiler/sema/check.h"
#include "runtime/json/json_string.h"
#include "tools/alertc/commands.h"
#include "tools/alertc/events.h"
#include "tools/alertc/input.h"

namespace alert::alertc {
namespace {

struct EvalOptions {
  std::string rules;
  std::string events;
  bool split_array = false;
};

int RunEval(const EvalOptions& options) {
  auto rules_text = ReadInput(options.rules);
  if (!rules_text) return 2;
  const diag::Source source(DisplayName(options.rules), std::move(*rules_text));
  const sema::CheckResult checked = sema::CheckSource(source);
  for (const diag::Diagnostic& d : checked.diagnostics) std::cerr << diag::RenderText(source, d);
  if (checked.diagnostics.HasErrors()) return 1;
  if (options.events == "-" && options.rules == "-") {
    std::cerr << "alertc: rules and events cannot both come from standard input\n";
    return 2;
  }
  auto events_text = ReadInput(options.events);
  if (!events_text) return 2;

  std::vector<std::unique_ptr<interp::Interpreter>> interpreters;
  for (const checked::Rule& rule : checked.rules) interpreters.push_back(std::make_unique<interp::Interpreter>(rule));

  std::string line;
  const EventReadStats stats =
      ReadEvents(DisplayName(options.events), *events_text, options.split_array,
                 [&](size_t offset, simdjson::dom::element event) {
                   line = "{\"offset\": " + std::to_string(offset) + ", \"matched\": [";
                   bool first = true;
                   for (const auto& interpreter : interpreters) {
                     if (!interpreter->Matches(event)) continue;
                     if (!first) line += ", ";
                     line += json::Quote(interpreter->rule().id);
                     first = false;
                   }
                   line += "]}\n";
                   std::cout << line;
                 });
  if (stats.malformed > 0) {
    std::cerr << "alertc: " << stats.events << " events evaluated, " << stats.malformed << " malformed skipped\n";
  }
  return 0;
}

}  // namespace

void RegisterEval(CLI::App& app, int* exit_code) {
  auto options = std::make_shared<EvalOptions>();
  CLI::App* cmd = app.add_subcommand("eval", "Evaluate rules' 'when' against events with the reference interpreter");
  cmd->footer("For each event prints {\"offset\": N, \"matched\": [rule ids]} as one JSON line; N is the event's\n"
              "0-based line number. EVENTS is NDJSON, or a file with one JSON document (offset 0); with --array a\n"
              "top-level array is a stream of events (N = the index). Malformed lines are reported on stderr with\n"
              "their line number and skipped. Windows and alerts are not applied here: see 'alertc run'.\n"
              "Baselines read as nothing in eval: they need the engine's per-key history.");
  cmd->add_option("rules", options->rules, "A rule file")->required();
  cmd->add_option("--events", options->events, "Events: NDJSON or one JSON document; - reads standard input")->required();
  cmd->add_flag("--array", options->split_array, "Treat a top-level JSON array as one event per element");
  cmd->callback([options, exit_code] { *exit_code = RunEval(*options); });
}

}  // namespace alert::alertc
