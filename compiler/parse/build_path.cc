// JSONPath queries and RFC 9535 filter expressions: parse tree to ast::Path.

#include <fmt/format.h>

#include "compiler/diag/suggest.h"
#include "compiler/parse/ast_builder.h"

namespace alert::parse {
namespace {

constexpr int64_t kMaxExactInt = (int64_t{1} << 53) - 1;  // RFC 9535 §2.1

std::optional<ast::TrailingFunction> TrailingFunctionNamed(std::string_view name) {
  using F = ast::TrailingFunction;
  static constexpr std::pair<std::string_view, F> kFunctions[] = {
      {"length", F::kLength}, {"size", F::kSize}, {"min", F::kMin},       {"max", F::kMax},
      {"avg", F::kAvg},       {"sum", F::kSum},   {"stddev", F::kStddev},
  };
  for (const auto& [n, f] : kFunctions) {
    if (n == name) return f;
  }
  return std::nullopt;
}

}  // namespace

std::string AstBuilder::MemberName(antlr4::Token* token, size_t dots) { return token->getText().substr(dots); }

ast::Path AstBuilder::BuildPath(Parser::PathContext* ctx) {
  ast::Path path;
  path.relative = ctx->root->getType() == Parser::AT_SIGN;
  path.span = SpanOf(ctx);
  for (auto* segment : ctx->segment()) path.segments.push_back(BuildSegment(segment));
  if (auto* fn = ctx->trailingFn()) {
    antlr4::Token* name = fn->DOT_NAME()->getSymbol();
    antlr4::Token* lparen = fn->LPAREN()->getSymbol();
    const std::string text = MemberName(name, 1);
    path.trailing_span = SpanOf(fn);
    if (!spans_.Adjacent(name, lparen)) {
      diagnostics_->Error(SpanOf(lparen), fmt::format("'(' must follow '.{}' directly; '.{}' alone is a member", text, text));
    } else if (auto f = TrailingFunctionNamed(text)) {
      path.trailing = *f;
    } else {
      diagnostics_->Error(SpanOf(name), fmt::format("unknown path function '{}()'{}; a path may end in .length(), "
                                                    ".size(), .min(), .max(), .avg(), .sum() or .stddev()",
                                                    text, diag::DidYouMean(text, {"length", "size", "min", "max", "avg", "sum", "stddev"})));
    }
  }
  return path;
}

ast::Segment AstBuilder::BuildSegment(Parser::SegmentContext* ctx) {
  ast::Segment segment;
  segment.span = SpanOf(ctx);
  auto name_selector = [&](antlr4::Token* token, size_t dots) {
    ast::Selector s;
    s.kind = ast::Selector::Kind::kName;
    s.span = SpanOf(token);
    s.name = MemberName(token, dots);
    return s;
  };
  auto wildcard = [&](diag::Span span) {
    ast::Selector s;
    s.kind = ast::Selector::Kind::kWildcard;
    s.span = span;
    return s;
  };
  if (auto* c = dynamic_cast<Parser::MemberSegmentContext*>(ctx)) {
    segment.shorthand = true;
    segment.selectors.push_back(name_selector(c->DOT_NAME()->getSymbol(), 1));
  } else if (auto* c = dynamic_cast<Parser::DescendantMemberSegmentContext*>(ctx)) {
    segment.shorthand = segment.descendant = true;
    segment.selectors.push_back(name_selector(c->DOTDOT_NAME()->getSymbol(), 2));
  } else if (dynamic_cast<Parser::WildcardSegmentContext*>(ctx)) {
    segment.shorthand = true;
    segment.selectors.push_back(wildcard(segment.span));
  } else if (dynamic_cast<Parser::DescendantWildcardSegmentContext*>(ctx)) {
    segment.shorthand = segment.descendant = true;
    segment.selectors.push_back(wildcard(segment.span));
  } else if (auto* c = dynamic_cast<Parser::DescendantBracketSegmentContext*>(ctx)) {
    segment.descendant = true;
    for (auto* s : c->selector()) segment.selectors.push_back(BuildSelector(s));
  } else {
    auto* b = static_cast<Parser::BracketSegmentContext*>(ctx);
    for (auto* s : b->selector()) segment.selectors.push_back(BuildSelector(s));
  }
  return segment;
}

ast::Selector AstBuilder::BuildSelector(Parser::SelectorContext* ctx) {
  ast::Selector s;
  s.span = SpanOf(ctx);
  if (auto* c = dynamic_cast<Parser::NameSelectorContext*>(ctx)) {
    s.kind = ast::Selector::Kind::kName;
    s.name = DecodeString(c->STRING()->getSymbol());
  } else if (dynamic_cast<Parser::WildcardSelectorContext*>(ctx)) {
    s.kind = ast::Selector::Kind::kWildcard;
  } else if (auto* c = dynamic_cast<Parser::FilterSelectorContext*>(ctx)) {
    s.kind = ast::Selector::Kind::kFilter;
    ++filter_depth_;
    s.filter = BuildFilterOr(c->filterOr());
    --filter_depth_;
  } else {
    Parser::PathIntContext* first = nullptr;
    Parser::SliceTailContext* tail = nullptr;
    if (auto* c = dynamic_cast<Parser::IndexOrSliceSelectorContext*>(ctx)) {
      first = c->pathInt();
      tail = c->sliceTail();
    } else {
      tail = static_cast<Parser::SliceSelectorContext*>(ctx)->sliceTail();
    }
    if (tail == nullptr) {
      s.kind = ast::Selector::Kind::kIndex;
      s.index = BuildPathInt(first, "an index").value_or(0);
    } else {
      s.kind = ast::Selector::Kind::kSlice;
      if (first) s.start = BuildPathInt(first, "a slice start");
      if (tail->endInt) s.end = BuildPathInt(tail->endInt, "a slice end");
      if (tail->stepInt) s.step = BuildPathInt(tail->stepInt, "a slice step");
    }
  }
  return s;
}

std::optional<int64_t> AstBuilder::BuildPathInt(Parser::PathIntContext* ctx, const char* what) {
  antlr4::Token* digits = ctx->NUMBER()->getSymbol();
  const std::string text = digits->getText();
  const diag::Span span = SpanOf(ctx);
  if (ctx->MINUS() && !spans_.Adjacent(ctx->MINUS()->getSymbol(), digits)) {
    diagnostics_->Error(span, fmt::format("no space is allowed after '-' in {}", what));
    return std::nullopt;
  }
  if (text.find_first_of(".eE") != std::string::npos) {
    diagnostics_->Error(span, fmt::format("{} must be an integer, not '{}'", what, text));
    return std::nullopt;
  }
  if (ctx->MINUS() && text == "0") {
    diagnostics_->Error(span, fmt::format("{} cannot be -0", what));
    return std::nullopt;
  }
  const auto n = Number::Parse(text);
  if (!n || !n->is_int() || n->int_value() > kMaxExactInt) {
    diagnostics_->Error(span, fmt::format("{} must be between -(2^53-1) and 2^53-1", what));
    return std::nullopt;
  }
  return ctx->MINUS() ? -n->int_value() : n->int_value();
}

ast::ExprPtr AstBuilder::BuildFilterOr(Parser::FilterOrContext* ctx) {
  std::vector<ast::ExprPtr> operands;
  for (auto* operand : ctx->filterAnd()) operands.push_back(BuildFilterAnd(operand));
  return MakeLogical(ast::BinaryOp::kOr, ctx->OROR(), std::move(operands));
}

ast::ExprPtr AstBuilder::BuildFilterAnd(Parser::FilterAndContext* ctx) {
  std::vector<ast::ExprPtr> operands;
  for (auto* operand : ctx->filterBasic()) operands.push_back(BuildFilterBasic(operand));
  return MakeLogical(ast::BinaryOp::kAnd, ctx->ANDAND(), std::move(operands));
}

ast::ExprPtr AstBuilder::BuildFilterBasic(Parser::FilterBasicContext* ctx) {
  const diag::Span span = SpanOf(ctx);
  auto negate = [&](antlr4::tree::TerminalNode* bang, ast::ExprPtr e) {
    if (bang == nullptr) return e;
    return Make(span, true, ast::UnaryExpr{ast::UnaryOp::kNot, std::move(e)});
  };
  if (auto* c = dynamic_cast<Parser::FilterParenContext*>(ctx)) {
    ast::ExprPtr inner = BuildFilterOr(c->filterOr());
    return negate(c->BANG(), std::move(inner));
  }
  if (auto* c = dynamic_cast<Parser::FilterCompareContext*>(ctx)) {
    static constexpr std::pair<size_t, ast::BinaryOp> kOps[] = {
        {Parser::EQ, ast::BinaryOp::kEq}, {Parser::NE, ast::BinaryOp::kNe}, {Parser::LT, ast::BinaryOp::kLt},
        {Parser::LE, ast::BinaryOp::kLe}, {Parser::GT, ast::BinaryOp::kGt}, {Parser::GE, ast::BinaryOp::kGe}};
    ast::BinaryOp op = ast::BinaryOp::kEq;
    for (const auto& [t, o] : kOps) {
      if (t == c->op->getType()) op = o;
    }
    return MakeBinary(op, c->op, BuildFilterOperand(c->filterOperand(0)), BuildFilterOperand(c->filterOperand(1)));
  }
  auto* c = static_cast<Parser::FilterTestContext*>(ctx);
  ast::ExprPtr operand = BuildFilterOperand(c->filterOperand());
  if (operand->As<ast::LiteralExpr>()) {
    diagnostics_->Error(operand->span, "a literal cannot be a filter test on its own; compare it with a query, as in @.a == " +
                                           c->filterOperand()->getText());
  }
  return negate(c->BANG(), std::move(operand));
}

ast::ExprPtr AstBuilder::BuildFilterOperand(Parser::FilterOperandContext* ctx) {
  const diag::Span span = SpanOf(ctx);
  auto literal = [&](ast::Literal lit) { return Make(span, true, ast::LiteralExpr{std::move(lit)}); };
  if (auto* c = dynamic_cast<Parser::FilterNumberContext*>(ctx)) {
    ast::Literal lit = BuildLiteral(c->NUMBER()->getSymbol());
    if (c->MINUS()) {
      if (!spans_.Adjacent(c->MINUS()->getSymbol(), c->NUMBER()->getSymbol())) {
        diagnostics_->Error(span, "no space is allowed after '-' in a number");
      }
      lit.number = lit.number.Negated();
      lit.text = "-" + lit.text;
    }
    return literal(std::move(lit));
  }
  if (auto* c = dynamic_cast<Parser::FilterPathContext*>(ctx)) {
    return Make(span, true, ast::PathExpr{BuildPath(c->path())});
  }
  if (auto* c = dynamic_cast<Parser::FilterCallContext*>(ctx)) {
    antlr4::Token* name = c->NAME()->getSymbol();
    if (!spans_.Adjacent(name, c->LPAREN()->getSymbol())) {
      diagnostics_->Error(SpanOf(c->LPAREN()->getSymbol()),
                          fmt::format("no space is allowed between '{}' and '(' in a filter", name->getText()));
    }
    ast::CallExpr call{name->getText(), SpanOf(name), {}};
    for (auto* arg : c->filterOr()) {
      // A lone operand (a literal among them) is an argument, not a test.
      auto ands = arg->filterAnd();
      auto* test = ands.size() == 1 && ands[0]->filterBasic().size() == 1
                       ? dynamic_cast<Parser::FilterTestContext*>(ands[0]->filterBasic(0))
                       : nullptr;
      call.args.push_back(test && !test->BANG() ? BuildFilterOperand(test->filterOperand()) : BuildFilterOr(arg));
    }
    return Make(span, true, std::move(call));
  }
  // A literal token: STRING, TRUE, FALSE or NULL_.
  return literal(BuildLiteral(ctx->getStart()));
}

}  // namespace alert::parse
