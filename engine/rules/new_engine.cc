#include "engine/rules/new_engine.h"

namespace alert::engine {

RuleSetOptions ForEngine(const EngineOptions& engine, RuleSetOptions base) {
  base.tenant_path = engine.tenant_path;
  base.extra_paths = {engine.time_path, engine.event_id_path};
  base.windowed = true;
  return base;
}

absl::StatusOr<std::unique_ptr<Engine>> NewEngine(std::vector<checked::Rule> rules, const EngineOptions& options,
                                                  HistoryStore* history, const RuleSetOptions& base,
                                                  const std::vector<int64_t>& versions) {
  auto set = RuleSet::Create(ForEngine(options, base));
  if (!set.ok()) return set.status();
  if (auto added = (*set)->Add(std::move(rules), versions); !added.ok()) return added;
  return Engine::Create(std::shared_ptr<const RuleSource>(std::move(*set)), options, history);
}

}  // namespace alert::engine
