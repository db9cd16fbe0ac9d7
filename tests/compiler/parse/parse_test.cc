// The parser: rule text to ast::File, and its syntax diagnostics.

#include "compiler/parse/parse.h"

#include <gtest/gtest.h>

namespace alert::parse {
namespace {

struct Parsed {
  diag::Source source;
  ParseResult result;
};

std::unique_ptr<Parsed> ParseText(const std::string& text) {
  auto p = std::make_unique<Parsed>(Parsed{diag::Source("test.alert", text), {}});
  p->result = ParseFile(p->source);
  return p;
}

const ast::Rule& OnlyRule(const Parsed& p) {
  EXPECT_TRUE(p.result.file.has_value());
  EXPECT_EQ(p.result.file->rules.size(), 1u);
  return p.result.file->rules[0];
}

// The first error: "line:column: message".
std::string FirstError(const std::string& text) {
  auto p = ParseText(text);
  for (const auto& d : p->result.diagnostics) {
    if (d.severity != diag::Severity::kError) continue;
    const diag::Position pos = p->source.PositionOf(d.span.begin);
    return std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": " + d.message;
  }
  return "";
}

const ast::Expr& When(const ast::Rule& rule) { return *rule.when; }

TEST(ParseRule, EveryClause) {
  auto p = ParseText(R"(
    rule full {
      title "T" description "D" severity critical scope tenant "acme"
      when $.a == 1
      group by $.x, $.y
      window sliding 10m every 1m
      fire when count() > 2 for 3 windows across at least 50% of $.agent
      clear when count() == 0
      message "m" dedupe by $.id time $.ts lateness 30s backfill 7d
      labels { team: "sec", for: "x" }
    })");
  const ast::Rule& r = OnlyRule(*p);
  EXPECT_EQ(r.name, "full");
  EXPECT_EQ(r.title->value, "T");
  EXPECT_EQ(r.severity, ast::Severity::kCritical);
  EXPECT_FALSE(r.scope->global);
  EXPECT_EQ(r.scope->tenant, "acme");
  EXPECT_EQ(r.group_by.size(), 2u);
  ASSERT_TRUE(r.window);
  EXPECT_EQ(r.window->kind, ast::Window::Kind::kSliding);
  EXPECT_EQ(r.window->size->value.number, Number::Int(600000));
  EXPECT_EQ(r.window->every->value.number, Number::Int(60000));
  ASSERT_TRUE(r.fire && r.fire->for_spec && r.fire->across);
  EXPECT_EQ(r.fire->for_spec->windows.value.number, Number::Int(3));
  EXPECT_TRUE(r.fire->across->percent);
  EXPECT_EQ(r.fire->across->amount.value.text, "50%");
  EXPECT_TRUE(r.clear);
  EXPECT_EQ(r.lateness->value.number, Number::Int(30000));
  EXPECT_EQ(r.backfill->value.number, Number::Int(7 * 86400000LL));
  ASSERT_EQ(r.labels.size(), 2u);
  EXPECT_EQ(r.labels[1].name, "for");
}

TEST(ParseRule, WindowKindsAndAbsence) {
  auto p = ParseText("rule a { when exists $.x window session gap 15m fire when absent for 10m }");
  const ast::Rule& r = OnlyRule(*p);
  EXPECT_EQ(r.window->kind, ast::Window::Kind::kSession);
  EXPECT_EQ(r.window->gap->value.number, Number::Int(900000));
  ASSERT_TRUE(r.fire->absent_for);
  EXPECT_EQ(r.fire->absent_for->value.number, Number::Int(600000));
  EXPECT_EQ(r.fire->condition, nullptr);
}

TEST(ParseExpr, PrecedenceFollowsTheGrammar) {
  auto p = ParseText("rule a { when !$.a == 1 || not $.b == 2 and $.c == 1 + 2 * 3 }");
  const ast::Expr& e = When(OnlyRule(*p));
  const auto* orr = e.As<ast::LogicalExpr>();
  ASSERT_TRUE(orr);
  EXPECT_EQ(orr->op, ast::BinaryOp::kOr);
  ASSERT_EQ(orr->operands.size(), 2u);
  // !$.a == 1 is !($.a == 1)
  const auto* bang = orr->operands[0]->As<ast::UnaryExpr>();
  ASSERT_TRUE(bang);
  EXPECT_EQ(bang->op, ast::UnaryOp::kNot);
  EXPECT_EQ(bang->operand->As<ast::BinaryExpr>()->op, ast::BinaryOp::kEq);
  // not A and B is (not A) and B
  const auto* andd = orr->operands[1]->As<ast::LogicalExpr>();
  ASSERT_TRUE(andd);
  EXPECT_EQ(andd->op, ast::BinaryOp::kAnd);
  ASSERT_EQ(andd->operands.size(), 2u);
  EXPECT_TRUE(andd->operands[0]->As<ast::UnaryExpr>());
  // 1 + 2 * 3
  const auto* sum = andd->operands[1]->As<ast::BinaryExpr>()->rhs->As<ast::BinaryExpr>();
  ASSERT_TRUE(sum);
  EXPECT_EQ(sum->op, ast::BinaryOp::kAdd);
  EXPECT_EQ(sum->rhs->As<ast::BinaryExpr>()->op, ast::BinaryOp::kMul);
}

TEST(ParseExpr, TestForms) {
  auto p = ParseText(R"(rule a { when $.a not in [1, 2] && $.b not contains "x" && $.c not starts with "y"
                        && $.d ends with "z" && $.e is not null && $.f is empty && $.g !~ "r" })");
  ASSERT_TRUE(p->result.file) << FirstError(p->source.text());
  std::vector<ast::BinaryOp> ops;
  const auto* chain = When(p->result.file->rules[0]).As<ast::LogicalExpr>();
  ASSERT_TRUE(chain);
  EXPECT_EQ(chain->op, ast::BinaryOp::kAnd);
  for (const auto& operand : chain->operands) {
    if (const auto* t = operand->As<ast::BinaryExpr>()) ops.push_back(t->op);
  }
  EXPECT_EQ(ops, (std::vector<ast::BinaryOp>{ast::BinaryOp::kNotIn, ast::BinaryOp::kNotContains,
                                             ast::BinaryOp::kNotStartsWith, ast::BinaryOp::kEndsWith,
                                             ast::BinaryOp::kNotMatch}));
}

TEST(ParseLiteral, NumbersDurationsPercentsStrings) {
  auto p = ParseText(R"(rule a { when [10.00, 1e3, -2.5e2, 500ms, 1.5s, 80%, -9223372036854775808,
                                 18446744073709551615, "a\u00e9\n", 'it\'s', "\ud834\udd1e"] == $.x })");
  ASSERT_TRUE(p->result.file) << FirstError(p->source.text());
  const auto& array = When(p->result.file->rules[0]).As<ast::BinaryExpr>()->lhs->As<ast::ArrayExpr>()->elements;
  auto lit = [&](size_t i) { return array[i]->As<ast::LiteralExpr>()->value; };
  EXPECT_EQ(lit(0).number, Number::Int(10));
  EXPECT_EQ(lit(1).number, Number::Int(1000));
  EXPECT_EQ(lit(2).number, Number::Int(-250));
  EXPECT_EQ(lit(3).kind, ast::Literal::Kind::kDuration);
  EXPECT_EQ(lit(3).number, Number::Int(500));
  EXPECT_EQ(lit(4).number, Number::Int(1500));
  EXPECT_EQ(lit(5).kind, ast::Literal::Kind::kPercent);
  EXPECT_EQ(lit(5).number, Number::Double(0.8));
  EXPECT_EQ(lit(6).number.kind(), Number::Kind::kInt);
  EXPECT_EQ(lit(6).number.int_value(), INT64_MIN);
  EXPECT_EQ(lit(7).number.kind(), Number::Kind::kUint);
  EXPECT_EQ(lit(7).number.uint_value(), UINT64_MAX);
  EXPECT_EQ(lit(8).string, "a\xC3\xA9\n");
  EXPECT_EQ(lit(9).string, "it's");
  EXPECT_EQ(lit(10).string, "\xF0\x9D\x84\x9E");
}

