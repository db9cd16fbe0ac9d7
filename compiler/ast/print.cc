#include "compiler/ast/print.h"

#include <fmt/format.h>

namespace alert::ast {
namespace {

class Printer {
 public:
  explicit Printer(const diag::Source& source) : source_(source) {}

  std::string Where(Span span) const {
    const diag::Position p = source_.PositionOf(span.begin);
    return fmt::format("@{}:{}", p.line, p.column);
  }
  std::string Text(Span span) const { return source_.text().substr(span.begin, span.end - span.begin); }

  std::string Expr(const ast::Expr& e, int depth) const {
    const std::string pad(static_cast<size_t>(depth) * 2, ' ');
    const std::string at = Where(e.span);
    if (const auto* l = e.As<LiteralExpr>()) return pad + "(literal " + l->value.text + " " + at + ")";
    if (const auto* p = e.As<PathExpr>()) return pad + "(path " + Text(p->path.span) + " " + at + ")";
    if (const auto* x = e.As<ExistsExpr>()) return pad + "(exists " + Text(x->path.span) + " " + at + ")";
    if (const auto* u = e.As<UnaryExpr>()) {
      return pad + "(" + (u->op == UnaryOp::kNot ? "!" : "-") + " " + at + "\n" + Expr(*u->operand, depth + 1) + ")";
    }
    if (const auto* b = e.As<BinaryExpr>()) {
      return pad + "(" + BinaryOpText(b->op) + " " + at + "\n" + Expr(*b->lhs, depth + 1) + "\n" + Expr(*b->rhs, depth + 1) +
             ")";
    }
    if (const auto* l = e.As<LogicalExpr>()) {
      std::string out = pad + "(" + BinaryOpText(l->op) + " " + at;
      for (const auto& operand : l->operands) out += "\n" + Expr(*operand, depth + 1);
      return out + ")";
    }
    if (const auto* is = e.As<IsExpr>()) {
      return pad + "(is" + (is->negated ? "-not" : "") + (is->empty ? "-empty " : "-null ") + at + "\n" +
             Expr(*is->operand, depth + 1) + ")";
    }
    std::string out;
    const std::vector<ExprPtr>* args = nullptr;
    if (const auto* c = e.As<CallExpr>()) {
      out = pad + "(call " + c->name + " " + at;
      args = &c->args;
    } else {
      out = pad + "(array " + at;
      args = &std::get<ArrayExpr>(e.node).elements;
    }
    for (const auto& a : *args) out += "\n" + Expr(*a, depth + 1);
    return out + ")";
  }

 private:
  const diag::Source& source_;
};

}  // namespace

std::string PrintRule(const Rule& rule, const diag::Source& source) {
  const Printer p(source);
  std::string out = fmt::format("(rule {} {}\n", rule.name, p.Where(rule.name_span));
  for (const auto& [kind, span] : rule.clauses) {
    out += fmt::format("  ({} {}", ClauseName(kind), p.Where(span));
    if (kind == ClauseKind::kWhen && rule.when) out += "\n" + p.Expr(*rule.when, 2);
    if (kind == ClauseKind::kClear && rule.clear) out += "\n" + p.Expr(*rule.clear, 2);
    if (kind == ClauseKind::kFire && rule.fire && rule.fire->condition) out += "\n" + p.Expr(*rule.fire->condition, 2);
    if (kind != ClauseKind::kWhen && kind != ClauseKind::kClear && kind != ClauseKind::kFire) {
      // The clause's text as written, from its keyword to the next clause.
      std::string text;
      for (const auto& [k2, s2] : rule.clauses) {
        if (s2.begin > span.begin && (text.empty() || s2.begin < span.begin + text.size())) {
          text = p.Text({span.begin, s2.begin});
        }
      }
      if (text.empty()) text = p.Text({span.begin, rule.span.end - 1});
      while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
      out += " " + text;
    }
    out += ")\n";
  }
  return out + ")\n";
}

}  // namespace alert::ast
