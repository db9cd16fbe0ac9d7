#include "daemon/run/daemon_rules.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/check.h"
#include "engine/state/rule_records.h"

namespace alert::daemon {

absl::StatusOr<size_t> LoadStoredRules(const engine::StateStore& store, engine::RuleSet& rules) {
  auto records = engine::LoadRuleRecords(store);
  if (!records.ok()) return records.status();
  std::vector<checked::Rule> checked;
  std::vector<int64_t> versions;
  for (const engine::RuleRecord& record : *records) {
    const diag::Source source(fmt::format("{} v{}", record.id, record.version), record.source);
    sema::CheckResult result = sema::CheckSource(source);
    if (result.diagnostics.HasErrors() || result.rules.size() != 1) {
      return absl::DataLossError(fmt::format("the stored rule {} v{} does not check: {}", record.id, record.version,
                                             result.diagnostics.empty()
                                                 ? std::string("not one rule")
                                                 : diag::RenderText(source, *result.diagnostics.begin())));
    }
    result.rules[0].tenant = record.tenant;
    checked.push_back(std::move(result.rules[0]));
    versions.push_back(record.version);
  }
  if (auto added = rules.Add(std::move(checked), versions); !added.ok()) return added;
  for (const engine::RuleRecord& record : *records) {
    if (!record.paused) continue;
    rules.Apply(engine::RuleChange{engine::RuleChange::Op::kPause, record.tenant, record.id, 0, ""});
  }
  return records->size();
}

absl::StatusOr<FileApplied> ApplyRulesFile(const std::string& path, engine::RuleSet& rules,
                                           engine::WriteBatch* changes) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) return absl::InvalidArgumentError(path + " is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot read the rules file " + path);
  std::string contents(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>{});
  if (in.bad()) return absl::DataLossError("cannot read the rules file " + path);
  const diag::Source source(path, std::move(contents));
  sema::CheckResult checked = sema::CheckSource(source);
  if (checked.diagnostics.HasErrors()) {
    std::string text;
    for (const diag::Diagnostic& d : checked.diagnostics) text += diag::RenderText(source, d);
    return absl::InvalidArgumentError(text);
  }
  FileApplied applied;
  std::vector<checked::Rule> added;
  for (checked::Rule& rule : checked.rules) {
    const std::optional<uint32_t> id = rules.Find(rule.tenant, rule.id);
    if (!id) {
      added.push_back(std::move(rule));
      continue;
    }
    const engine::RuleView running = *rules.rule(*id);
    if (running.rule->source == rule.source) {
      ++applied.unchanged;
      continue;
    }
    const engine::ChangeResult result = rules.Apply(
        engine::RuleChange{engine::RuleChange::Op::kUpsert, rule.tenant, rule.id, running.version + 1, rule.source});
    if (result.status == engine::ChangeResult::Status::kRejected) return absl::InvalidArgumentError(result.message);
    RecordRule(rules, *id, changes);
    ++applied.changed;
  }
  applied.added = added.size();
  std::vector<std::pair<std::optional<std::string>, std::string>> names;
  for (const checked::Rule& rule : added) names.emplace_back(rule.tenant, rule.id);
  if (auto status = rules.Add(std::move(added)); !status.ok()) return status;
  for (const auto& [tenant, name] : names) RecordRule(rules, *rules.Find(tenant, name), changes);
  return applied;
}

void RecordRule(const engine::RuleSet& rules, uint32_t id, engine::WriteBatch* changes) {
  const engine::RuleView view = *rules.rule(id);
  engine::PutRuleRecord(engine::RuleRecord{view.rule->tenant, view.rule->id, view.version, view.rule->source,
                                           view.paused},
                        changes);
}

}  // namespace alert::daemon
