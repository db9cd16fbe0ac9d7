#include "compiler/parse/token_spans.h"

#include "runtime/text/utf8.h"

namespace alert::parse {

TokenSpans::TokenSpans(const diag::Source& source) {
  const std::string& text = source.text();
  size_t pos = 0;
  while (pos < text.size()) {
    byte_of_code_point_.push_back(static_cast<uint32_t>(pos));
    text::DecodeUtf8(text, &pos);
  }
  byte_of_code_point_.push_back(static_cast<uint32_t>(text.size()));
}

uint32_t TokenSpans::ByteOffset(size_t index) const {
  if (index >= byte_of_code_point_.size()) return byte_of_code_point_.back();
  return byte_of_code_point_[index];
}

diag::Span TokenSpans::Of(const antlr4::Token* token) const {
  if (token == nullptr) return {};
  if (token->getType() == antlr4::Token::EOF) {
    const uint32_t end = byte_of_code_point_.back();
    return {end, end};
  }
  return {ByteOffset(token->getStartIndex()), ByteOffset(token->getStopIndex() + 1)};
}

diag::Span TokenSpans::Of(antlr4::ParserRuleContext* ctx) const {
  const diag::Span first = Of(ctx->getStart());
  const antlr4::Token* stop = ctx->getStop();
  // An empty rule's stop token comes before its start.
  if (stop == nullptr || stop->getTokenIndex() < ctx->getStart()->getTokenIndex()) return {first.begin, first.begin};
  return {first.begin, Of(stop).end};
}

bool TokenSpans::Adjacent(const antlr4::Token* a, const antlr4::Token* b) const {
  return a->getStopIndex() + 1 == b->getStartIndex();
}

}  // namespace alert::parse