TEST(ParsePath, SegmentsSelectorsAndKeywordsAsMembers) {
  auto p = ParseText("rule a { when exists $.in['b c'][0][-1][1:5:2][*]..count..*[?@.x > 1].length() }");
  ASSERT_TRUE(p->result.file) << FirstError(p->source.text());
  const ast::Path& path = When(p->result.file->rules[0]).As<ast::ExistsExpr>()->path;
  ASSERT_EQ(path.segments.size(), 9u);
  EXPECT_EQ(path.segments[0].selectors[0].name, "in");
  EXPECT_EQ(path.segments[1].selectors[0].name, "b c");
  EXPECT_EQ(path.segments[3].selectors[0].index, -1);
  const ast::Selector& slice = path.segments[4].selectors[0];
  EXPECT_EQ(slice.kind, ast::Selector::Kind::kSlice);
  EXPECT_EQ(*slice.start, 1);
  EXPECT_EQ(*slice.end, 5);
  EXPECT_EQ(*slice.step, 2);
  EXPECT_TRUE(path.segments[6].descendant);
  EXPECT_EQ(path.segments[6].selectors[0].name, "count");
  EXPECT_EQ(path.segments[8].selectors[0].kind, ast::Selector::Kind::kFilter);
  EXPECT_EQ(path.trailing, ast::TrailingFunction::kLength);
  EXPECT_TRUE(path.IsSingular());  // a trailing function makes it singular
}

