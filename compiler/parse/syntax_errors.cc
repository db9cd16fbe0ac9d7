#include "compiler/parse/syntax_errors.h"

#include <fmt/format.h>

#include "compiler/diag/suggest.h"

namespace alert::parse {
namespace {

std::string Quoted(const antlr4::Token* token) {
  if (token->getType() == antlr4::Token::EOF) return "end of input";
  std::string text = token->getText();
  if (text.size() > 24) text = text.substr(0, 21) + "...";
  return "'" + text + "'";
}

bool InFilter(antlr4::ParserRuleContext* ctx) {
  for (; ctx != nullptr; ctx = dynamic_cast<antlr4::ParserRuleContext*>(ctx->parent)) {
    if (dynamic_cast<Parser::FilterSelectorContext*>(ctx) || dynamic_cast<Parser::FilterOrContext*>(ctx) ||
        dynamic_cast<Parser::FilterBasicContext*>(ctx) || dynamic_cast<Parser::FilterOperandContext*>(ctx)) {
      return true;
    }
  }
  return false;
}

// How an expected token reads in a message.
std::string ExpectedName(const antlr4::dfa::Vocabulary& vocabulary, size_t type) {
  switch (type) {
    case antlr4::Token::EOF: return "end of input";
    case Parser::NUMBER: return "a number";
    case Parser::DURATION: return "a duration";
    case Parser::PERCENT: return "a percentage";
    case Parser::STRING: return "a string";
    case Parser::NAME: return "a name";
    case Parser::DOT_NAME: return "'.name'";
    case Parser::DOTDOT_NAME: return "'..name'";
    default: return vocabulary.getLiteralName(type);
  }
}

std::string JoinExpected(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

std::optional<std::string> JaywayFilterAdvice(const antlr4::Token* t) {
  const std::string text = t->getText();
  switch (t->getType()) {
    case Parser::MATCH:
    case Parser::NOTMATCH:
      return fmt::format("'{}' is not RFC 9535 filter syntax; write match(@.x, 'regex') to match the whole string "
                         "or search(@.x, 'regex') to find it anywhere",
                         text);
    case Parser::IN:
      return "'in' is not RFC 9535 filter syntax; compare each value: @.x == 'a' || @.x == 'b'";
    case Parser::EMPTY:
      return "'empty' is not RFC 9535 filter syntax; write length(@.x) == 0 (or > 0 for non-empty)";
    case Parser::AND:
    case Parser::OR:
      return fmt::format("RFC 9535 filters write '{}', not '{}'", t->getType() == Parser::AND ? "&&" : "||", text);
    case Parser::NOT: return "RFC 9535 filters write '!', not 'not'";
    case Parser::NAME:
      if (text == "nin") return "'nin' is not RFC 9535 filter syntax; write !(@.x == 'a' || @.x == 'b')";
      if (text == "size") return "'size' is not RFC 9535 filter syntax; write length(@.x) == N";
      if (text == "anyof" || text == "noneof" || text == "subsetof") {
        return fmt::format("'{}' is not RFC 9535 filter syntax; test the elements with a nested filter, "
                           "as in count(@.tags[?@ == 'a' || @ == 'b']) > 0",
                           text);
      }
      return std::nullopt;
    default: return std::nullopt;
  }
}

bool IsComparison(size_t type) {
  return type == Parser::EQ || type == Parser::NE || type == Parser::LT || type == Parser::LE || type == Parser::GT ||
         type == Parser::GE || type == Parser::MATCH || type == Parser::NOTMATCH;
}

bool ExpectsClause(const antlr4::misc::IntervalSet& expected) {
  return expected.contains(static_cast<size_t>(Parser::WHEN)) && expected.contains(static_cast<size_t>(Parser::TITLE));
}

// What a clause word takes, when the input ends right after it.
const char* ArgumentOf(std::string_view word) {
  static constexpr std::pair<std::string_view, const char*> kTakes[] = {
      {"tumbling", "a duration such as 5m"}, {"sliding", "a duration such as 5m"},
      {"every", "a duration such as 1m"},    {"gap", "a duration such as 15m"},
      {"lateness", "a duration such as 30s"}, {"backfill", "a duration such as 1h"},
      {"tenant", "the tenant id as a string"}, {"scope", "'global' or 'tenant \"ID\"'"},
      {"severity", "info, minor, major or critical"}, {"by", "a path such as $.id"},
      {"time", "a path such as $.ts"},         {"window", "tumbling, sliding, session gap or global"},
      {"session", "'gap' and a duration"},     {"when", "a condition"},
      {"for", "a number of windows"},         {"absent", "'for' and a duration"},
  };
  for (const auto& [w, takes] : kTakes) {
    if (w == word) return takes;
  }
  return nullptr;
}

bool ExpectsOperand(const antlr4::misc::IntervalSet& expected) {
  return expected.contains(static_cast<size_t>(Parser::DOLLAR)) && expected.contains(static_cast<size_t>(Parser::NUMBER)) && expected.contains(static_cast<size_t>(Parser::STRING));
}

}  // namespace

void SyntaxErrorListener::syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t, size_t,
                                      const std::string&, std::exception_ptr e) {
  auto* parser = dynamic_cast<Parser*>(recognizer);
  if (parser == nullptr || offending == nullptr) return;
  antlr4::misc::IntervalSet expected;
  try {
    if (e) std::rethrow_exception(e);
    expected = parser->getExpectedTokens();
  } catch (antlr4::RecognitionException& re) {
    try {
      expected = re.getExpectedTokens();
    } catch (...) {
    }
  } catch (...) {
  }
  error_ = Describe(parser, offending, expected);
  throw StopParsing{};
}

diag::Diagnostic SyntaxErrorListener::Describe(Parser* parser, antlr4::Token* t,
                                               const antlr4::misc::IntervalSet& expected) const {
  diag::Diagnostic d;
  d.span = spans_.Of(t);
  const std::string text = t->getText();
  const size_t type = t->getType();

  if (type == Parser::NAME && (text == "AND" || text == "OR" || text == "NOT" || text == "And" || text == "Or" ||
                               text == "Not")) {
    std::string lower = text;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const char* symbol = lower == "and" ? "&&" : lower == "or" ? "||" : "!";
    d.message = fmt::format("'{}' is not an operator; keywords are lowercase: write '{}' or '{}'", text, lower, symbol);
    d.replacement = lower;
    return d;
  }
  if (InFilter(parser->getContext()) || InFilterSelector(t)) {
    if (auto advice = JaywayFilterAdvice(t)) {
      d.message = *advice;
      return d;
    }
  }
  if (auto suggestion = HyphenatedMember(t)) {
    d.message = fmt::format("'-' cannot appear in a dotted member name; write {}", *suggestion);
    return d;
  }
  if (type == Parser::ASSIGN) {
    d.message = "'=' is not an operator; write '==' to compare";
    d.replacement = "==";
    return d;
  }
  if (type == Parser::DOT) {
    d.message = "'.' must be followed directly by a member name or '*'; write ['name'] for other names";
    return d;
  }
  if (type == Parser::DOTDOT) {
    d.message = "'..' must be followed directly by a member name, '*' or '['";
    return d;
  }
  if (ExpectsClause(expected) && (type == Parser::NAME || type == Parser::BY)) {
    static const std::vector<std::string_view> kClauses = {
        "title", "description", "severity", "scope",   "when", "group",    "window", "fire",
        "clear", "message",     "dedupe",   "time",    "lateness", "backfill", "labels"};
    d.message = fmt::format("unknown clause '{}'{}", text, diag::DidYouMean(text, kClauses));
    if (d.message.find("did you mean") == std::string::npos) {
      d.message += "; a rule has title, description, severity, scope, when, group by, window, fire when, clear when, "
                   "message, dedupe by, time, lateness, backfill and labels";
    }
    return d;
  }
  if (IsComparison(type) && ChainedComparison(t)) {
    d.message = fmt::format("unexpected {}: comparisons do not chain; join them with '&&'", Quoted(t));
    return d;
  }
  d.message = "unexpected " + Quoted(t);
  // At the end of input right after a clause word, what is missing is its
  // argument.
  if (type == antlr4::Token::EOF && t->getTokenIndex() > 0) {
    const size_t at = t->getTokenIndex() - 1;
    const std::string previous = tokens_->get(at)->getText();
    const std::string before = at > 0 ? tokens_->get(at - 1)->getText() : "";
    const bool member = before == "." || before == "..";  // $.every is a member, not a clause word
    if (const char* takes = member ? nullptr : ArgumentOf(previous)) {
      d.message += fmt::format(" after '{}', which takes {}; a rule ends with '}}'", previous, takes);
      return d;
    }
  }
  // At the end of input, what is missing is usually a closing bracket.
  antlr4::misc::IntervalSet closers;
  for (size_t closer : {Parser::RBRACE, Parser::RBRACK, Parser::RPAREN}) {
    if (expected.contains(closer)) closers.add(static_cast<ssize_t>(closer));
  }
  if (type == antlr4::Token::EOF && !closers.isEmpty() && expected.size() > 5) {
    std::vector<std::string> names;
    for (size_t c : closers.toList()) names.push_back(ExpectedName(parser->getVocabulary(), c));
    d.message += "; expected " + JoinExpected(names);
  } else if (ExpectsOperand(expected)) {
    d.message += "; expected an expression";
  } else if (!expected.isEmpty() && expected.size() <= 5) {
    std::vector<std::string> names;
    for (size_t e : expected.toList()) {
      const std::string name = ExpectedName(parser->getVocabulary(), e);
      if (!name.empty()) names.push_back(name);
    }
    if (!names.empty()) d.message += "; expected " + JoinExpected(names);
  }
  return d;
}

// True when `offending` stands inside the brackets of a filter selector
// `[?...]`, found by walking back to the innermost unclosed bracket.
bool SyntaxErrorListener::InFilterSelector(antlr4::Token* offending) const {
  int depth = 0;
  for (size_t i = offending->getTokenIndex(); i > 0; --i) {
    const size_t type = tokens_->get(i - 1)->getType();
    if (type == Parser::RBRACK) ++depth;
    if (type == Parser::LBRACK || type == Parser::DOTDOT_BRACK) {
      if (depth == 0) return tokens_->get(i)->getType() == Parser::QUESTION;
      --depth;
    }
  }
  return false;
}

// True when `offending` (a comparison operator) follows another comparison
// in the same test: `a < b < c`.
bool SyntaxErrorListener::ChainedComparison(antlr4::Token* offending) const {
  int depth = 0;
  for (size_t i = offending->getTokenIndex(); i > 0; --i) {
    const size_t type = tokens_->get(i - 1)->getType();
    if (type == Parser::RPAREN || type == Parser::RBRACK) ++depth;
    if (type == Parser::LPAREN || type == Parser::LBRACK || type == Parser::DOTDOT_BRACK) {
      if (depth == 0) return false;
      --depth;
    }
    if (depth > 0) continue;
    if (IsComparison(type)) return true;
    if (type == Parser::ANDAND || type == Parser::OROR || type == Parser::AND || type == Parser::OR ||
        type == Parser::NOT || type == Parser::BANG || type == Parser::COMMA || type == Parser::QUESTION ||
        type == Parser::WHEN) {
      return false;
    }
  }
  return false;
}

// For `$.x-request-id`: the bracketed form `$['x-request-id']` when the
// offending token ends a run of adjacent tokens that starts with a dotted
// member and contains '-'.
std::optional<std::string> SyntaxErrorListener::HyphenatedMember(antlr4::Token* offending) const {
  auto token = [&](size_t i) { return tokens_->get(i); };
  size_t i = offending->getTokenIndex();
  if (i > 0 && !spans_.Adjacent(token(i - 1), token(i))) --i;  // `$.x-y == 1` fails at '=='
  bool hyphen = false;
  for (;; --i) {
    const size_t type = token(i)->getType();
    if (type == Parser::MINUS) hyphen = true;
    if (type == Parser::DOT_NAME || type == Parser::DOTDOT_NAME) break;
    if (i == 0 || !spans_.Adjacent(token(i - 1), token(i))) return std::nullopt;
  }
  if (!hyphen) return std::nullopt;
  const size_t member = i;
  // The path's root: walk back over adjacent tokens to '$' or '@'.
  size_t root = member;
  while (root > 0 && spans_.Adjacent(token(root - 1), token(root)) && token(root)->getType() != Parser::DOLLAR &&
         token(root)->getType() != Parser::AT_SIGN) {
    --root;
  }
  const std::string& src = source_.text();
  const uint32_t dots = token(member)->getType() == Parser::DOT_NAME ? 1 : 2;
  const uint32_t begin = spans_.Of(token(member)).begin;
  uint32_t end = begin + dots;
  while (end < src.size() && (std::isalnum(static_cast<unsigned char>(src[end])) || src[end] == '_' || src[end] == '-')) {
    ++end;
  }
  const uint32_t root_begin = spans_.Of(token(root)).begin;
  return fmt::format("{}{}['{}']", src.substr(root_begin, begin - root_begin), dots == 2 ? ".." : "",
                     src.substr(begin + dots, end - begin - dots));
}

}  // namespace alert::parse
