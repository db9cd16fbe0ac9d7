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
    for (const auto engine : {RuleSetOptions::Engine::kJit, RuleSetOptions::Engine::kInterp}) {
      const ScenarioResult r = RunScenario(json, path.string(), ScenarioOptions{engine});
      EXPECT_TRUE(r.passed) << path.filename().string() << " ("
                            << (engine == RuleSetOptions::Engine::kJit ? "jit" : "interp") << "):\n"
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
  EXPECT_TRUE(r.invalid);
}

TEST(Scenarios, ExpectationsAreValidatedBeforeTheRun) {
  const std::string head = R"({"rules": "rule r { when $.a == 1 }", "events": [{"a": 1}], )";
  auto problem = [](const ScenarioResult& r) { return r.problems.empty() ? std::string() : r.problems[0]; };
  const struct {
    std::string json, problem;
  } cases[] = {
      {"", "not a valid scenario: invalid JSON"},
      {"[]", "not a valid scenario: a scenario is a JSON object"},
      {head + R"("expected": [{"after_event": 999, "rule": "r", "key": [null], "state": "firing"}]})",
       "not a valid scenario: after_event must be null or the index of one of the 1 events (0 to 0)"},
      {head + R"("expected": [{"after_event": 0, "rule": "r", "key": [null], "state": "exploded"}]})",
       "not a valid scenario: state must be \"firing\" or \"resolved\""},
      {head + R"("expected": [], "history": 5})", "not a valid scenario: \"history\" must be an array"},
      {head + R"("expected": [], "histroy": []})", "not a valid scenario: unknown field 'histroy'"},
      {head + R"("expected": [{"after_event": 0, "rule": "r", "key": [null], "state": "firing", "windw": [0, 1]}]})",
       "not a valid scenario: an expected alert has no field 'windw'"},
      {head + R"("expected": [{"after_event": 0, "rule": "r", "key": [null], "state": "firing", "window": [5, 1]}]})",
       "not a valid scenario: window must be [start, end] with start < end"},
  };
  for (const auto& c : cases) {
    const ScenarioResult r = RunScenario(c.json, "x.json");
    EXPECT_TRUE(r.invalid) << c.json;
    EXPECT_FALSE(r.passed);
    EXPECT_EQ(problem(r).substr(0, c.problem.size()), c.problem) << problem(r);
  }
  // A rule that does not check fails the scenario; the file itself is valid.
  const ScenarioResult rejected = RunScenario(R"({"rules": "rule r { when }", "events": [], "expected": []})", "x.json");
  EXPECT_FALSE(rejected.passed);
  EXPECT_FALSE(rejected.invalid);
}

}  // namespace
}  // namespace alert::engine
