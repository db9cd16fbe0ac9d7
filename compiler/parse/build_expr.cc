// Rule expressions and literals: parse tree to ast::Expr.

#include <cmath>
#include <variant>

#include <fmt/format.h>

#include "compiler/parse/ast_builder.h"
#include "compiler/parse/string_literal.h"

namespace alert::parse {
namespace {

ast::BinaryOp BinaryOpOf(size_t token_type) {
  switch (token_type) {
    case Parser::OROR:
    case Parser::OR: return ast::BinaryOp::kOr;
    case Parser::ANDAND:
    case Parser::AND: return ast::BinaryOp::kAnd;
    case Parser::EQ: return ast::BinaryOp::kEq;
    case Parser::NE: return ast::BinaryOp::kNe;
    case Parser::LT: return ast::BinaryOp::kLt;
    case Parser::LE: return ast::BinaryOp::kLe;
    case Parser::GT: return ast::BinaryOp::kGt;
    case Parser::GE: return ast::BinaryOp::kGe;
    case Parser::MATCH: return ast::BinaryOp::kMatch;
    case Parser::NOTMATCH: return ast::BinaryOp::kNotMatch;
    case Parser::PLUS: return ast::BinaryOp::kAdd;
    case Parser::MINUS: return ast::BinaryOp::kSub;
    case Parser::STAR: return ast::BinaryOp::kMul;
    case Parser::SLASH: return ast::BinaryOp::kDiv;
    default: return ast::BinaryOp::kRem;
  }
}

// Milliseconds per duration unit.
int64_t UnitMillis(std::string_view unit) {
  if (unit == "ms") return 1;
  if (unit == "s") return 1000;
  if (unit == "m") return 60 * 1000;
  if (unit == "h") return 3600 * 1000;
  return 24 * 3600 * 1000;
}

// `number * factor`, exact while the result is an integer that fits.
std::optional<Number> Scale(Number n, int64_t factor) {
  if (n.is_int()) {
    int64_t out = 0;
    if (!__builtin_mul_overflow(n.int_value(), factor, &out)) return Number::Int(out);
  }
  const double d = n.ToDouble() * static_cast<double>(factor);
  if (!std::isfinite(d)) return std::nullopt;
  if (std::trunc(d) == d && std::fabs(d) < 9.2e18) return Number::Int(static_cast<int64_t>(d));
  return Number::Double(d);
}

}  // namespace

std::string AstBuilder::DecodeString(antlr4::Token* token) {
  const std::string text = token->getText();
  auto decoded = DecodeStringLiteral(text);
  if (auto* error = std::get_if<StringLiteralError>(&decoded)) {
    const diag::Span span = SpanOf(token);
    diagnostics_->Error({span.begin + error->offset, span.begin + error->offset + error->length}, error->message);
    return {};
  }
  return std::get<std::string>(std::move(decoded));
}

ast::Literal AstBuilder::BuildLiteral(antlr4::Token* token) {
  ast::Literal lit;
  lit.text = token->getText();
  switch (token->getType()) {
    case Parser::STRING:
      lit.kind = ast::Literal::Kind::kString;
      lit.string = DecodeString(token);
      return lit;
    case Parser::TRUE:
    case Parser::FALSE:
      lit.kind = ast::Literal::Kind::kBool;
      lit.boolean = token->getType() == Parser::TRUE;
      return lit;
    case Parser::NULL_:
      lit.kind = ast::Literal::Kind::kNull;
      return lit;
    default: break;
  }
  std::string_view digits = lit.text;
  std::optional<Number> number;
  if (token->getType() == Parser::DURATION) {
    lit.kind = ast::Literal::Kind::kDuration;
    const size_t unit_at = digits.find_first_not_of("0123456789.eE+-");
    const std::string_view unit = digits.substr(unit_at);
    digits = digits.substr(0, unit_at);
    if (auto n = Number::Parse(digits)) number = Scale(*n, UnitMillis(unit));
  } else if (token->getType() == Parser::PERCENT) {
    lit.kind = ast::Literal::Kind::kPercent;
    digits.remove_suffix(1);
    if (auto n = Number::Parse(digits)) number = Number::Double(n->ToDouble() / 100);
  } else {
    lit.kind = ast::Literal::Kind::kNumber;
    number = Number::Parse(digits);
  }
  if (!number) {
    diagnostics_->Error(SpanOf(token), fmt::format("number '{}' is out of range", diag::Excerpt(lit.text)));
  } else {
    lit.number = *number;
  }
  return lit;
}

ast::ExprPtr AstBuilder::Make(diag::Span span, bool in_filter, ast::ExprNode node) {
  auto e = std::make_unique<ast::Expr>();
  e->span = span;
  e->in_filter = in_filter;
  e->node = std::move(node);
  e->height = ast::HeightOf(*e);
  if (e->height > limits_.max_expression_height && !height_reported_) {
    height_reported_ = true;
    diagnostics_->Error(span, fmt::format("expression too deep: more than {} operators one inside another; "
                                          "a chain of + - * / % counts each operator (split the rule, or use "
                                          "'in [...]' for a list of values)",
                                          limits_.max_expression_height));
  }
  return e;
}

ast::ExprPtr AstBuilder::MakeBinary(ast::BinaryOp op, antlr4::Token* op_token, ast::ExprPtr lhs, ast::ExprPtr rhs) {
  // Past the limit (reported once), a chain stops growing: the tree stays
  // shallow enough for every recursive walk, its destructor included.
  if (height_reported_) return lhs;
  const diag::Span span = diag::Span::Join(lhs->span, rhs->span);
  return Make(span, filter_depth_ > 0, ast::BinaryExpr{op, SpanOf(op_token), std::move(lhs), std::move(rhs)});
}

ast::ExprPtr AstBuilder::MakeLogical(ast::BinaryOp op, const std::vector<antlr4::Token*>& op_tokens,
                                     std::vector<ast::ExprPtr> operands) {
  if (operands.size() == 1) return std::move(operands[0]);
  const diag::Span span = diag::Span::Join(operands.front()->span, operands.back()->span);
  ast::LogicalExpr logical{op, std::move(operands), {}};
  for (antlr4::Token* t : op_tokens) logical.op_spans.push_back(SpanOf(t));
  return Make(span, filter_depth_ > 0, std::move(logical));
}

ast::ExprPtr AstBuilder::MakeLogical(ast::BinaryOp op, const std::vector<antlr4::tree::TerminalNode*>& op_nodes,
                                     std::vector<ast::ExprPtr> operands) {
  std::vector<antlr4::Token*> tokens;
  for (auto* node : op_nodes) tokens.push_back(node->getSymbol());
  return MakeLogical(op, tokens, std::move(operands));
}

ast::ExprPtr AstBuilder::BuildExpr(Parser::ExprContext* ctx) {
  std::vector<ast::ExprPtr> operands;
  for (auto* operand : ctx->andExpr()) operands.push_back(BuildAnd(operand));
  return MakeLogical(ast::BinaryOp::kOr, ctx->ops, std::move(operands));
}

ast::ExprPtr AstBuilder::BuildAnd(Parser::AndExprContext* ctx) {
  std::vector<ast::ExprPtr> operands;
  for (auto* operand : ctx->notExpr()) operands.push_back(BuildNot(operand));
  return MakeLogical(ast::BinaryOp::kAnd, ctx->ops, std::move(operands));
}

ast::ExprPtr AstBuilder::BuildNot(Parser::NotExprContext* ctx) {
  if (ctx->testExpr()) return BuildTest(ctx->testExpr());
  return Make(SpanOf(ctx), false, ast::UnaryExpr{ast::UnaryOp::kNot, BuildNot(ctx->notExpr())});
}

ast::ExprPtr AstBuilder::BuildTest(Parser::TestExprContext* ctx) {
  if (auto* c = dynamic_cast<Parser::ExistsTestContext*>(ctx)) {
    return Make(SpanOf(c), false, ast::ExistsExpr{BuildPath(c->path())});
  }
  auto* c = static_cast<Parser::CompareTestContext*>(ctx);
  ast::ExprPtr lhs = BuildSum(c->sumExpr());
  Parser::CompareTailContext* tail = c->compareTail();
  if (tail == nullptr) return lhs;
  if (auto* t = dynamic_cast<Parser::BinaryTailContext*>(tail)) {
    return MakeBinary(BinaryOpOf(t->op->getType()), t->op, std::move(lhs), BuildSum(t->sumExpr()));
  }
  if (auto* t = dynamic_cast<Parser::MemberTailContext*>(tail)) {
    const bool negated = t->NOT() != nullptr;
    const ast::BinaryOp op = t->op->getType() == Parser::IN ? (negated ? ast::BinaryOp::kNotIn : ast::BinaryOp::kIn)
                                                            : (negated ? ast::BinaryOp::kNotContains : ast::BinaryOp::kContains);
    return MakeBinary(op, t->op, std::move(lhs), BuildSum(t->sumExpr()));
  }
  if (auto* t = dynamic_cast<Parser::AffixTailContext*>(tail)) {
    const bool negated = t->NOT() != nullptr;
    const ast::BinaryOp op = t->op->getType() == Parser::STARTS
                                 ? (negated ? ast::BinaryOp::kNotStartsWith : ast::BinaryOp::kStartsWith)
                                 : (negated ? ast::BinaryOp::kNotEndsWith : ast::BinaryOp::kEndsWith);
    return MakeBinary(op, t->op, std::move(lhs), BuildSum(t->sumExpr()));
  }
  auto* t = static_cast<Parser::IsTailContext*>(tail);
  const diag::Span span = diag::Span::Join(lhs->span, SpanOf(t));
  return Make(span, false, ast::IsExpr{t->op->getType() == Parser::EMPTY, t->NOT() != nullptr, std::move(lhs)});
}

ast::ExprPtr AstBuilder::BuildSum(Parser::SumExprContext* ctx) {
  const auto operands = ctx->prodExpr();
  ast::ExprPtr e = BuildProd(operands[0]);
  for (size_t i = 1; i < operands.size(); ++i) {
    e = MakeBinary(BinaryOpOf(ctx->ops[i - 1]->getType()), ctx->ops[i - 1], std::move(e), BuildProd(operands[i]));
  }
  return e;
}

ast::ExprPtr AstBuilder::BuildProd(Parser::ProdExprContext* ctx) {
  const auto operands = ctx->unaryExpr();
  ast::ExprPtr e = BuildUnary(operands[0]);
  for (size_t i = 1; i < operands.size(); ++i) {
    e = MakeBinary(BinaryOpOf(ctx->ops[i - 1]->getType()), ctx->ops[i - 1], std::move(e), BuildUnary(operands[i]));
  }
  return e;
}

ast::ExprPtr AstBuilder::BuildUnary(Parser::UnaryExprContext* ctx) {
  if (ctx->primary()) return BuildPrimary(ctx->primary());
  ast::ExprPtr operand = BuildUnary(ctx->unaryExpr());
  // A minus right before a number literal makes a negative literal, so that
  // -9223372036854775808 stays an exact integer.
  if (auto* lit = std::get_if<ast::LiteralExpr>(&operand->node)) {
    const auto kind = lit->value.kind;
    if (kind == ast::Literal::Kind::kNumber || kind == ast::Literal::Kind::kDuration ||
        kind == ast::Literal::Kind::kPercent) {
      lit->value.number = lit->value.number.Negated();
      lit->value.text = "-" + lit->value.text;
      operand->span = SpanOf(ctx);
      return operand;
    }
  }
  return Make(SpanOf(ctx), false, ast::UnaryExpr{ast::UnaryOp::kNeg, std::move(operand)});
}

ast::ExprPtr AstBuilder::BuildPrimary(Parser::PrimaryContext* ctx) {
  const diag::Span span = SpanOf(ctx);
  if (auto* c = dynamic_cast<Parser::LiteralPrimaryContext*>(ctx)) {
    return Make(span, false, ast::LiteralExpr{BuildLiteral(c->literal()->getStart())});
  }
  if (auto* c = dynamic_cast<Parser::PathPrimaryContext*>(ctx)) {
    return Make(span, false, ast::PathExpr{BuildPath(c->path())});
  }
  if (auto* c = dynamic_cast<Parser::CallPrimaryContext*>(ctx)) {
    ast::CallExpr call{c->NAME()->getText(), SpanOf(c->NAME()->getSymbol()), {}};
    for (auto* arg : c->expr()) call.args.push_back(BuildExpr(arg));
    return Make(span, false, std::move(call));
  }
  if (auto* c = dynamic_cast<Parser::ParenPrimaryContext*>(ctx)) {
    ast::ExprPtr inner = BuildExpr(c->expr());
    inner->span = span;
    return inner;
  }
  auto* c = static_cast<Parser::ArrayPrimaryContext*>(ctx);
  ast::ArrayExpr array;
  for (auto* element : c->expr()) array.elements.push_back(BuildExpr(element));
  return Make(span, false, std::move(array));
}

}  // namespace alert::parse
