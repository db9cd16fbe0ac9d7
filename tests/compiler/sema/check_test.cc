// The checker: types, contexts, overloads, clause rules, templates, limits,
// and the shape of the checked rule.

#include "compiler/sema/check.h"

#include <gtest/gtest.h>

#include "compiler/checked/print.h"

namespace alert::sema {
namespace {

struct Checked {
  diag::Source source;
  CheckResult result;
};

std::unique_ptr<Checked> CheckText(const std::string& text, const Limits& limits = {}) {
  auto c = std::make_unique<Checked>(Checked{diag::Source("t.alert", text), {}});
  c->result = CheckSource(c->source, limits);
  return c;
}

// The first diagnostic of `severity`: "line:column: message", or "".
std::string First(const std::string& text, diag::Severity severity = diag::Severity::kError) {
  auto c = CheckText(text);
  for (const auto& d : c->result.diagnostics) {
    if (d.severity != severity) continue;
    const diag::Position pos = c->source.PositionOf(d.span.begin);
    return std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": " + d.message;
  }
  return "";
}

std::string Rule(const std::string& body) { return "rule r { " + body + " }"; }

const checked::Rule& Only(const Checked& c) {
  EXPECT_EQ(c.result.rules.size(), 1u);
  return c.result.rules[0];
}

TEST(CheckTypes, ErrorsAreAtTheLeftOperand) {
  EXPECT_EQ(First(Rule("when 1 + \"a\" > 2")), "1:15: cannot apply '+' to a string; '+' does not concatenate strings");
  EXPECT_EQ(First(Rule("when -\"a\" > 2")), "1:15: cannot negate a string");
  EXPECT_EQ(First(Rule("when true < 3")), "1:15: cannot compare boolean with number");
  EXPECT_EQ(First(Rule("when lower($.a) > 3")), "1:15: cannot compare string with number");
  EXPECT_EQ(First(Rule("when 5 =~ \"x\"")), "1:15: '=~' needs a string on its left, not a number");
  EXPECT_EQ(First(Rule("when $.a =~ $.b")), "1:22: '=~' takes a regular expression string literal");
  EXPECT_EQ(First(Rule("when $.a in 5")), "1:22: 'in' takes an array literal, such as [\"a\", \"b\"], or a singular path to an array");
  EXPECT_EQ(First(Rule("when ($.a == 1) == true")), "1:15: cannot compare a condition; combine conditions with '&&', '||' and '!'");
  EXPECT_EQ(First(Rule("when $.a + 1")), "1:15: expected a condition here, not a number");
  EXPECT_EQ(First(Rule("when lower(3) == \"a\"")), "1:21: lower() takes a string, not number");
}

TEST(CheckTypes, ConstantsOfDifferentTypesWarn) {
  EXPECT_EQ(First(Rule("when \"5\" == 5"), diag::Severity::kWarning), "1:15: comparing string with number: '==' is always false");
  EXPECT_EQ(First(Rule("when $.a == \"5\"")), "");
}

TEST(CheckPaths, NonSingularPathsAreExistentialOnlyWhereAllowed) {
  EXPECT_EQ(First(Rule("when $.a[*].b > 1 && $..c == \"x\" && $.d[*] is empty && count($.e[*]) > 2")), "");
  EXPECT_EQ(First(Rule("when $.a[*] + 1 > 2")),
            "1:15: this path can select several values and cannot be used in arithmetic; use count(), value(), every(), "
            "any() or a comparison");
  EXPECT_EQ(First(Rule("when every($.items[*], @.price > 10) && any($.tags[*], @ == \"x\")")), "");
  EXPECT_EQ(First(Rule("when @.a == 1")),
            "1:15: '@' is only valid inside a filter [?...] or in the predicate of every() or any(); the event is '$'");
}

TEST(CheckPaths, FiltersFollowRfc9535Typing) {
  EXPECT_EQ(First(Rule("when exists $.a[?@.b[*] == 1]")).substr(0, 40), "1:27: only a singular query (names and i");
  EXPECT_EQ(First(Rule("when exists $.a[?length(@.b)]")), "1:27: the result of length() must be compared, as in length(...) > 0");
  EXPECT_EQ(First(Rule("when exists $.a[?match(@.b, 'x') == true]")),
            "1:27: the result of match() is true or false and cannot be compared; use it on its own as a test");
  EXPECT_EQ(First(Rule("when exists $.a[?match(@.b, '[')]")).substr(0, 46), "1:38: invalid I-Regexp (RFC 9485) pattern: unc");
  EXPECT_EQ(First(Rule("when exists $.a[?lenght(@.b) > 1]")), "1:27: unknown filter function 'lenght'; did you mean 'length'?");
}

TEST(CheckContexts, AggregatesBelongInFireWhen) {
  EXPECT_EQ(First(Rule("when sum($.a) > 1")).substr(0, 48), "1:15: aggregate 'sum()' cannot be used in 'when'");
  EXPECT_EQ(First(Rule("when $.a == 1 window tumbling 1m fire when sum(count()) > 1")).substr(0, 61),
            "1:57: aggregate 'count()' cannot be used in another aggregate");
  EXPECT_EQ(First(Rule("when $.a == 1 fire when exists $.b")).substr(0, 38), "1:41: path outside an aggregate: 'fire");
  EXPECT_EQ(First(Rule("when $.a == 1 window tumbling 1m fire when percentile($.d, 95) > 1")),
            "1:69: percentile() takes a constant in [0, 1]; write 95%");
  EXPECT_EQ(First(Rule("when $.a == 1 window tumbling 1m fire when percentile($.d, 95%) > 1 && count_if($.s >= 500) > 1")), "");
}

TEST(CheckContexts, OverloadsResolveByArgumentCountAndClause) {
  auto c = CheckText(Rule(
      "when min($.a, $.b) > 1 && count($.x[*]) > 0 && $.v > stddev($.v, 1h) "
      "window tumbling 1m fire when min($.a) > 1 && stddev($.a) > 0 && count() > 0"));
  const checked::Rule& r = Only(*c);
  EXPECT_EQ(r.baselines.size(), 1u);
  ASSERT_EQ(r.aggregates.size(), 3u);
  EXPECT_EQ(r.aggregates[0].kind, checked::Aggregate::Kind::kMin);
  EXPECT_EQ(r.aggregates[1].kind, checked::Aggregate::Kind::kStddev);
  EXPECT_EQ(r.aggregates[2].kind, checked::Aggregate::Kind::kCount);
  EXPECT_EQ(First(Rule("when lower($.a, $.b) == 1")), "1:15: 'lower' takes 1 argument, not 2");
  EXPECT_EQ(First(Rule("when count($.a, $.b) == 1")), "1:15: 'count' takes 0 or 1 arguments, not 2");
  EXPECT_EQ(First(Rule("when mean($.a[*], 1h) > 1")).substr(0, 48), "1:20: the baseline mean() takes a singular path ");
  EXPECT_EQ(First(Rule("when mean($.a, 5) > 1")), "1:25: the baseline mean() takes a duration such as 1h or 1d second");
}

TEST(CheckClauses, CombinationsOfLanguageMd) {
  EXPECT_EQ(First(Rule("when $.a == 1 clear when count() == 0")),
            "1:24: 'clear when' needs 'fire when': it says when a firing alert resolves");
  EXPECT_EQ(First(Rule("when $.a == 1 fire when absent for 5m clear when count() == 0")).substr(0, 50),
            "1:48: 'clear when' cannot be used with 'fire when ");
  EXPECT_EQ(First(Rule("when $.a == 1 fire when count() > 1 across at least 2 distinct $.s")),
            "1:46: 'across at least' needs a tumbling, sliding or session window");
  EXPECT_EQ(First(Rule("when $.a == 1 window session gap 1m fire when rate() > 1")),
            "1:56: rate() needs a tumbling or sliding window: it is count() per second of window length");
  EXPECT_EQ(First(Rule("when $.a == 1 window sliding 1m every 5m fire when count() > 1")),
            "1:48: the slide (5m) must not exceed the window size (1m)");
  EXPECT_EQ(First(Rule("when $.a == 1 window sliding 1d every 1s fire when count() > 1")),
            "1:48: a 1d window sliding every 1s puts each event in 86400 windows; at most 1000 are allowed: slide by "
            "at least 86400ms");
  EXPECT_EQ(First(Rule("when $.a == 1 window sliding 1000s every 1s fire when count() > 1")), "");
  EXPECT_EQ(First(Rule("when $.a == 1 group by $.a[*] fire when count() > 1")).substr(0, 40),
            "1:33: 'group by' takes a singular path o");
  EXPECT_EQ(First(Rule("when $.a == 1 window tumbling 1m fire when count() > 1 for 0 windows")),
            "1:69: the number of windows must be a whole number from 1 to 1000");
  EXPECT_EQ(First(Rule("when $.a == 1 window tumbling 1m lateness 1m"), diag::Severity::kWarning),
            "1:24: 'window' has no effect without 'fire when': the rule alerts on every matching event");
}

TEST(CheckClauses, RuleIdsAreUniquePerScope) {
  EXPECT_EQ(First("rule a { when $.a == 1 scope tenant \"x\" }\nrule a { when $.a == 1 scope tenant \"y\" }\n"
                  "rule a { when $.a == 1 }"),
            "");
  EXPECT_EQ(First("rule a { when $.a == 1 scope tenant \"x\" }\nrule a { when $.b == 1 scope tenant \"x\" }"),
            "2:6: rule 'a' is defined twice in scope tenant 'x'");
}

TEST(CheckTemplates, PlaceholdersAreResolved) {
  auto c = CheckText(Rule("when $.a == 1 group by $.c, $.d window tumbling 1m fire when avg($.x) > 1 "
                          "message \"{{count}} {{value}} {{key}} {{key.1}} {{rule}} {{window.start}} {{ $.user.name }}\""));
  const checked::Rule& r = Only(*c);
  ASSERT_TRUE(r.message);
  using K = checked::Template::Part::Kind;
  std::vector<K> kinds;
  for (const auto& p : r.message->parts) {
    if (p.kind != K::kText) kinds.push_back(p.kind);
  }
  EXPECT_EQ(kinds, (std::vector<K>{K::kCount, K::kValue, K::kKey, K::kKeyN, K::kRule, K::kWindowStart, K::kPath}));
  EXPECT_EQ(r.paths[r.message->parts.back().index].text, "$.user.name");
  EXPECT_EQ(First(Rule("when $.a == 1 message \"{{cuont}}\"")), "1:33: unknown placeholder '{{cuont}}'; did you mean 'count'?");
  EXPECT_EQ(First(Rule("when $.a == 1 message \"{{key.1}}\"")), "1:33: '{{key.1}}': the key has 1 value (from 0)");
  EXPECT_EQ(First(Rule("when $.a == 1 message \"{{value}}\"")),
            "1:33: '{{value}}' shows the first aggregate or baseline of 'fire when', and this rule has none");
  EXPECT_EQ(First(Rule("when $.a == 1 message \"{{$.a[*]}}\"")), "1:33: placeholder '{{$.a[*]}}' needs a singular path");
}

TEST(CheckRegex, Re2AndIRegexpPatternsAreValidatedAtCompileTime) {
  EXPECT_EQ(First(Rule("when $.a =~ \"(x\"")), "1:22: invalid regular expression: missing ): (x");
  EXPECT_EQ(First(Rule("when match($.a, \"a{2,1}\")")).substr(0, 60), "1:26: invalid repetition {2,1} in the regular expression: RE");
  auto c = CheckText(Rule("when match($.a, \"a.c\") && $.b =~ \"^x\" && $.c =~ \"^x\""));
  const checked::Rule& r = Only(*c);
  ASSERT_EQ(r.regexes.size(), 2u);  // the two "^x" share one
  EXPECT_EQ(r.regexes[0].re2, "a[^\\n\\r]c");
  EXPECT_TRUE(r.regexes[0].full_match);
}

TEST(CheckedRule, PathsAreSharedAndClausesNormalized) {
  auto c = CheckText(R"(rule r {
    when $.a == 1 && $['a'] != 2 && $.b.c > 3
    group by $.b.c
    window sliding 10m every 1m
    fire when count() >= 1 across at least 33.5% of $.agent
    backfill 1d
  })");
  const checked::Rule& r = Only(*c);
  ASSERT_EQ(r.paths.size(), 3u);  // $.a, $.b.c, $.agent
  EXPECT_EQ(r.paths[0].text, "$.a");
  EXPECT_EQ(r.group_by, std::vector<uint32_t>{1});
  EXPECT_EQ(r.window.kind, checked::Window::Kind::kSliding);
  EXPECT_EQ(r.window.size_ms, 600000);
  EXPECT_EQ(r.window.slide_ms, 60000);
  ASSERT_TRUE(r.fire && r.fire->across);
  EXPECT_EQ(r.fire->across->percent_num, 335);
  EXPECT_EQ(r.fire->across->percent_den, 10);
  EXPECT_EQ(*r.backfill_ms, 86400000);
  EXPECT_EQ(checked::PrintExpr(r, *r.when),
            "((p0:$.a == 1) && (p0:$.a != 2) && (p1:$.b.c > 3))");
}

TEST(CheckedRule, FireWithoutWindowIsGlobalAndBarePathBecomesExists) {
  auto c = CheckText(Rule("when $.ok fire when count() > 1"));
  const checked::Rule& r = Only(*c);
  EXPECT_EQ(r.window.kind, checked::Window::Kind::kGlobal);
  EXPECT_EQ(r.when->op, checked::Op::kExists);
}

TEST(CheckLimits, PathsPerRule) {
  std::string when = "$.p0 == 0";
  for (int i = 1; i < 300; ++i) when += " || $.p" + std::to_string(i) + " == 0";
  EXPECT_EQ(First(Rule("when " + when)).substr(0, 52), "1:3745: rule 'r' reads more than 256 distinct paths");
}

TEST(CheckMessages, EchoesAreCutAndPrintableAndSuggestionsAreRight) {
  EXPECT_EQ(First(Rule("when exists $.x fire when percentile($.x, 101%) > 1")),
            "1:52: percentile() takes a percentage from 0% to 100%, not 101%");
  EXPECT_EQ(First(Rule("when exists $.x fire when percentile($.x, 95) > 1")),
            "1:52: percentile() takes a constant in [0, 1]; write 95%");
  EXPECT_EQ(First(Rule("when exists $.x window sliding 9223372036854775807ms every 1ms fire when count() > 1")),
            "1:69: a 9223372036854775807ms window sliding every 1ms puts each event in 9223372036854775807 windows; "
            "at most 1000 are allowed: slide by at least 9223372036854776ms");
  EXPECT_EQ(First(Rule("when match($.x, 'ab\\\\d')")).substr(0, 87),
            "1:26: invalid I-Regexp (RFC 9485) pattern: unknown escape '\\d' (I-Regexp escapes are \\n");
  EXPECT_NE(First(Rule("when match($.x, 'ab\\\\d')")).find("at offset 2"), std::string::npos);
  EXPECT_EQ(First(Rule("when $.x =~ \"(a{100}){100}\"")).substr(0, 64),
            "1:22: invalid repetition {100} in the regular expression: RE2 ta");
  EXPECT_EQ(First(Rule("when $.a == 1\v")), "1:23: unexpected character 'U+000B'");
  EXPECT_EQ(First(Rule("when $.a == 1\xc2\xa0")), "1:23: unexpected character 'U+00A0'");
  EXPECT_EQ(First(Rule("when $.a == " + std::string(60000, '1'))),
            "1:22: number '" + std::string(40, '1') + "... (60000 bytes)' is out of range");
}

}  // namespace
}  // namespace alert::sema
