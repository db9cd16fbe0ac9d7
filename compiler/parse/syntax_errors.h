#pragma once

#include <optional>

#include "compiler/diag/diagnostic.h"
#include "compiler/parse/antlr_includes.h"
#include "compiler/parse/token_spans.h"

namespace alert::parse {

// Thrown by SyntaxErrorListener to stop the parse at the first syntax error;
// caught in parse.cc, never leaves this stage.
struct StopParsing {};

// Records the first syntax error the parser meets as a Diagnostic in the rule
// author's terms (what was found, what could have followed, the likely fix),
// then stops the parse: later errors are mostly echoes of the first.
class SyntaxErrorListener : public antlr4::BaseErrorListener {
 public:
  SyntaxErrorListener(const diag::Source& source, const TokenSpans& spans, antlr4::TokenStream* tokens)
      : source_(source), spans_(spans), tokens_(tokens) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line, size_t column,
                   const std::string& msg, std::exception_ptr e) override;

  const std::optional<diag::Diagnostic>& error() const { return error_; }

 private:
  diag::Diagnostic Describe(Parser* parser, antlr4::Token* offending, const antlr4::misc::IntervalSet& expected) const;
  std::optional<std::string> HyphenatedMember(antlr4::Token* offending) const;
  bool ChainedComparison(antlr4::Token* offending) const;
  bool InFilterSelector(antlr4::Token* offending) const;

  const diag::Source& source_;
  const TokenSpans& spans_;
  antlr4::TokenStream* tokens_;
  std::optional<diag::Diagnostic> error_;
};

}  // namespace alert::parse
