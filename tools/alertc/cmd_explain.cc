// alertc explain FILE [--rule ID]: the checked rule as readable text.

#include <iostream>

#include "compiler/ast/print.h"
#include "compiler/checked/print.h"
#include "compiler/parse/parse.h"
#include "compiler/jit/jit.h"
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
  std::string dump_objects;
};

int RunExplain(const ExplainOptions& options) {
  auto text = ReadInput(options.file);
  if (!text) return 2;
  const diag::Source source(DisplayName(options.file), std::move(*text));
  if (options.stage == "ast") {
    const parse::ParseResult parsed = parse::ParseFile(source);
    for (const diag::Diagnostic& d : parsed.diagnostics) std::cerr << diag::RenderText(source, d);
    if (!parsed.file) return 1;
    bool any = false;
    for (const ast::Rule& rule : parsed.file->rules) {
      if (!options.rule.empty() && rule.name != options.rule) continue;
      std::cout << (any ? "\n" : "") << ast::PrintRule(rule, source);
      any = true;
    }
    return any || options.rule.empty() ? 0 : 2;
  }
  sema::CheckResult result = sema::CheckSource(source);
  for (const diag::Diagnostic& d : result.diagnostics) std::cerr << diag::RenderText(source, d);
  if (result.diagnostics.HasErrors()) return 1;
  bool found = false;
  std::unique_ptr<jit::Jit> jit;
  if (options.stage == "llvm" || options.stage == "asm") {
    jit::JitOptions jit_options;
    jit_options.dump_objects_dir = options.dump_objects;
    jit_options.keep_ir = options.stage == "llvm";
    jit_options.keep_assembly = options.stage == "asm";
    auto created = jit::CreateJit(jit_options);
    if (!created.ok()) {
      std::cerr << "alertc: " << created.status() << "\n";
      return 2;
    }
    jit = std::move(*created);
  }
  for (checked::Rule& rule : result.rules) {
    if (!options.rule.empty() && rule.id != options.rule) continue;
    if (found) std::cout << "\n";
    found = true;
    if (options.stage == "checked") {
      std::cout << checked::PrintRule(rule);
      continue;
    }
    rule = opt::Optimize(std::move(rule));
    if (options.stage == "opt") {
      std::cout << checked::PrintRule(rule);
      continue;
    }
    std::vector<checked::Rule> one;
    one.push_back(std::move(rule));
    auto batch = jit::Compile(*jit, std::move(one));
    if (!batch.ok()) {
      std::cerr << "alertc: " << batch.status() << "\n";
      return 2;
    }
    std::cout << "; rule " << (*batch)->rules()[0].id << ": " << (*batch)->native_tests() << " tests native, "
              << (*batch)->fallback_tests() << " handed to the interpreter\n";
    for (size_t k = 0; k < (*batch)->slot_count(); ++k) {
      std::cout << "; slot " << k << ": " << (*batch)->slot_paths()[k] << "\n";
    }
    std::cout << (options.stage == "asm" ? (*batch)->assembly() : (*batch)->llvm_ir());
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
  cmd->footer("By default prints each checked rule: clauses with defaults made explicit, durations in milliseconds,\n"
              "every expression fully parenthesized with its path slots (p0, p1, ...), aggregates (a0, ...),\n"
              "baselines (b0, ...) and regular expressions (r0, ...). --stage picks an earlier or later form.");
  cmd->add_option("file", options->file, "A rule file; - reads standard input")->required();
  cmd->add_option("--rule", options->rule, "Explain only the rule with this id");
  cmd->add_option("--stage", options->stage,
                  "ast: the syntax tree, unchecked; checked: as the checker resolved it; opt: after the "
                  "optimizer; llvm: the LLVM IR the JIT compiles; asm: the machine code")
      ->check(CLI::IsMember({"ast", "checked", "opt", "llvm", "asm"}));
  cmd->add_option("--dump-objects", options->dump_objects, "With --stage llvm or asm: write the JIT's object files here");
  cmd->callback([options, exit_code] { *exit_code = RunExplain(*options); });
}

}  // namespace alert::alertc
