#pragma once

#include "engine/rules/rule_set.h"

namespace alert::testing {

// Rule set options whose changes return with native code installed: tests
// that assert on compiled decisions, without a compile thread racing them.
inline engine::RuleSetOptions Synchronous(engine::RuleSetOptions::Engine engine = engine::RuleSetOptions::Engine::kJit) {
  engine::RuleSetOptions options;
  options.engine = engine;
  options.tiered = false;
  return options;
}

}  // namespace alert::testing
