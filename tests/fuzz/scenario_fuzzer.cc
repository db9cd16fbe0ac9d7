// libFuzzer target over scenario files (what `alertc test` reads): any
// bytes must give a result, never a crash, hang or leak. The oracle: a file
// reported invalid has a reason, and running the same file twice gives the
// same verdict and problems (the engine is deterministic under its fixed
// clock). The interpreter engine keeps each run cheap.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/scenario/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace alert::engine;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  ScenarioOptions options;
  options.engine = RuleSetOptions::Engine::kInterp;
  const ScenarioResult first = RunScenario(text, "fuzz.json", options);
  if (first.invalid && first.problems.empty()) __builtin_trap();
  if (first.passed != first.problems.empty()) __builtin_trap();
  const ScenarioResult second = RunScenario(text, "fuzz.json", options);
  if (second.passed != first.passed || second.problems != first.problems) __builtin_trap();
  return 0;
}
