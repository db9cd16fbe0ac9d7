// Each optimizer pass, by what it makes of small rules.

#include <gtest/gtest.h>

#include "compiler/checked/print.h"
#include "compiler/opt/pass.h"
#include "compiler/sema/check.h"

namespace alert::opt {
namespace {

// The `when` of `when_text` after `pass` (or the whole pipeline), printed.
std::string After(const std::string& when_text, const Pass* pass = nullptr) {
  const diag::Source source("t.alert", "rule r { when " + when_text + " }");
  auto result = sema::CheckSource(source);
  EXPECT_FALSE(result.rules.empty()) << when_text;
  if (result.rules.empty()) return "";
  checked::Rule rule = std::move(result.rules[0]);
  if (pass) {
    pass->Run(rule);
  } else {
    rule = Optimize(std::move(rule));
  }
  return checked::PrintExpr(rule, *rule.when);
}

TEST(FoldConstants, EvaluatesClosedSubexpressions) {
  const auto pass = MakeFoldConstants();
  EXPECT_EQ(After("$.a > 2 * 3 + 1", pass.get()), "(p0:$.a > 7)");
  EXPECT_EQ(After("$.a == lower(\"ABC\")", pass.get()), "(p0:$.a == \"abc\")");
  EXPECT_EQ(After("$.a == 1 / 0", pass.get()), "(p0:$.a == (1 / 0))");  // nothing has no literal: kept
  EXPECT_EQ(After("$.a == 9223372036854775807 + 1", pass.get()), "(p0:$.a == 9.223372036854776e+18)");  // leaves 64 bits: a double
  EXPECT_EQ(After("$.a == 1 && \"abc\" =~ \"b\"", pass.get()), "((p0:$.a == 1) && true)");
  EXPECT_EQ(After("$.a == 1 && 2 < 1", pass.get()), "((p0:$.a == 1) && false)");
}

TEST(SimplifyBooleans, NegationsBecomeNegatedForms) {
  const auto pass = MakeSimplifyBooleans();
  EXPECT_EQ(After("!!exists $.a", pass.get()), "exists p0:$.a");
  EXPECT_EQ(After("!($.a == 1)", pass.get()), "(p0:$.a != 1)");
  EXPECT_EQ(After("not $.a in [1]", pass.get()), "(p0:$.a not in [1])");
  EXPECT_EQ(After("!($.a is empty)", pass.get()), "(p0:$.a is not empty)");
  EXPECT_EQ(After("!($.a < 1)", pass.get()), "!(p0:$.a < 1)");  // not the same as >=
}

TEST(RemoveDeadBranches, ConstantsDecideOrDropOut) {
  EXPECT_EQ(After("$.a == 1 && (2 > 1)"), "(p0:$.a == 1)");
  EXPECT_EQ(After("$.a == 1 && (2 < 1)"), "false");
  EXPECT_EQ(After("$.a == 1 || !(2 < 1)"), "true");
  EXPECT_EQ(After("$.a == 1 || $.a == 1"), "(p0:$.a == 1)");
  // Chains are n-ary: nested ones of the same operator are spliced in, and a
  // repeat anywhere in the chain is dropped.
  EXPECT_EQ(After("$.a == 1 && ($.b == 2 && ($.c == 3 && $.a == 1)) && true"),
            "((p0:$.a == 1) && (p1:$.b == 2) && (p2:$.c == 3))");
  EXPECT_EQ(After("($.a == 1 || $.b == 2) && ($.a == 1 || $.b == 2)"), "((p0:$.a == 1) || (p1:$.b == 2))");
  EXPECT_EQ(After("true && (2 > 1)"), "true");
}

TEST(OrderByCost, CheapTestsFirst) {
  EXPECT_EQ(After("$.m =~ \"x+\" && $..deep == 1 && $.app == \"Dropbox\""),
            "((p2:$.app == \"Dropbox\") && (p0:$.m =~ r0:\"x+\") && (p1:$..deep == 1))");
}

TEST(PrunePaths, SlotsThatNothingReadsAreDropped) {
  const diag::Source source("t.alert", "rule r { when $.gone == 1 && false || $.kept == 2 && $.s =~ \"a\" || \"x\" =~ \"y\" }");
  auto result = sema::CheckSource(source);
  ASSERT_EQ(result.rules.size(), 1u);
  EXPECT_EQ(result.rules[0].paths.size(), 3u);
  EXPECT_EQ(result.rules[0].regexes.size(), 2u);
  const checked::Rule rule = Optimize(std::move(result.rules[0]));
  ASSERT_EQ(rule.paths.size(), 2u);
  EXPECT_EQ(rule.paths[0].text, "$.kept");
  ASSERT_EQ(rule.regexes.size(), 1u);
  EXPECT_EQ(checked::PrintExpr(rule, *rule.when), "((p0:$.kept == 2) && (p1:$.s =~ r0:\"a\"))");
}

}  // namespace
}  // namespace alert::opt
