#pragma once

#include <vector>

#include "compiler/diag/source.h"
#include "compiler/parse/antlr_includes.h"

namespace alert::parse {

// Maps ANTLR's positions (code point indexes into the decoded input) to byte
// spans of the Source. Lives as long as the parse of one Source.
class TokenSpans {
 public:
  explicit TokenSpans(const diag::Source& source);

  diag::Span Of(const antlr4::Token* token) const;
  // From the first token of `ctx` to the end of its last token.
  diag::Span Of(antlr4::ParserRuleContext* ctx) const;
  uint32_t ByteOffset(size_t code_point_index) const;
  // True when `b` starts right where `a` ends: no whitespace between them.
  bool Adjacent(const antlr4::Token* a, const antlr4::Token* b) const;

 private:
  std::vector<uint32_t> byte_of_code_point_;  // one entry per code point, plus the end
};

}  // namespace alert::parse
