#pragma once

// Walks ANTLR's parse tree and builds the project's own AST. Reports what the
// grammar leaves open (window kinds, severities, number forms, repeated
// clauses, RFC 9535 rules on whitespace and integers) as diagnostics and
// keeps going, so one pass finds every such problem.

#include <string>

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/limits.h"
#include "compiler/parse/antlr_includes.h"
#include "compiler/parse/token_spans.h"

namespace alert::parse {

class AstBuilder {
 public:
  AstBuilder(const diag::Source& source, const TokenSpans& spans, diag::Diagnostics* diagnostics,
             const Limits& limits)
      : source_(source), spans_(spans), diagnostics_(diagnostics), limits_(limits) {}

  ast::File BuildFile(Parser::FileContext* ctx);
  ast::Path BuildPath(Parser::PathContext* ctx);

 private:
  // build_rule.cc
  ast::Rule BuildRule(Parser::RuleDeclContext* ctx);
  void AddClause(ast::Rule& rule, Parser::ClauseContext* ctx);
  ast::Window BuildWindow(Parser::WindowClauseContext* ctx);
  void BuildFire(ast::Rule& rule, Parser::FireClauseContext* ctx);
  ast::Amount BuildAmount(Parser::AmountContext* ctx);
  ast::Text BuildText(antlr4::Token* token);

  // build_expr.cc
  ast::ExprPtr BuildExpr(Parser::ExprContext* ctx);
  ast::ExprPtr BuildAnd(Parser::AndExprContext* ctx);
  ast::ExprPtr BuildNot(Parser::NotExprContext* ctx);
  ast::ExprPtr BuildTest(Parser::TestExprContext* ctx);
  ast::ExprPtr BuildSum(Parser::SumExprContext* ctx);
  ast::ExprPtr BuildProd(Parser::ProdExprContext* ctx);
  ast::ExprPtr BuildUnary(Parser::UnaryExprContext* ctx);
  ast::ExprPtr BuildPrimary(Parser::PrimaryContext* ctx);
  ast::Literal BuildLiteral(antlr4::Token* token);

  // build_path.cc
  ast::Segment BuildSegment(Parser::SegmentContext* ctx);
  ast::Selector BuildSelector(Parser::SelectorContext* ctx);
  std::optional<int64_t> BuildPathInt(Parser::PathIntContext* ctx, const char* what);
  ast::ExprPtr BuildFilterOr(Parser::FilterOrContext* ctx);
  ast::ExprPtr BuildFilterAnd(Parser::FilterAndContext* ctx);
  ast::ExprPtr BuildFilterBasic(Parser::FilterBasicContext* ctx);
  ast::ExprPtr BuildFilterOperand(Parser::FilterOperandContext* ctx);

  // Shared helpers.
  std::string DecodeString(antlr4::Token* token);
  std::string MemberName(antlr4::Token* token, size_t dots);
  diag::Span SpanOf(antlr4::Token* token) const { return spans_.Of(token); }
  diag::Span SpanOf(antlr4::ParserRuleContext* ctx) const { return spans_.Of(ctx); }
  // Every expression node is made here: sets its height and reports, once,
  // a tree higher than Limits::max_expression_height.
  ast::ExprPtr Make(diag::Span span, bool in_filter, ast::ExprNode node);
  ast::ExprPtr MakeBinary(ast::BinaryOp op, antlr4::Token* op_token, ast::ExprPtr lhs, ast::ExprPtr rhs);
  // A && or || chain; a single operand is returned as it is.
  ast::ExprPtr MakeLogical(ast::BinaryOp op, const std::vector<antlr4::Token*>& op_tokens,
                           std::vector<ast::ExprPtr> operands);
  ast::ExprPtr MakeLogical(ast::BinaryOp op, const std::vector<antlr4::tree::TerminalNode*>& op_nodes,
                           std::vector<ast::ExprPtr> operands);

  const diag::Source& source_;
  const TokenSpans& spans_;
  diag::Diagnostics* diagnostics_;
  const Limits& limits_;
  int filter_depth_ = 0;  // > 0 while building an RFC 9535 filter
  bool height_reported_ = false;
};

}  // namespace alert::parse
