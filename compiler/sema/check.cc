#include "compiler/sema/check.h"

#include <set>

#include <fmt/format.h>

#include "compiler/parse/parse.h"
#include "compiler/sema/rule_checker.h"

namespace alert::sema {

CheckResult Check(const ast::File& file, const diag::Source& source, const Limits& limits) {
  CheckResult result;
  RuleChecker checker(source, limits, &result.diagnostics);
  // A rule id is unique per scope: global rules among themselves, and per tenant.
  std::set<std::pair<std::string, std::string>> seen;  // (scope, name)
  result.rules.reserve(file.rules.size());
  for (const ast::Rule& rule : file.rules) {
    const std::string scope = rule.scope && !rule.scope->global ? "tenant:" + rule.scope->tenant : "global";
    const auto key = std::make_pair(scope, rule.name);
    if (!seen.insert(key).second) {
      result.diagnostics.Error(rule.name_span, fmt::format("rule '{}' is defined twice in scope {}", rule.name,
                                                           scope == "global" ? "global" : "tenant '" + rule.scope->tenant + "'"));
    }
    if (auto checked = checker.Check(rule)) result.rules.push_back(std::move(*checked));
  }
  if (result.diagnostics.HasErrors()) result.rules.clear();
  result.diagnostics.Sort();
  return result;
}

}  // namespace alert::sema

namespace alert::sema {

CheckResult CheckSource(const diag::Source& source, const Limits& limits) {
  parse::ParseResult parsed = parse::ParseFile(source, limits);
  if (!parsed.file) return CheckResult{{}, std::move(parsed.diagnostics)};
  CheckResult result = Check(*parsed.file, source, limits);
  parsed.diagnostics.Append(result.diagnostics);
  parsed.diagnostics.Sort();
  result.diagnostics = std::move(parsed.diagnostics);
  return result;
}

}  // namespace alert::sema
