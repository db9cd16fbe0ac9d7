// Every spec example rule against events written for it
// (tests/compiler/interp/example_events.json), with expected verdicts.

#include <gtest/gtest.h>
#include <simdjson.h>

#include <map>

#include "compiler/interp/interpreter.h"
#include "compiler/sema/check.h"
#include "tests/testing/shared_dir.h"

namespace alert::interp {
namespace {

TEST(ExampleRules, DecideTheirEventsAsExpected) {
  simdjson::dom::parser parser;
  simdjson::dom::element cases = parser.load(std::string(ALERT_SOURCE_DIR) + "/tests/compiler/interp/example_events.json");
  std::map<std::string, std::unique_ptr<diag::Source>> sources;
  std::map<std::string, sema::CheckResult> checked;
  std::set<std::string> covered;
  size_t verdicts = 0;
  for (simdjson::dom::element group : cases.get_array()) {
    const std::string file{std::string_view(group["file"])};
    const std::string rule_id{std::string_view(group["rule"])};
    if (!checked.count(file)) {
      const auto path = testing::SharedDir() / "spec" / "examples" / file;
      sources[file] = std::make_unique<diag::Source>(file, testing::ReadFile(path));
      checked[file] = sema::CheckSource(*sources[file]);
      ASSERT_FALSE(checked[file].diagnostics.HasErrors()) << file;
    }
    const checked::Rule* rule = nullptr;
    for (const auto& r : checked[file].rules) {
      if (r.id == rule_id) rule = &r;
    }
    ASSERT_NE(rule, nullptr) << rule_id;
    covered.insert(rule_id);
    Interpreter interpreter(*rule);
    bool saw_match = false, saw_miss = false;
    for (simdjson::dom::element c : group["cases"].get_array()) {
      const std::string name{std::string_view(c["name"])};
      const bool expected = bool(c["match"]);
      EXPECT_EQ(interpreter.Matches(c["event"].value()), expected) << rule_id << ": " << name;
      (expected ? saw_match : saw_miss) = true;
      ++verdicts;
    }
    EXPECT_TRUE(saw_miss) << rule_id << " needs a non-matching event";
    if (rule_id != "http_degraded_vs_baseline") {
      EXPECT_TRUE(saw_match) << rule_id << " needs a matching event";
    }
  }
  // Every rule of every example file has events.
  for (const auto& path : testing::FilesIn(testing::SharedDir() / "spec" / "examples", ".alert")) {
    const diag::Source source(path.filename().string(), testing::ReadFile(path));
    for (const auto& rule : sema::CheckSource(source).rules) {
      EXPECT_TRUE(covered.count(rule.id)) << "example rule '" << rule.id << "' (" << path.filename()
                                          << ") has no events in example_events.json";
    }
  }
  EXPECT_GE(verdicts, 60u);
}

}  // namespace
}  // namespace alert::interp
