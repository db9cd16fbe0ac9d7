// Every engine scenario — ../shared/spec/scenarios and the project's own in
// tests/engine/scenarios, listed at run time — produces exactly its expected
// notifications, decided by the same events, with both engines.

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "engine/scenario/scenario.h"
#include "tests/testing/shared_dir.h"

namespace alert::engine {
namespace {

std::vector<std::filesystem::path> Scenarios() {
  auto files = testing::FilesIn(testing::SharedDir() / "spec" / "scenarios", ".json");
  const auto own = testing::FilesIn(std::filesystem::path(ALERT_SOURCE_DIR) / "tests" / "engine" / "scenarios", ".json");
  files.insert(files.end(), own.begin(), own.end());
  return files;
}

std::string Report(const ScenarioResult& r) {
  std::string text;
  for (const auto& p : r.problems) text += "  " + p + "\n";
  return text;
}

// One test over every file, listed when it runs: a scenario file added is
// run without a rebuild. Failures name the file and the engine.
TEST(Scenarios, EachProducesExactlyTheExpectedAlertsWithBothEngines) {
  const auto files = Scenarios();
  ASSERT_FALSE(files.empty());
  for (const auto& path : files) {
    const std::string json = testing::ReadFile(path);
    for (const auto engine : {MatcherOptions::Engine::kJit, MatcherOptions::Engine::kInterp}) {
      const ScenarioResult r = RunScenario(json, path.string(), ScenarioOptions{engine});
      EXPECT_TRUE(r.passed) << path.filename().string() << " ("
                            << (engine == MatcherOptions::Engine::kJit ? "jit" : "interp") << "):\n"
                            << Report(r);
    }
  }
}

TEST(Scenarios, AtLeastThirtyAndTheSharedOnesAreRead) {
  EXPECT_GE(testing::FilesIn(testing::SharedDir() / "spec" / "scenarios", ".json").size(), 17u);
  EXPECT_GE(Scenarios().size(), 30u);
}

// The comparison itself: a scenario whose expectations are wrong fails, and
// says how.
TEST(Scenarios, AWrongExpectationFailsWithAReadableDifference) {
  const std::string json = R"({
    "rules": "rule r {\n when $.x == 1\n group by $.k\n window tumbling 1m\n fire when count() >= 2\n}",
    "config": {"time_path": "$.ts", "tenant_path": "$.customerId"},
    "events": [{"ts": 0, "k": "a", "x": 1}, {"ts": 1000, "k": "a", "x": 1}, {"ts": 130000, "k": "a", "x": 0}],
    "expected": [
      {"after_event": 0, "rule": "r", "key": ["a"], "state": "firing", "window": [0, 60000]},
      {"after_event": 2, "rule": "r", "key": ["b"], "state": "resolved", "window": [60000, 120000]}
    ]})";
  const ScenarioResult r = RunScenario(json, "wrong.json");
  EXPECT_FALSE(r.passed);
  const std::string report = Report(r);
  EXPECT_NE(report.find("changed: r [\"a\"] firing: expected window [0, 60000) after event 0"), std::string::npos)
      << report;
  EXPECT_NE(report.find("got window [0, 60000) after event 1 {\"ts\":1000"), std::string::npos) << report;
  EXPECT_NE(report.find("missing: r [\"b\"] resolved"), std::string::npos) << report;
  EXPECT_NE(report.find("unexpected: r [\"a\"] resolved, window [60000, 120000), after event 2"), std::string::npos)
      << report;
}

TEST(Scenarios, AFileThatIsNotAScenarioSaysSo) {
  EXPECT_FALSE(RunScenario("{", "x.json").passed);
  EXPECT_FALSE(RunScenario(R"({"rules": "rule r { when }", "events": [], "expected": []})", "x.json").passed);
  const ScenarioResult r = RunScenario(R"({"rules": "rule r { when $.a == 1 }", "events": [], "expected": [],
                                          "config": {"colour": "blue"}})",
                                       "x.json");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_NE(r.problems[0].find("unknown setting 'colour'"), std::string::npos);
}

}  // namespace
}  // namespace alert::engine
