#include "compiler/parse/parse.h"

#include <fmt/format.h>

#include "compiler/parse/antlr_includes.h"
#include "compiler/parse/ast_builder.h"
#include "compiler/parse/syntax_errors.h"
#include "compiler/parse/token_spans.h"
#include "runtime/text/utf8.h"

namespace alert::parse {
namespace {

// Size and encoding, before ANTLR sees the text. False when parsing must not
// start.
// `what` names the text in messages: "rule source" or "the query".
bool CheckInput(const diag::Source& source, const Limits& limits, const char* what, diag::Diagnostics* diagnostics) {
  const std::string& text = source.text();
  if (text.size() > limits.max_source_bytes) {
    diagnostics->Error({0, 0}, fmt::format("rule file is {} bytes; the limit is {} bytes", text.size(),
                                           limits.max_source_bytes));
    return false;
  }
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t begin = pos;
    if (text::DecodeUtf8(text, &pos) == text::kReplacementChar && pos - begin == 1) {
      diagnostics->Error({static_cast<uint32_t>(begin), static_cast<uint32_t>(pos)}, fmt::format("invalid UTF-8 in {}", what));
      return false;
    }
    if (text[begin] == '\0') {
      diagnostics->Error({static_cast<uint32_t>(begin), static_cast<uint32_t>(pos)}, fmt::format("NUL character in {}", what));
      return false;
    }
  }
  return true;
}

struct LexicalCheck {
  std::optional<uint32_t> first_error;  // byte offset of the first lexical error
  bool too_deep = false;                // parsing must not start
};

// Reports the tokens that can never be valid, and nesting beyond the limit
// (which would otherwise recurse deeply in the parser).
LexicalCheck CheckTokens(antlr4::CommonTokenStream& tokens, const TokenSpans& spans, const Limits& limits,
                         diag::Diagnostics* diagnostics) {
  LexicalCheck check;
  size_t depth = 0;
  size_t prefix_run = 0;
  for (antlr4::Token* t : tokens.getTokens()) {
    const diag::Span span = spans.Of(t);
    const std::string text = t->getType() == antlr4::Token::EOF ? "" : t->getText();
    std::optional<std::string> error;
    switch (t->getType()) {
      case Parser::BAD_NUMBER: {
        const size_t letter = text.find_first_not_of("0123456789.");
        if (letter != std::string::npos && letter > 0 && text.find('.') == std::string::npos &&
            text.find_first_not_of("0123456789") == letter &&
            text.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_", letter) == std::string::npos) {
          error = fmt::format("unknown duration unit '{}' in '{}'; units are ms, s, m, h and d",
                              diag::Excerpt(text.substr(letter)), diag::Excerpt(text));
        } else if (text.size() > 1 && text[0] == '0' && std::isdigit(static_cast<unsigned char>(text[1]))) {
          error = fmt::format("number '{}' has a leading zero", diag::Excerpt(text));
        } else {
          error = fmt::format("malformed number '{}'", diag::Excerpt(text));
        }
        break;
      }
      case Parser::UNTERMINATED_STRING:
        error = "unterminated string: a string must end on the line where it begins";
        break;
      case Parser::ERROR_CHAR:
        error = fmt::format("unexpected character '{}'", diag::Excerpt(text));
        break;
      case Parser::LPAREN:
      case Parser::LBRACK:
      case Parser::DOTDOT_BRACK:
        ++depth;
        break;
      case Parser::RPAREN:
      case Parser::RBRACK:
        if (depth > 0) --depth;
        break;
      default: break;
    }
    const bool prefix = t->getType() == Parser::MINUS || t->getType() == Parser::BANG || t->getType() == Parser::NOT;
    prefix_run = prefix ? prefix_run + 1 : 0;
    if (error) {
      diagnostics->Error(span, *error);
      if (!check.first_error) check.first_error = span.begin;
    }
    if (depth + prefix_run > limits.max_nesting_depth) {
      diagnostics->Error(span, fmt::format("expression nested too deeply; the limit is {} levels", limits.max_nesting_depth));
      if (!check.first_error) check.first_error = span.begin;
      check.too_deep = true;
      return check;
    }
  }
  return check;
}

// Runs `entry` on the parser: SLL first (fast, and right for every valid
// input), then full LL with error reporting when SLL fails.
template <typename Entry>
auto RunParser(Parser& parser, antlr4::CommonTokenStream& tokens, SyntaxErrorListener& listener, Entry entry)
    -> decltype((parser.*entry)()) {
  parser.removeErrorListeners();
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::SLL);
  try {
    return (parser.*entry)();
  } catch (antlr4::ParseCancellationException&) {
  }
  tokens.seek(0);
  parser.reset();
  parser.addErrorListener(&listener);
  parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::LL);
  try {
    return (parser.*entry)();
  } catch (StopParsing&) {
  } catch (antlr4::RecognitionException&) {
  }
  return nullptr;
}

