#pragma once

// Scenarios: the engine's unit tests, in the format of
// ../shared/spec/scenarios (README there): rules, config, optional history,
// live events, the expected notifications — `after_event` names the live
// event that decided each (null: decided while a backfill replayed) — and
// optional expected counters. RunScenario runs one through a fresh engine
// and compares: notifications decided by the same event as a set, events in
// order, nothing more and nothing less. What `alertc test` runs, and the
// conformance suite.

#include <string>
#include <string_view>
#include <vector>

#include "engine/rules/rule_set.h"

namespace alert::engine {

struct ScenarioOptions {
  RuleSetOptions::Engine engine = RuleSetOptions::Engine::kJit;
};

struct ScenarioResult {
  std::string name;
  bool passed = false;
  // The file is not a valid scenario (not JSON, a missing or mistyped
  // field, an unknown key, a state or event index out of range): problems
  // say why. Such a file is a usage error, not a failing test.
  bool invalid = false;
  size_t expected = 0;  // notifications expected
  size_t actual = 0;    // notifications emitted
  // Each difference as a readable line: a problem with the file (unreadable
  // JSON, a rule rejected, an unknown setting), or a missing, unexpected or
  // changed notification with its deciding event, or a counter that differs.
  std::vector<std::string> problems;
};

// Runs the scenario `json` (the text of a scenario file called `file`).
ScenarioResult RunScenario(std::string_view json, const std::string& file, const ScenarioOptions& options = {});

}  // namespace alert::engine
