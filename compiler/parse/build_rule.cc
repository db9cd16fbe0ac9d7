// Rules and clauses: parse tree to ast::Rule.

#include <fmt/format.h>

#include "compiler/diag/suggest.h"
#include "compiler/parse/ast_builder.h"

namespace alert::parse {
namespace {

using ast::ClauseKind;

ClauseKind KindOf(Parser::ClauseContext* ctx) {
  if (auto* c = dynamic_cast<Parser::TextClauseContext*>(ctx)) {
    switch (c->kw->getType()) {
      case Parser::TITLE: return ClauseKind::kTitle;
      case Parser::DESCRIPTION: return ClauseKind::kDescription;
      default: return ClauseKind::kMessage;
    }
  }
  if (auto* c = dynamic_cast<Parser::DurationClauseContext*>(ctx)) {
    return c->kw->getType() == Parser::LATENESS ? ClauseKind::kLateness : ClauseKind::kBackfill;
  }
  if (dynamic_cast<Parser::SeverityClauseContext*>(ctx)) return ClauseKind::kSeverity;
  if (dynamic_cast<Parser::ScopeClauseContext*>(ctx)) return ClauseKind::kScope;
  if (dynamic_cast<Parser::WhenClauseContext*>(ctx)) return ClauseKind::kWhen;
  if (dynamic_cast<Parser::GroupByClauseContext*>(ctx)) return ClauseKind::kGroupBy;
  if (dynamic_cast<Parser::WindowClauseContext*>(ctx)) return ClauseKind::kWindow;
  if (dynamic_cast<Parser::ClearClauseContext*>(ctx)) return ClauseKind::kClear;
  if (dynamic_cast<Parser::DedupeClauseContext*>(ctx)) return ClauseKind::kDedupe;
  if (dynamic_cast<Parser::TimeClauseContext*>(ctx)) return ClauseKind::kTime;
  if (dynamic_cast<Parser::LabelsClauseContext*>(ctx)) return ClauseKind::kLabels;
  return ClauseKind::kFire;  // FireClause and AbsentClause
}

}  // namespace

ast::File AstBuilder::BuildFile(Parser::FileContext* ctx) {
  ast::File file;
  const std::vector<Parser::RuleDeclContext*> rules = ctx->ruleDecl();
  file.rules.reserve(rules.size());
  for (auto* rule : rules) file.rules.push_back(BuildRule(rule));
  return file;
}

ast::Rule AstBuilder::BuildRule(Parser::RuleDeclContext* ctx) {
  height_reported_ = false;
  ast::Rule rule;
  rule.name = ctx->anyName()->getText();
  rule.name_span = SpanOf(ctx->anyName());
  rule.keyword = SpanOf(ctx->RULE()->getSymbol());
  rule.span = SpanOf(ctx);
  if (rule.span.end - rule.span.begin > limits_.max_rule_bytes) {
    diagnostics_->Error(rule.keyword, fmt::format("rule '{}' is {} bytes; the limit is {} bytes", rule.name,
                                                  rule.span.end - rule.span.begin, limits_.max_rule_bytes));
  }
  for (auto* clause : ctx->clause()) {
    const ClauseKind kind = KindOf(clause);
    const diag::Span keyword = SpanOf(clause->getStart());
    if (rule.ClauseSpan(kind)) {
      diagnostics_->Error(keyword, fmt::format("'{}' is given twice in rule '{}'", ast::ClauseName(kind), rule.name));
      continue;
    }
    rule.clauses.emplace_back(kind, keyword);
    AddClause(rule, clause);
  }
  return rule;
}

void AstBuilder::AddClause(ast::Rule& rule, Parser::ClauseContext* ctx) {
  if (auto* c = dynamic_cast<Parser::TextClauseContext*>(ctx)) {
    ast::Text text = BuildText(c->STRING()->getSymbol());
    switch (c->kw->getType()) {
      case Parser::TITLE: rule.title = std::move(text); break;
      case Parser::DESCRIPTION: rule.description = std::move(text); break;
      default: rule.message = std::move(text); break;
    }
  } else if (auto* c = dynamic_cast<Parser::SeverityClauseContext*>(ctx)) {
    const std::string name = c->anyName()->getText();
    static constexpr std::pair<std::string_view, ast::Severity> kSeverities[] = {
        {"info", ast::Severity::kInfo}, {"minor", ast::Severity::kMinor},
        {"major", ast::Severity::kMajor}, {"critical", ast::Severity::kCritical}};
    for (const auto& [n, s] : kSeverities) {
      if (n == name) rule.severity = s;
    }
    if (!rule.severity) {
      diagnostics_->Error(SpanOf(c->anyName()),
                          fmt::format("unknown severity '{}'{}; use info, minor, major or critical", name,
                                      diag::DidYouMean(name, {"info", "minor", "major", "critical"})));
    }
  } else if (auto* c = dynamic_cast<Parser::ScopeClauseContext*>(ctx)) {
    ast::Scope scope;
    scope.span = SpanOf(c);
    const std::string kind = c->anyName()->getText();
    if (kind == "global") {
      if (c->STRING()) diagnostics_->Error(SpanOf(c->STRING()->getSymbol()), "'scope global' takes no tenant");
    } else if (kind == "tenant") {
      scope.global = false;
      if (c->STRING()) {
        scope.tenant = DecodeString(c->STRING()->getSymbol());
      } else {
        diagnostics_->Error(SpanOf(c->anyName()), "'scope tenant' needs the tenant id as a string: scope tenant \"ID\"");
      }
    } else {
      diagnostics_->Error(SpanOf(c->anyName()), fmt::format("unknown scope '{}'{}; use 'global' or 'tenant \"ID\"'",
                                                            kind, diag::DidYouMean(kind, {"global", "tenant"})));
    }
    rule.scope = std::move(scope);
  } else if (auto* c = dynamic_cast<Parser::WhenClauseContext*>(ctx)) {
    rule.when = BuildExpr(c->expr());
  } else if (auto* c = dynamic_cast<Parser::GroupByClauseContext*>(ctx)) {
    for (auto* path : c->path()) rule.group_by.push_back(BuildPath(path));
  } else if (auto* c = dynamic_cast<Parser::WindowClauseContext*>(ctx)) {
    rule.window = BuildWindow(c);
  } else if (auto* c = dynamic_cast<Parser::FireClauseContext*>(ctx)) {
    BuildFire(rule, c);
  } else if (auto* c = dynamic_cast<Parser::AbsentClauseContext*>(ctx)) {
    ast::Fire fire;
    fire.keyword = SpanOf(c->FIRE()->getSymbol());
    fire.absent_keyword = SpanOf(c->ABSENT()->getSymbol());
    fire.absent_for = BuildAmount(c->amount());
    rule.fire = std::move(fire);
  } else if (auto* c = dynamic_cast<Parser::ClearClauseContext*>(ctx)) {
    rule.clear = BuildExpr(c->expr());
  } else if (auto* c = dynamic_cast<Parser::DedupeClauseContext*>(ctx)) {
    rule.dedupe_by = BuildPath(c->path());
  } else if (auto* c = dynamic_cast<Parser::TimeClauseContext*>(ctx)) {
    rule.time = BuildPath(c->path());
  } else if (auto* c = dynamic_cast<Parser::DurationClauseContext*>(ctx)) {
    ast::Amount amount = BuildAmount(c->amount());
    if (amount.value.kind != ast::Literal::Kind::kDuration) {
      diagnostics_->Error(amount.span, fmt::format("'{}' takes a duration such as 30s or 5m, not '{}'",
                                                   c->kw->getText(), amount.value.text));
    }
    (c->kw->getType() == Parser::LATENESS ? rule.lateness : rule.backfill) = std::move(amount);
  } else if (auto* c = dynamic_cast<Parser::LabelsClauseContext*>(ctx)) {
    for (auto* l : c->label()) {
      ast::Label label{l->anyName()->getText(), SpanOf(l->anyName()), {}, {}};
      const ast::Text value = BuildText(l->STRING()->getSymbol());
      label.value = value.value;
      label.value_span = value.span;
      for (const ast::Label& seen : rule.labels) {
        if (seen.name == label.name) {
          diagnostics_->Error(label.name_span, fmt::format("label '{}' is given twice", label.name));
        }
      }
      rule.labels.push_back(std::move(label));
    }
  }
}

ast::Window AstBuilder::BuildWindow(Parser::WindowClauseContext* ctx) {
  ast::Window window;
  const auto args = ctx->windowArg();
  const diag::Span keyword = SpanOf(ctx->WINDOW()->getSymbol());
  static constexpr std::string_view kKinds[] = {"tumbling", "sliding", "session", "global"};
  if (args.empty() || args[0]->NAME() == nullptr) {
    diagnostics_->Error(args.empty() ? keyword : SpanOf(args[0]),
                        "'window' needs a kind: tumbling D, sliding D every S, session gap G or global");
    return window;
  }
  const std::string kind = args[0]->getText();
  window.kind_span = SpanOf(args[0]);
  // The words and durations each kind takes after its name; "" is a duration.
  std::vector<std::string_view> shape;
  if (kind == "tumbling") {
    window.kind = ast::Window::Kind::kTumbling, shape = {""};
  } else if (kind == "sliding") {
    window.kind = ast::Window::Kind::kSliding, shape = {"", "every", ""};
  } else if (kind == "session") {
    window.kind = ast::Window::Kind::kSession, shape = {"gap", ""};
  } else if (kind == "global") {
    window.kind = ast::Window::Kind::kGlobal;
  } else {
    diagnostics_->Error(window.kind_span,
                        fmt::format("unknown window '{}'{}", kind,
                                    diag::DidYouMean(kind, std::vector<std::string_view>(std::begin(kKinds), std::end(kKinds)))));
    return window;
  }
  std::vector<ast::Amount> durations;
  diag::Span previous = window.kind_span;
  for (size_t i = 0; i < shape.size(); ++i) {
    const std::string_view want = shape[i];
    const char* what = want.empty() ? "a duration such as 5m" : nullptr;
    if (i + 1 >= args.size()) {
      const std::string expected = what ? what : fmt::format("'{}'", want);
      diagnostics_->Error({previous.end, previous.end},
                          fmt::format("'{}' window needs {} here", kind, expected));
      return window;
    }
    auto* arg = args[i + 1];
    previous = SpanOf(arg);
    if (!want.empty()) {
      if (arg->getText() != want) {
        diagnostics_->Error(previous, fmt::format("expected '{}' in '{}' window, not '{}'", want, kind, arg->getText()));
        return window;
      }
      continue;
    }
    if (arg->amount() == nullptr) {
      diagnostics_->Error(previous, fmt::format("expected a duration such as 5m, not '{}'", arg->getText()));
      return window;
    }
    ast::Amount amount = BuildAmount(arg->amount());
    if (amount.value.kind != ast::Literal::Kind::kDuration) {
      diagnostics_->Error(previous, fmt::format("expected a duration such as 5m, not '{}' (add a unit: ms, s, m, h, d)",
                                                amount.value.text));
      return window;
    }
    durations.push_back(std::move(amount));
  }
  if (args.size() > shape.size() + 1) {
    diagnostics_->Error(SpanOf(args[shape.size() + 1]),
                        fmt::format("unexpected '{}' after the '{}' window", args[shape.size() + 1]->getText(), kind));
    return window;
  }
  switch (window.kind) {
    case ast::Window::Kind::kTumbling: window.size = durations[0]; break;
    case ast::Window::Kind::kSliding: window.size = durations[0], window.every = durations[1]; break;
    case ast::Window::Kind::kSession: window.gap = durations[0]; break;
    case ast::Window::Kind::kGlobal: break;
  }
  return window;
}

void AstBuilder::BuildFire(ast::Rule& rule, Parser::FireClauseContext* ctx) {
  ast::Fire fire;
  fire.keyword = SpanOf(ctx->FIRE()->getSymbol());
  fire.condition = BuildExpr(ctx->expr());
  if (auto* f = ctx->forPart()) {
    ast::ForSpec spec{SpanOf(f->FOR()->getSymbol()), BuildAmount(f->amount())};
    if (spec.windows.value.kind != ast::Literal::Kind::kNumber) {
      diagnostics_->Error(spec.windows.span, fmt::format("'for' takes a number of windows, not '{}'", spec.windows.value.text));
    }
    fire.for_spec = std::move(spec);
  }
  if (auto* a = ctx->acrossPart()) {
    ast::AcrossSpec spec;
    spec.keyword = SpanOf(a->ACROSS()->getSymbol());
    spec.amount = BuildAmount(a->amount());
    spec.percent = a->OF() != nullptr;
    spec.path = BuildPath(a->path());
    const auto kind = spec.amount.value.kind;
    if (spec.percent && kind != ast::Literal::Kind::kPercent) {
      diagnostics_->Error(spec.amount.span, fmt::format("'across at least ... of' takes a percentage such as 80%, not '{}'",
                                                        spec.amount.value.text));
    } else if (!spec.percent && kind != ast::Literal::Kind::kNumber) {
      diagnostics_->Error(spec.amount.span,
                          kind == ast::Literal::Kind::kPercent
                              ? fmt::format("write 'across at least {} of PATH' for a percentage of sensors", spec.amount.value.text)
                              : fmt::format("'across at least ... distinct' takes a number of sensors, not '{}'",
                                            spec.amount.value.text));
    }
    fire.across = std::move(spec);
  }
  rule.fire = std::move(fire);
}

ast::Amount AstBuilder::BuildAmount(Parser::AmountContext* ctx) {
  return ast::Amount{BuildLiteral(ctx->getStart()), SpanOf(ctx)};
}

ast::Text AstBuilder::BuildText(antlr4::Token* token) { return ast::Text{DecodeString(token), SpanOf(token)}; }

}  // namespace alert::parse
