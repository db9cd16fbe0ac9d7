// alertc eval FILE --events EVENTS: which rules' `when` holds for each event,
// by the reference interpreter.

#include <iostream>

#include "compiler/interp/interpreter.h"
#include "compiler/jit/jit.h"
#include "compiler/opt/pass.h"
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
  std::string engine = "jit";
  bool optimize = true;
  std::string dump_objects;
};

int RunEval(const EvalOptions& options) {
  int exit_code = 0;
  auto checked_rules = ReadRulesForEvents(options.rules, options.events, &exit_code);
  if (!checked_rules) return exit_code;
  auto events_text = ReadInput(options.events);
  if (!events_text) return 2;

  std::vector<checked::Rule> rules = std::move(*checked_rules);
  if (options.optimize) {
    for (auto& rule : rules) rule = opt::Optimize(std::move(rule));
  }
  // One engine decides: the JIT (one compiled batch) or the interpreter.
  std::unique_ptr<jit::Jit> jit;
  std::unique_ptr<jit::CompiledBatch> batch;
  std::vector<std::unique_ptr<interp::Interpreter>> interpreters;
  std::vector<std::string> ids;
  for (const auto& rule : rules) ids.push_back(rule.id);
  if (options.engine == "jit") {
    auto created = jit::CreateJit(jit::JitOptions{.dump_objects_dir = options.dump_objects});
    if (!created.ok()) {
      std::cerr << "alertc: " << created.status() << "\n";
      return 2;
    }
    jit = std::move(*created);
    auto compiled = jit::Compile(*jit, std::move(rules));
    if (!compiled.ok()) {
      std::cerr << "alertc: " << compiled.status() << "\n";
      return 2;
    }
    batch = std::move(*compiled);
  } else {
    for (const checked::Rule& rule : rules) interpreters.push_back(std::make_unique<interp::Interpreter>(rule));
  }
  std::vector<uint8_t> matched(ids.size());
  std::vector<Value> scratch;

  std::string line;
  const EventReadStats stats =
      ReadEvents(DisplayName(options.events), *events_text, options.split_array,
                 [&](size_t offset, simdjson::dom::element event) {
                   line = "{\"offset\": " + std::to_string(offset) + ", \"matched\": [";
                   if (batch) {
                     batch->Evaluate(event, matched.data(), &scratch);
                   } else {
                     for (size_t i = 0; i < interpreters.size(); ++i) matched[i] = interpreters[i]->Matches(event);
                   }
                   bool first = true;
                   for (size_t i = 0; i < ids.size(); ++i) {
                     if (!matched[i]) continue;
                     if (!first) line += ", ";
                     line += json::Quote(ids[i]);
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
  CLI::App* cmd = app.add_subcommand("eval", "Evaluate rules' 'when' against events");
  cmd->footer("For each event prints {\"offset\": N, \"matched\": [rule ids]} as one JSON line; N is the event's\n"
              "0-based line number. EVENTS is NDJSON, or a file with one JSON document (offset 0); with --array a\n"
              "top-level array is a stream of events (N = the index). Malformed lines are reported on stderr with\n"
              "their line number and skipped. Windows and alerts are not applied here.\n"
              "Baselines read as nothing in eval: they need the engine's per-key history.");
  cmd->add_option("rules", options->rules, "A rule file")->required();
  cmd->add_option("--events", options->events, "Events: NDJSON or one JSON document; - reads standard input")->required();
  cmd->add_flag("--array", options->split_array, "Treat a top-level JSON array as one event per element");
  cmd->add_option("--engine", options->engine, "jit: compiled predicates (default); interp: the reference interpreter")
      ->check(CLI::IsMember({"jit", "interp"}));
  cmd->add_flag("!--no-optimize", options->optimize, "Skip the optimizer (for comparing engines)");
  cmd->add_option("--dump-objects", options->dump_objects, "With the JIT: write its object files to this directory");
  cmd->callback([options, exit_code] { *exit_code = RunEval(*options); });
}

}  // namespace alert::alertc