TEST(ParsePath, LengthWithoutParenthesesIsAMember) {
  auto p = ParseText("rule a { when $.a.length == 1 && $.名前 == 2 }");
  ASSERT_TRUE(p->result.file);
  const auto* eq = When(p->result.file->rules[0]).As<ast::LogicalExpr>()->operands[0]->As<ast::BinaryExpr>();
  const ast::Path& path = eq->lhs->As<ast::PathExpr>()->path;
  EXPECT_EQ(path.trailing, ast::TrailingFunction::kNone);
  EXPECT_EQ(path.segments.back().selectors[0].name, "length");
}

TEST(ParseErrors, LexicalErrorsAtTheirFirstCharacter) {
  EXPECT_EQ(FirstError("rule a {\n  window tumbling 5min\n}"), "2:19: unknown duration unit 'min' in '5min'; units are ms, s, m, h and d");
  EXPECT_EQ(FirstError("rule a { when $.a == 01 }"), "1:22: number '01' has a leading zero");
  EXPECT_EQ(FirstError("rule a { when $.a == 'x }"), "1:22: unterminated string: a string must end on the line where it begins");
  EXPECT_EQ(FirstError("rule a { when $.a == 1 ; }"), "1:24: unexpected character ';'");
  EXPECT_EQ(FirstError("rule a { when $.a == \"\\q\" }"), "1:23: unknown escape; use \\b \\f \\n \\r \\t \\/ \\\\ \\uXXXX or an escaped quote");
}

TEST(ParseErrors, SyntaxErrorsSayWhatToWrite) {
  EXPECT_EQ(FirstError("rule a { when $.a == 1 AND $.b == 2 }"),
            "1:24: 'AND' is not an operator; keywords are lowercase: write 'and' or '&&'");
  EXPECT_EQ(FirstError("rule a { when $.x-request-id == 1 }"),
            "1:26: '-' cannot appear in a dotted member name; write $['x-request-id']");
  EXPECT_EQ(FirstError("rule a { when $.a < $.b < 3 }"), "1:25: unexpected '<': comparisons do not chain; join them with '&&'");
  EXPECT_EQ(FirstError("rule a { when $.a = 1 }"), "1:19: '=' is not an operator; write '==' to compare");
  EXPECT_EQ(FirstError("rule a {\n  severty major\n  when $.a == 1 }"), "2:3: unknown clause 'severty'; did you mean 'severity'?");
  EXPECT_EQ(FirstError("rule a { when $. a == 1 }"),
            "1:16: '.' must be followed directly by a member name or '*'; write ['name'] for other names");
  EXPECT_EQ(FirstError("rule a { when $.a == 1"), "1:23: unexpected end of input; expected '}'");
}

