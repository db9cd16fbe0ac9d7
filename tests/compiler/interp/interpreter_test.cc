// The reference interpreter, operator by operator (LANGUAGE.md, "Meaning").

#include "compiler/interp/interpreter.h"

#include <gtest/gtest.h>

#include "compiler/sema/check.h"
#include "tests/testing/shared_dir.h"

namespace alert::interp {
namespace {

// Whether `when` holds for the JSON `event`. The rule must check cleanly.
bool When(const std::string& when, const std::string& event) {
  const diag::Source source("t.alert", "rule r { when " + when + " }");
  const sema::CheckResult checked = sema::CheckSource(source);
  EXPECT_FALSE(checked.diagnostics.HasErrors()) << when;
  if (checked.rules.empty()) return false;
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(event).value();
  return Interpreter(checked.rules[0]).Matches(doc);
}

TEST(Interpreter, MissingValuesAndEquality) {
  EXPECT_TRUE(When("$.a != \"x\"", "{}"));            // a missing member is != "x"
  EXPECT_TRUE(When("$.a == $.b", "{}"));              // nothing == nothing
  EXPECT_FALSE(When("$.a == null", "{}"));            // nothing is not null
  EXPECT_TRUE(When("$.a == null", R"({"a": null})"));
  EXPECT_FALSE(When("$.a == 1", R"({"a": true})"));   // true is not 1
  EXPECT_FALSE(When("$.a == 5", R"({"a": "5"})"));    // "5" is not 5
  EXPECT_TRUE(When("$.a == 1", R"({"a": 1.0})"));
  EXPECT_TRUE(When("$.a == $.b", R"({"a": [1, {"x": "y"}], "b": [1, {"x": "y"}]})"));
  EXPECT_FALSE(When("$.a == $.b", R"({"a": {"x": 1}, "b": {"x": 1, "y": 2}})"));
}

TEST(Interpreter, OrderingOnlyBetweenNumbersOrStrings) {
  EXPECT_TRUE(When("$.a < $.b", R"({"a": "abc", "b": "abd"})"));
  EXPECT_TRUE(When("$.a < $.b", R"({"a": "z", "b": "é"})"));   // by code point
  EXPECT_FALSE(When("$.a < $.b", R"({"a": 1, "b": "2"})"));
  EXPECT_FALSE(When("$.a < $.b", R"({"a": false, "b": true})"));
  EXPECT_TRUE(When("$.a <= $.b", R"({"a": true, "b": true})"));   // <= holds where == does
  EXPECT_TRUE(When("$.a <= $.b", R"({"a": null, "b": null})"));  // <= holds where == does
  EXPECT_FALSE(When("$.a > 3", "{}"));
  EXPECT_FALSE(When("not ($.a > 3)", R"({"a": 4})"));
}

TEST(Interpreter, IntegersBeyond2To53CompareExactly) {
  EXPECT_TRUE(When("$.id == 9007199254740993", R"({"id": 9007199254740993})"));
  EXPECT_FALSE(When("$.id == 9007199254740992", R"({"id": 9007199254740993})"));
  EXPECT_TRUE(When("$.id > 9007199254740992", R"({"id": 9007199254740993})"));
  EXPECT_TRUE(When("$.id == 18446744073709551615", R"({"id": 18446744073709551615})"));
  EXPECT_FALSE(When("$.id == 18446744073709551614", R"({"id": 18446744073709551615})"));
  EXPECT_TRUE(When("$.id == -9223372036854775808", R"({"id": -9223372036854775808})"));
}

TEST(Interpreter, TweetIdsInRealDataCompareExactly) {
  const std::string twitter = testing::ReadFile(testing::SharedDir() / "data" / "real" / "twitter.json");
  // 505874924095815681 is a tweet id; its neighbours are not, and all three
  // round to the same double.
  EXPECT_TRUE(When("$.statuses[*].id == 505874924095815681", twitter));
  EXPECT_FALSE(When("$.statuses[*].id == 505874924095815680", twitter));
  EXPECT_FALSE(When("$.statuses[*].id == 505874924095815682", twitter));
  EXPECT_TRUE(When("count($.statuses[?@.id == 505874924095815681]) == 1", twitter));
  EXPECT_TRUE(When("$.statuses[0].id_str == \"505874924095815681\"", twitter));
}

TEST(Interpreter, NonSingularPathsAreExistential) {
  const std::string store = R"({"book": [{"price": 8, "tags": []}, {"price": 12, "tags": ["a"]}]})";
  EXPECT_TRUE(When("$.book[*].price > 10", store));
  EXPECT_FALSE(When("$.book[*].price > 20", store));
  EXPECT_FALSE(When("$.none[*] == 1", store));             // no node: false
  EXPECT_TRUE(When("$.none[*] != 1", store));              // the exact negation
  EXPECT_FALSE(When("$.book[*].price != 8", store));       // not (some price == 8)
  EXPECT_TRUE(When("$.book[*].tags is empty", R"({"book": [{"tags": []}, {"tags": ""}]})"));
  EXPECT_FALSE(When("$.book[*].tags is empty", store));     // one is non-empty
  EXPECT_TRUE(When("$.none[*] is empty", store));           // no selected value is non-empty
  EXPECT_TRUE(When("$..price is not null", store));
  EXPECT_TRUE(When("every($.none[*], @ > 1) && not any($.none[*], @ > 1)", store));
  EXPECT_TRUE(When("every($.book[*], @.price > 5) && any($.book[*], @.tags contains \"a\")", store));
  EXPECT_FALSE(When("every($.book[*], @.price > 10)", store));
}

TEST(Interpreter, TestsOnStringsAndArrays) {
  EXPECT_TRUE(When("$.s =~ \"b.d\"", R"({"s": "abcde"})"));        // searches anywhere
  EXPECT_FALSE(When("$.s =~ \"^b\"", R"({"s": "abc"})"));
  EXPECT_TRUE(When("$.s !~ \"x\"", R"({"s": 5})"));                 // !~ is not =~
  EXPECT_TRUE(When("$.s in [\"a\", 1, null]", R"({"s": null})"));
  EXPECT_TRUE(When("$.s in $.list", R"({"s": 2, "list": [1, 2]})"));
  EXPECT_FALSE(When("$.s in $.list", R"({"s": 2, "list": "2"})"));
  EXPECT_TRUE(When("$.s not in [1]", "{}"));
  EXPECT_TRUE(When("$.s contains \"bc\" && $.t contains 2", R"({"s": "abcd", "t": [1, 2]})"));
  EXPECT_FALSE(When("$.s contains 1", R"({"s": "a1"})"));
  EXPECT_TRUE(When("$.s starts with \"ab\" && $.s ends with \"é\"", R"({"s": "abcé"})"));
  EXPECT_FALSE(When("$.s starts with \"1\"", R"({"s": 12})"));
  EXPECT_TRUE(When("$.a is empty && $.b is empty && $.c is empty && $.d is empty && $.e is empty",
                   R"({"b": null, "c": "", "d": [], "e": {}})"));
  EXPECT_FALSE(When("$.a is empty", R"({"a": 0})"));
  EXPECT_TRUE(When("exists $.a && not exists $.b", R"({"a": null})"));
}

TEST(Interpreter, ArithmeticNeverFails) {
  EXPECT_TRUE(When("$.a + 1 == 3", R"({"a": 2})"));
  EXPECT_TRUE(When("$.a / 2 == 3.5", R"({"a": 7})"));
  EXPECT_TRUE(When("-7 % 3 == -1 && 7 % -3 == 1", "{}"));           // the sign of the dividend
  EXPECT_TRUE(When("5.5 % 2 == 1.5", "{}"));
  EXPECT_TRUE(When("$.a / 0 == $.missing", R"({"a": 1})"));         // nothing == nothing
  EXPECT_TRUE(When("$.a % 0 == $.missing", R"({"a": 1})"));
  EXPECT_TRUE(When("$.a * 10 == $.missing", R"({"a": 1e308})"));   // not finite: nothing
  EXPECT_TRUE(When("$.a + 1 == $.missing", R"({"a": "1"})"));       // a string: nothing
  EXPECT_TRUE(When("$.a + 1 == 9223372036854775808", R"({"a": 9223372036854775807})"));
  EXPECT_TRUE(When("-$.a == 5 && abs($.a) == 5", R"({"a": -5})"));
  EXPECT_TRUE(When("min($.a, $.b) == 1 && max($.a, $.b) == 2", R"({"a": 2, "b": 1})"));
  EXPECT_TRUE(When("min($.a, $.b) == $.missing", R"({"a": 2})"));
}

TEST(Interpreter, Functions) {
  EXPECT_TRUE(When("lower($.s) == \"abc é\" && upper($.s) == \"ABC é\"", R"({"s": "aBc é"})"));
  EXPECT_TRUE(When("length($.s) == 3 && length($.a) == 2 && length($.o) == 1", R"({"s": "héé", "a": [1, 2], "o": {"x": 1}})"));
  EXPECT_TRUE(When("length($.n) == $.missing", R"({"n": 5})"));
  EXPECT_TRUE(When("count($..x) == 3", R"({"x": 1, "a": {"x": 2, "b": [{"x": 3}]}})"));
  EXPECT_TRUE(When("value($.a[?@ > 1]) == 2", R"({"a": [1, 2]})"));
  EXPECT_TRUE(When("value($.a[*]) == $.missing", R"({"a": [1, 2]})"));  // several nodes: nothing
  EXPECT_TRUE(When("match($.s, \"a.c\") && not match($.s, \"a\") && search($.s, \"b\")", R"({"s": "abc"})"));
  EXPECT_TRUE(When("match($.s, $.p)", R"({"s": "abc", "p": "a.*"})"));
  EXPECT_FALSE(When("match($.s, $.p)", R"({"s": "abc", "p": "(("})"));  // invalid pattern from data: false
  EXPECT_TRUE(When("$.a.length() == 3 && $.a.sum() == 6 && $.a.avg() == 2 && $.a.max() == 3", R"({"a": [1, 2, 3]})"));
  EXPECT_TRUE(When("$.a[*].b.min() == 1", R"({"a": [{"b": 4}, {"b": "x"}, {"b": 1}]})"));
  EXPECT_TRUE(When("$.a.stddev() == 1", R"({"a": [1, 3]})"));
  EXPECT_TRUE(When("$.a.sum() == $.missing", R"({"a": ["x"]})"));
}

TEST(Interpreter, BaselinesReadAsNothingWithoutHistory) {
  EXPECT_FALSE(When("$.v > mean($.v, 1h)", R"({"v": 1e9})"));
  EXPECT_FALSE(When("zscore($.v, 1d) > -1e300", R"({"v": 1})"));
  EXPECT_TRUE(When("mean($.v, 1h) == $.missing", R"({"v": 1})"));
}

TEST(Interpreter, NonAsciiMembersAndStrings) {
  EXPECT_TRUE(When("$.名前 == \"前田あゆみ\" && $['ключ'] == 'значение'", R"({"名前": "前田あゆみ", "ключ": "значение"})"));
  EXPECT_FALSE(When("$.名前 == \"前田\"", R"({"名前": "前田あゆみ"})"));
}

}  // namespace
}  // namespace alert::interp
