// alertc check FILE...: diagnostics for rule files.

#include <iostream>

#include <fmt/format.h>

#include "compiler/sema/check.h"
#include "compiler/sema/check_report.h"
#include "tools/alertc/commands.h"
#include "tools/alertc/input.h"

namespace alert::alertc {
namespace {

struct CheckOptions {
  std::vector<std::string> files;
  std::string format = "text";
};

int RunCheck(const CheckOptions& options) {
  bool rejected = false;
  bool unreadable = false;
  std::string json = "{\"files\":[";
  size_t total_errors = 0, total_warnings = 0;
  for (size_t i = 0; i < options.files.size(); ++i) {
    const std::string& path = options.files[i];
    auto text = ReadInput(path);
    if (!text) {
      unreadable = true;
      continue;
    }
    const diag::Source source(DisplayName(path), std::move(*text));
    const sema::CheckResult result = sema::CheckSource(source);
    const size_t errors = result.diagnostics.ErrorCount();
    const size_t warnings = result.diagnostics.WarningCount();
    total_errors += errors;
    total_warnings += warnings;
    rejected |= errors > 0;
    if (options.format == "json") {
      if (json.back() != '[') json += ',';
      json += sema::CheckReportJson(source, result);
      continue;
    }
    for (const diag::Diagnostic& d : result.diagnostics) std::cerr << diag::RenderText(source, d);
    if (errors == 0) {
      std::cout << fmt::format("{}: OK, {} rule{}", source.name(), result.rules.size(),
                               result.rules.size() == 1 ? "" : "s");
      if (warnings) std::cout << fmt::format(", {} warning{}", warnings, warnings == 1 ? "" : "s");
      std::cout << "\n";
    } else {
      std::cout << fmt::format("{}: rejected, {} error{}{}\n", source.name(), errors, errors == 1 ? "" : "s",
                               warnings ? fmt::format(", {} warning{}", warnings, warnings == 1 ? "" : "s") : "");
    }
  }
  if (options.format == "json") {
    json += fmt::format("],\"errors\":{},\"warnings\":{}}}", total_errors, total_warnings);
    std::cout << json << "\n";
  }
  if (unreadable) return 2;
  return rejected ? 1 : 0;
}

}  // namespace

void RegisterCheck(CLI::App& app, int* exit_code) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand("check", "Check rule files and print their diagnostics");
  cmd->footer(
      "Exit status: 0 when every file checks (warnings allowed), 1 when a rule is rejected, 2 on a usage error.\n"
      "Text diagnostics go to stderr, one summary line per file to stdout; --format json prints one JSON object.");
  cmd->add_option("files", options->files, "Rule files (*.alert); - reads standard input")->required();
  cmd->add_option("--format", options->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([options, exit_code] { *exit_code = RunCheck(*options); });
}

}  // namespace alert::alertc