TEST(ParseErrors, JaywayFilterOperatorsGetTheRfcForm) {
  EXPECT_EQ(FirstError("rule a { when exists $.a[?(@.b nin ['x'])] }"),
            "1:32: 'nin' is not RFC 9535 filter syntax; write !(@.x == 'a' || @.x == 'b')");
  EXPECT_EQ(FirstError("rule a { when exists $.a[?(@.b =~ /x/i)] }"),
            "1:32: '=~' is not RFC 9535 filter syntax; write match(@.x, 'regex') to match the whole string or "
            "search(@.x, 'regex') to find it anywhere");
  EXPECT_EQ(FirstError("rule a { when exists $.a[?(@.b size 2)] }"),
            "1:32: 'size' is not RFC 9535 filter syntax; write length(@.x) == N");
  EXPECT_EQ(FirstError("rule a { when exists $.a[?(@.b empty true)] }"),
            "1:32: 'empty' is not RFC 9535 filter syntax; write length(@.x) == 0 (or > 0 for non-empty)");
  EXPECT_EQ(FirstError("rule a { when exists $.a[?(@.b anyof ['x'])] }").substr(0, 45),
            "1:32: 'anyof' is not RFC 9535 filter syntax; ");
  EXPECT_EQ(FirstError("rule a { when exists $.a[?@.b == 1 and @.c == 2] }"), "1:36: RFC 9535 filters write '&&', not 'and'");
}

TEST(ParseErrors, ClauseShapes) {
  EXPECT_EQ(FirstError("rule a { when $.a == 1 window sliding 10m fire when count() > 1 }"),
            "1:42: 'sliding' window needs 'every' here");
  EXPECT_EQ(FirstError("rule a { when $.a == 1 window session 5m fire when count() > 1 }"),
            "1:39: expected 'gap' in 'session' window, not '5m'");
  EXPECT_EQ(FirstError("rule a { when $.a == 1 window tumbling 5 fire when count() > 1 }"),
            "1:40: expected a duration such as 5m, not '5' (add a unit: ms, s, m, h, d)");
  EXPECT_EQ(FirstError("rule a { when $.a == 1 severity huge }"),
            "1:33: unknown severity 'huge'; use info, minor, major or critical");
  EXPECT_EQ(FirstError("rule a { when $.a == 1 scope tenant }"),
            "1:30: 'scope tenant' needs the tenant id as a string: scope tenant \"ID\"");
  EXPECT_EQ(FirstError("rule a { when $.a == 1 labels { a: \"x\", a: \"y\" } }"), "1:41: label 'a' is given twice");
  EXPECT_EQ(FirstError("rule a { when $.a == 1 lateness 5 }"), "1:33: 'lateness' takes a duration such as 30s or 5m, not '5'");
  EXPECT_EQ(FirstError("rule a { when $.a == 1 window tumbling 1m fire when count() > 1 across at least 80% distinct $.x }"),
            "1:81: write 'across at least 80% of PATH' for a percentage of sensors");
}

TEST(ParseErrors, RfcIntegerRulesInSelectors) {
  EXPECT_EQ(FirstError("rule a { when $.a[- 1] == 1 }"), "1:19: no space is allowed after '-' in an index");
  EXPECT_EQ(FirstError("rule a { when $.a[-0] == 1 }"), "1:19: an index cannot be -0");
  EXPECT_EQ(FirstError("rule a { when $.a[1.5] == 1 }"), "1:19: an index must be an integer, not '1.5'");
  EXPECT_EQ(FirstError("rule a { when $.a[9007199254740992] == 1 }"), "1:19: an index must be between -(2^53-1) and 2^53-1");
  EXPECT_EQ(FirstError("rule a { when $.a.length () == 1 }"), "1:26: '(' must follow '.length' directly; '.length' alone is a member");
  EXPECT_EQ(FirstError("rule a { when $.a.foo() == 1 }").substr(0, 40), "1:18: unknown path function 'foo()'; a p");
}

TEST(ParseLimits, DeepNestingIsADiagnosticNotACrash) {
  const std::string deep = "rule a { when " + std::string(100, '(') + "$.a == 1" + std::string(100, ')') + " }";
  EXPECT_EQ(FirstError(deep), "1:79: expression nested too deeply; the limit is 64 levels");
  const std::string bangs = "rule a { when " + std::string(50000, '!') + "$.a }";
  EXPECT_EQ(FirstError(bangs), "1:79: expression nested too deeply; the limit is 64 levels");
  const std::string brackets = "rule a { when $" + std::string(1000, '[') + " }";
  EXPECT_NE(FirstError(brackets).find("nested too deeply"), std::string::npos);
}

