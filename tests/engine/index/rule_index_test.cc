// The rule index: which rules it files where, and that it never leaves out a
// rule that matches (a differential test against evaluating every rule).

#include "engine/index/rule_index.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>

#include "compiler/interp/interpreter.h"
#include "compiler/parse/parse.h"
#include "compiler/sema/check.h"
#include "tests/testing/rules.h"
#include "runtime/jsonpath/evaluate.h"
#include "tests/testing/random_cases.h"

namespace alert::engine {
namespace {

std::vector<checked::Rule> Rules(const std::string& text) { return testing::CheckedRules(text); }

// Candidates for an event given as JSON.
std::vector<RuleId> CandidatesOf(const RuleIndex& index, const std::string& tenant, const std::string& event) {
  simdjson::dom::parser parser;
  const simdjson::dom::element doc = parser.parse(event).value();
  // Key paths are normalized singular paths: evaluate them as queries.
  std::vector<Value> values;
  for (const std::string& path : index.key_paths()) {
    const diag::Source source("p", path);
    auto parsed = parse::ParseQuery(source);
    auto query = sema::CheckQuery(*parsed.path, source).query;
    values.push_back(jsonpath::QueryValue(*query, doc, doc));
  }
  std::vector<RuleId> out;
  index.Candidates(tenant, [&](uint32_t key_path) -> const Value& { return values[key_path]; }, &out);
  std::sort(out.begin(), out.end());
  return out;
}

TEST(RuleIndex, FilesRulesUnderScopeAndEqualityKeys) {
  const auto rules = Rules(R"(
    rule a { when $.application == "Dropbox" && $.eventType == "Login" }
    rule b { when $.application == "Slack" }
    rule c { when $.eventType in ["Login", "Logout"] && $.n > 1 }
    rule d { when $.n > 1 }
    rule e { scope tenant "acme" when $.application == "Dropbox" }
    rule f { when 10 == $.size })");
  RuleIndex index;
  for (RuleId i = 0; i < rules.size(); ++i) index.Add(i, rules[i]);
  EXPECT_EQ(index.size(), 6u);
  EXPECT_EQ(CandidatesOf(index, "other", R"({"application": "Dropbox", "eventType": "Login"})"),
            (std::vector<RuleId>{0, 2, 3}));
  EXPECT_EQ(CandidatesOf(index, "acme", R"({"application": "Dropbox", "eventType": "Logout"})"),
            (std::vector<RuleId>{0, 2, 3, 4}));
  EXPECT_EQ(CandidatesOf(index, "acme", R"({"application": "Slack", "size": 10.0})"), (std::vector<RuleId>{1, 3, 5}));
  EXPECT_EQ(CandidatesOf(index, "x", "{}"), (std::vector<RuleId>{3}));  // only the residual rule
  index.Remove(0);
  index.Remove(3);
  index.Remove(42);  // unknown: nothing happens
  EXPECT_EQ(CandidatesOf(index, "other", R"({"application": "Dropbox", "eventType": "Login"})"),
            (std::vector<RuleId>{2}));
  EXPECT_EQ(index.size(), 4u);
}

TEST(RuleIndex, NumbersEqualByValueShareAKey) {
  const auto rules = Rules(R"(
    rule a { when $.n == 10 }
    rule b { when $.n == 18446744073709551615 }
    rule c { when $.n == 9223372036854775808 }
    rule d { when $.n == 0.5 }
    rule e { when $.n == 10000000000000000 })");
  RuleIndex index;
  for (RuleId i = 0; i < rules.size(); ++i) index.Add(i, rules[i]);
  EXPECT_EQ(CandidatesOf(index, "", R"({"n": 10.0})"), (std::vector<RuleId>{0}));
  EXPECT_EQ(CandidatesOf(index, "", R"({"n": 18446744073709551615})"), (std::vector<RuleId>{1}));
  EXPECT_EQ(CandidatesOf(index, "", R"({"n": 18446744073709551614})"), (std::vector<RuleId>{}));
  EXPECT_EQ(CandidatesOf(index, "", R"({"n": 9.223372036854775808e18})"), (std::vector<RuleId>{2}));
  EXPECT_EQ(CandidatesOf(index, "", R"({"n": 5e-1})"), (std::vector<RuleId>{3}));
  EXPECT_EQ(CandidatesOf(index, "", R"({"n": 1e16})"), (std::vector<RuleId>{4}));
}

TEST(RuleIndex, NeverLeavesOutAMatchingRule) {
  testing::RandomCases gen(777);
  std::vector<std::string> texts;
  for (int i = 0; i < 600; ++i) {
    // Random conditions, many of them behind an equality on a key path.
    const std::string when = (i % 3 == 0) ? gen.Condition(3)
                                          : "$.s == \"a\" && " + gen.Condition(3) + " || $.a == 1 && $.b == 2";
    texts.push_back(when);
  }
  std::vector<checked::Rule> rules;
  for (const auto& when : texts) {
    const diag::Source source("r.alert", "rule r { when " + when + " }");
    auto checked = sema::CheckSource(source);  // random rules may not check: skip those
    if (!checked.rules.empty()) rules.push_back(std::move(checked.rules[0]));
  }
  ASSERT_GT(rules.size(), 300u);
  RuleIndex index;
  for (RuleId i = 0; i < rules.size(); ++i) index.Add(i, rules[i]);
  size_t matches = 0, candidates = 0;
  for (int e = 0; e < 200; ++e) {
    const std::string event = gen.Event();
    const std::vector<RuleId> picked = CandidatesOf(index, "", event);
    candidates += picked.size();
    simdjson::dom::parser parser;
    const simdjson::dom::element doc = parser.parse(event).value();
    for (RuleId i = 0; i < rules.size(); ++i) {
      if (!interp::Interpreter(rules[i]).Matches(doc)) continue;
      ++matches;
      EXPECT_TRUE(std::binary_search(picked.begin(), picked.end(), i)) << "rule " << i << " matches " << event;
    }
  }
  EXPECT_GT(matches, 100u);
  EXPECT_LT(candidates, rules.size() * 200);  // the index does skip rules
}

}  // namespace
}  // namespace alert::engine