// Everything both entry points share: checks, lexing, parsing. Calls
// `build(tree)` when the text parsed; `build` adds its own diagnostics.
template <typename Entry, typename Build>
void Parse(const diag::Source& source, const Limits& limits, const char* what, diag::Diagnostics* diagnostics,
           Entry entry, Build build) {
  if (!CheckInput(source, limits, what, diagnostics)) return;
  antlr4::ANTLRInputStream input(source.text());
  Lexer lexer(&input);
  lexer.removeErrorListeners();
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  const TokenSpans spans(source);
  const LexicalCheck lexical = CheckTokens(tokens, spans, limits, diagnostics);
  if (lexical.too_deep) return;

  Parser parser(&tokens);
  SyntaxErrorListener listener(source, spans, &tokens);
  auto* tree = RunParser(parser, tokens, listener, entry);
  if (const auto& error = listener.error()) {
    // A syntax error at or after a bad token is that token's echo.
    if (!lexical.first_error || error->span.begin < *lexical.first_error) {
      diagnostics->Error(error->span, error->message, error->replacement);
    }
    return;
  }
  if (lexical.first_error || tree == nullptr) return;
  AstBuilder builder(source, spans, diagnostics, limits);
  build(builder, tree);
}

}  // namespace

ParseResult ParseFile(const diag::Source& source, const Limits& limits) {
  ParseResult result;
  Parse(source, limits, "rule source", &result.diagnostics, &Parser::file, [&](AstBuilder& builder, Parser::FileContext* tree) {
    ast::File file = builder.BuildFile(tree);
    if (!result.diagnostics.HasErrors()) result.file = std::move(file);
  });
  result.diagnostics.Sort();
  return result;
}

QueryResult ParseQuery(const diag::Source& source, const Limits& limits) {
  QueryResult result;
  const std::string& text = source.text();
  const auto is_blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  if (text.empty()) {
    result.diagnostics.Error({0, 0}, "empty query; a query starts with '$'");
    return result;
  }
  if (is_blank(text.front())) {
    result.diagnostics.Error({0, 1}, "whitespace before the query; a query starts with '$'");
    return result;
  }
  if (is_blank(text.back())) {
    const auto end = static_cast<uint32_t>(text.size());
    result.diagnostics.Error({end - 1, end}, "whitespace after the end of the query");
    return result;
  }
  Parse(source, limits, "the query", &result.diagnostics, &Parser::query, [&](AstBuilder& builder, Parser::QueryContext* tree) {
    ast::Path path = builder.BuildPath(tree->path());
    if (path.relative) {
      result.diagnostics.Error({path.span.begin, path.span.begin + 1}, "a query starts with '$', not '@'");
    }
    if (!result.diagnostics.HasErrors()) result.path = std::move(path);
  });
  result.diagnostics.Sort();
  return result;
}

}  // namespace alert::parse