TEST(ParseLimits, SourceSizeAndEncoding) {
  const std::string big = "rule a { when $.a == \"" + std::string(70 * 1024, 'x') + "\" }";
  EXPECT_EQ(FirstError(big), "1:1: rule 'a' is 71705 bytes; the limit is 65536 bytes");
  const std::string huge = "# " + std::string(17 * 1024 * 1024, 'x');
  EXPECT_EQ(FirstError(huge), "1:1: rule file is 17825794 bytes; the limit is 16777216 bytes");
  EXPECT_EQ(FirstError("rule a { when $.a == \"\xff\" }"), "1:23: invalid UTF-8 in rule source");
  EXPECT_EQ(FirstError(std::string("rule a { when $.a == 1 }\0", 25)), "1:25: NUL character in rule source");
}

TEST(ParseQuery, StandaloneQueriesFollowRfc9535) {
  auto query = [](const std::string& text) {
    const diag::Source source("q", text);
    QueryResult r = ParseQuery(source);
    return r.path ? std::string("ok") : r.diagnostics.items().front().message;
  };
  EXPECT_EQ(query("$.store.book[?(@.price < 10)].title"), "ok");
  EXPECT_EQ(query("$..book.length()"), "ok");
  EXPECT_EQ(query(" $"), "whitespace before the query; a query starts with '$'");
  EXPECT_EQ(query("$ "), "whitespace after the end of the query");
  EXPECT_EQ(query("@.a"), "a query starts with '$', not '@'");
  EXPECT_EQ(query("$[?count (@.*) == 1]"), "no space is allowed between 'count' and '(' in a filter");
  EXPECT_EQ(query("$[?true]"), "a literal cannot be a filter test on its own; compare it with a query, as in @.a == true");
}

TEST(ParseExpr, LogicalChainsAreOneNodeHoweverLong) {
  std::string chain = "$.a == 0";
  for (int i = 1; i < 4000; ++i) chain += " || $.a == " + std::to_string(i);
  auto p = ParseText("rule a { when " + chain + " }");
  ASSERT_TRUE(p->result.file) << FirstError(p->source.text());
  const ast::Expr& e = When(OnlyRule(*p));
  const auto* orr = e.As<ast::LogicalExpr>();
  ASSERT_TRUE(orr);
  EXPECT_EQ(orr->operands.size(), 4000u);
  EXPECT_EQ(orr->op_spans.size(), 3999u);
  EXPECT_EQ(e.height, 3u);  // ||, ==, then its operands
}

TEST(ParseExpr, ArithmeticChainsAndNestingAreBoundedInHeight) {
  std::string sum = "1";
  for (int i = 0; i < 10000; ++i) sum += "+1";
  EXPECT_EQ(FirstError("rule a { when " + sum + " > 0 }"),
            "1:15: expression too deep: more than 256 operators one inside another; a chain of + - * / % counts "
            "each operator (split the rule, or use 'in [...]' for a list of values)");
  // Height adds up through parentheses: 40 levels of 8 operators each.
  std::string nested = "1";
  for (int i = 0; i < 40; ++i) nested = "(" + nested + "+1+1+1+1+1+1+1)";
  EXPECT_NE(FirstError("rule a { when " + nested + " > 0 }").find("expression too deep"), std::string::npos);
  // 255 operators fit; each rule of a file is bounded on its own.
  std::string fits = "1";
  for (int i = 0; i < 250; ++i) fits += "+1";
  auto p = ParseText("rule a { when " + sum + " > 0 }\nrule b { when " + fits + " > 0 }");
  size_t errors = 0;
  for (const auto& d : p->result.diagnostics) errors += d.severity == diag::Severity::kError;
  EXPECT_EQ(errors, 1u);
  EXPECT_TRUE(ParseText("rule b { when " + fits + " > 0 }")->result.file);
}

TEST(ParseErrors, AtTheEndOfInputAClauseWordSaysWhatItTakes) {
  EXPECT_EQ(FirstError("rule r { when exists $.x window sliding 5m every"),
            "1:49: unexpected end of input after 'every', which takes a duration such as 1m; a rule ends with '}'");
  EXPECT_EQ(FirstError("rule r { when exists $.x scope tenant"),
            "1:38: unexpected end of input after 'tenant', which takes the tenant id as a string; a rule ends with '}'");
  EXPECT_EQ(FirstError("rule r { when $.a == $.every"), "1:29: unexpected end of input; expected '}'");
}

}  // namespace
}  // namespace alert::parse
