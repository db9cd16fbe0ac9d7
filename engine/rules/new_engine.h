#pragma once

// Engines over a RuleSet: the rule set options an engine needs (its tenant,
// time and event id paths; the windowed engine's candidates), and an engine
// over a rule set of its own for a fixed list of rules (alertc, scenarios,
// tests).

#include <memory>
#include <vector>

#include <absl/status/statusor.h>

#include "engine/rules/rule_set.h"
#include "engine/stream/engine.h"

namespace alert::engine {

// `base` with the paths of `engine` and the windowed engine's candidates.
RuleSetOptions ForEngine(const EngineOptions& engine, RuleSetOptions base = {});

// An engine of `options` over a new rule set holding `rules` (at
// `versions`, 1 by default), with `base`'s engine, tiering and cache.
absl::StatusOr<std::unique_ptr<Engine>> NewEngine(std::vector<checked::Rule> rules, const EngineOptions& options,
                                                  HistoryStore* history, const RuleSetOptions& base = {},
                                                  const std::vector<int64_t>& versions = {});

}  // namespace alert::engine
