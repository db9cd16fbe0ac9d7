// alertc explain FILE [--rule ID]: the checked rule as readable text.

#include <iostream>

#include "compiler/checked/print.h"
#include "compiler/opt/pass.h"
#include "compiler/sema/check.h"
#include "tools/alertc/commands.h"
#include "tools/alertc/input.h"

namespace alert::alertc {
namespace {

struct ExplainOptions {
  std::string file;
  std::string rule;
  std::string stage = "checked";
};

int RunExplain(const ExplainOptions& options) {
  auto text = ReadInput(options.file);
  if (!text) return 2;
  const diag::Source source(DisplayName(options.file), std::move(*text));
  sema::CheckResult result = sema::CheckSource(source);
  for (const diag::Diagnostic& d : result.diagnostics) std::cerr << diag::RenderText(source, d);
  if (result.diagnostics.HasErrors()) return 1;
  bool found = false;
  for (checked::Rule& rule : result.rules) {
    if (!options.rule.empty() && rule.id != options.rule) continue;
    if (found) std::cout << "\n";
    if (options.stage == "opt") rule = opt::Optimize(std::move(rule));
    std::cout << checked::PrintRule(rule);
    found = true;
  }
  if (!found && !options.rule.empty()) {
    std::cerr << "alertc: no rule '" << options.rule << "' in " << source.name() << "\n";
    return 2;
  }
  return 0;
}

}  // namespace

void RegisterExplain(CLI::App& app, int* exit_code) {
  auto options = std::make_shared<ExplainOptions>();
  CLI::App* cmd = app.add_subcommand("explain", "Show how alertjit understands a rule, after checking");
  cmd->footer("Prints each checked rule: clauses with defaults made explicit, durations in milliseconds, every\n"
              "expression fully parenthesized with its path slots (p0, p1, ...), aggregates (a0, ...), baselines\n"
              "(b0, ...) and regular expressions (r0, ...).");
  cmd->add_option("file", options->file, "A rule file; - reads standard input")->required();
  cmd->add_option("--rule", options->rule, "Explain only the rule with this id");
  cmd->add_option("--stage", options->stage, "checked: as the checker resolved it; opt: after the optimizer")
      ->check(CLI::IsMember({"checked", "opt"}));
  cmd->callback([options, exit_code] { *exit_code = RunExplain(*options); });
}

}  // namespace alert::alertc
