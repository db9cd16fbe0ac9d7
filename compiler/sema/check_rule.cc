// Clauses: which combinations are allowed, windows, durations, paths of
// `group by`, `dedupe by`, `time` and `across`.

#include <fmt/format.h>

#include "compiler/sema/rule_checker.h"

namespace alert::sema {
namespace {

// ceil(a / b) for a >= 0, b > 0, without the overflow of (a + b - 1) / b.
int64_t CeilDiv(int64_t a, int64_t b) { return a / b + (a % b != 0); }


bool Windowed(checked::Window::Kind k) {
  return k == checked::Window::Kind::kTumbling || k == checked::Window::Kind::kSliding ||
         k == checked::Window::Kind::kSession;
}

bool UsesRate(const checked::Rule& rule) {
  for (const auto& a : rule.aggregates) {
    if (a.kind == checked::Aggregate::Kind::kRate) return true;
  }
  return false;
}

// "80", "80.5", "1e2": an exact fraction num/den of the decimal text, or
// nullopt when it does not fit.
std::optional<std::pair<int64_t, int64_t>> ExactDecimal(std::string_view text) {
  int64_t num = 0, den = 1;
  bool fraction = false;
  for (char c : text) {
    if (c == '.') {
      fraction = true;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    if (num > (INT64_MAX - 9) / 10 || (fraction && den > INT64_MAX / 10)) return std::nullopt;
    num = num * 10 + (c - '0');
    if (fraction) den *= 10;
  }
  return std::make_pair(num, den);
}

}  // namespace

std::optional<checked::Rule> RuleChecker::Check(const ast::Rule& rule) {
  const size_t errors_before = diagnostics_->ErrorCount();
  rule_ = checked::Rule{};
  path_ids_.clear();
  path_limit_reported_ = false;
  rule_.id = rule.name;
  rule_.span = rule.name_span;
  rule_.source = source_.text().substr(rule.span.begin, rule.span.end - rule.span.begin);
  CheckClauses(rule);
  if (diagnostics_->ErrorCount() != errors_before) return std::nullopt;
  return std::move(rule_);
}

std::optional<int64_t> RuleChecker::PositiveDuration(const ast::Amount& amount, const char* what) {
  const Number& n = amount.value.number;
  if (amount.value.kind != ast::Literal::Kind::kDuration) {
    diagnostics_->Error(amount.span, fmt::format("{} must be a duration such as 5m, not '{}'", what, amount.value.text));
    return std::nullopt;
  }
  if (!n.is_int() || n.int_value() <= 0) {
    diagnostics_->Error(amount.span, fmt::format("{} must be a whole number of milliseconds greater than 0", what));
    return std::nullopt;
  }
  return n.int_value();
}

std::optional<uint32_t> RuleChecker::SingularPath(const ast::Path& path, const char* clause) {
  if (path.relative || !path.IsSingular()) {
    diagnostics_->Error(path.span, fmt::format("'{}' takes a singular path of the event (names and indexes only, "
                                               "such as $.customer.id)",
                                               clause));
    return std::nullopt;
  }
  return AddPath(path);
}

void RuleChecker::CheckClauses(const ast::Rule& rule) {
  using ast::ClauseKind;
  if (rule.title) rule_.title = rule.title->value;
  if (rule.description) rule_.description = rule.description->value;
  if (rule.severity) rule_.severity = static_cast<checked::Severity>(*rule.severity);
  if (rule.scope && !rule.scope->global) {
    if (rule.scope->tenant.empty()) diagnostics_->Error(rule.scope->span, "the tenant of 'scope tenant' cannot be empty");
    rule_.tenant = rule.scope->tenant;
  }

  if (!rule.when) {
    diagnostics_->Error(rule.keyword, fmt::format("rule '{}' has no 'when' clause; every rule needs one", rule.name));
  } else {
    rule_.when = CheckCondition(*rule.when, ExprScope{Context::kWhen, "when", false});
    rule_.when_text = source_.text().substr(rule.when->span.begin, rule.when->span.end - rule.when->span.begin);
  }

  for (const ast::Path& p : rule.group_by) {
    if (auto id = SingularPath(p, "group by")) rule_.group_by.push_back(*id);
  }
  if (rule.dedupe_by) rule_.dedupe_by = SingularPath(*rule.dedupe_by, "dedupe by");
  if (rule.time) rule_.time = SingularPath(*rule.time, "time");
  if (rule.lateness) {
    if (auto ms = PositiveDuration(*rule.lateness, "'lateness'")) rule_.lateness_ms = *ms;
  }
  if (rule.backfill) rule_.backfill_ms = PositiveDuration(*rule.backfill, "'backfill'");

  CheckWindow(rule);
  CheckFire(rule);

  if (rule.clear) {
    const diag::Span keyword = *rule.ClauseSpan(ClauseKind::kClear);
    if (!rule.fire) {
      diagnostics_->Error(keyword, "'clear when' needs 'fire when': it says when a firing alert resolves");
    } else if (rule.fire->absent_for) {
      diagnostics_->Error(keyword, "'clear when' cannot be used with 'fire when absent for': the next matching event "
                                   "resolves such an alert");
    } else {
      rule_.clear = CheckCondition(*rule.clear, ExprScope{Context::kFire, "clear when", false});
    }
  }
  if (!rule.fire) {
    for (ClauseKind k : {ClauseKind::kWindow, ClauseKind::kLateness}) {
      if (auto span = rule.ClauseSpan(k)) {
        diagnostics_->Warning(*span, fmt::format("'{}' has no effect without 'fire when': the rule alerts on every "
                                                 "matching event",
                                                 ast::ClauseName(k)));
      }
    }
  }
  if (UsesRate(rule_) && rule_.window.kind != checked::Window::Kind::kTumbling &&
      rule_.window.kind != checked::Window::Kind::kSliding) {
    for (const auto& a : rule_.aggregates) {
      if (a.kind == checked::Aggregate::Kind::kRate) {
        diagnostics_->Error(a.span, "rate() needs a tumbling or sliding window: it is count() per second of window length");
        break;
      }
    }
  }

  if (rule.message) rule_.message = CheckTemplate(*rule.message, rule);
  for (const ast::Label& l : rule.labels) {
    if (auto value = CheckTemplate(ast::Text{l.value, l.value_span}, rule)) {
      rule_.labels.push_back(checked::Label{l.name, std::move(*value)});
    }
  }
}

void RuleChecker::CheckWindow(const ast::Rule& rule) {
  using K = checked::Window::Kind;
  if (!rule.fire) return;  // alert per event; `window` only earns a warning
  checked::Window& w = rule_.window;
  if (!rule.window) {
    w.kind = K::kGlobal;
    return;
  }
  const ast::Window& aw = *rule.window;
  switch (aw.kind) {
    case ast::Window::Kind::kTumbling:
      w.kind = K::kTumbling;
      if (aw.size) w.size_ms = PositiveDuration(*aw.size, "the window size").value_or(0);
      break;
    case ast::Window::Kind::kSliding:
      w.kind = K::kSliding;
      if (aw.size) w.size_ms = PositiveDuration(*aw.size, "the window size").value_or(0);
      if (aw.every) w.slide_ms = PositiveDuration(*aw.every, "the slide").value_or(0);
      if (w.size_ms > 0 && w.slide_ms > w.size_ms) {
        diagnostics_->Error(aw.every->span, fmt::format("the slide ({}) must not exceed the window size ({})",
                                                        aw.every->value.text, aw.size->value.text));
      } else if (w.size_ms > 0 && w.slide_ms > 0 &&
                 CeilDiv(w.size_ms, w.slide_ms) > static_cast<int64_t>(limits_.max_sliding_windows)) {
        const auto most = static_cast<int64_t>(limits_.max_sliding_windows);
        diagnostics_->Error(aw.every->span,
                            fmt::format("a {} window sliding every {} puts each event in {} windows; at most {} are "
                                        "allowed: slide by at least {}ms",
                                        aw.size->value.text, aw.every->value.text, CeilDiv(w.size_ms, w.slide_ms), most,
                                        CeilDiv(w.size_ms, most)));
      }
      break;
    case ast::Window::Kind::kSession:
      w.kind = K::kSession;
      if (aw.gap) w.gap_ms = PositiveDuration(*aw.gap, "the session gap").value_or(0);
      break;
    case ast::Window::Kind::kGlobal: w.kind = K::kGlobal; break;
  }
}

void RuleChecker::CheckFire(const ast::Rule& rule) {
  if (!rule.fire) return;
  const ast::Fire& f = *rule.fire;
  checked::Fire fire;
  if (f.absent_for) {
    fire.absent_ms = PositiveDuration(*f.absent_for, "'absent for'");
    fire.text = source_.text().substr(f.absent_keyword.begin, f.absent_for->span.end - f.absent_keyword.begin);
    rule_.fire = std::move(fire);
    return;
  }
  fire.condition = CheckCondition(*f.condition, ExprScope{Context::kFire, "fire when", false});
  fire.text = source_.text().substr(f.condition->span.begin, f.condition->span.end - f.condition->span.begin);
  const bool windowed = Windowed(rule_.window.kind);
  if (f.for_spec) {
    fire.has_for = true;
    const ast::Amount& n = f.for_spec->windows;
    if (!windowed) {
      diagnostics_->Error(f.for_spec->keyword, "'for N windows' needs a tumbling, sliding or session window");
    } else if (!n.value.number.is_int() || n.value.number.int_value() < 1 || n.value.number.int_value() > 1000) {
      diagnostics_->Error(n.span, "the number of windows must be a whole number from 1 to 1000");
    } else {
      fire.for_windows = n.value.number.int_value();
    }
  }
  if (f.across) {
    const ast::AcrossSpec& a = *f.across;
    checked::Across across;
    across.percent = a.percent;
    if (!windowed) {
      diagnostics_->Error(a.keyword, "'across at least' needs a tumbling, sliding or session window");
    } else if (a.percent) {
      // The percentage text without its '%', as an exact fraction.
      std::string text = a.amount.value.text;
      text.pop_back();
      const auto exact = ExactDecimal(text);
      const double p = a.amount.value.number.ToDouble() * 100;
      if (!exact || p <= 0 || p > 100) {
        diagnostics_->Error(a.amount.span, fmt::format("the percentage of sensors must be greater than 0% and at most "
                                                       "100%, not {}",
                                                       a.amount.value.text));
      } else {
        across.percent_num = exact->first;
        across.percent_den = exact->second;
      }
    } else if (!a.amount.value.number.is_int() || a.amount.value.number.int_value() < 1) {
      diagnostics_->Error(a.amount.span, "the number of sensors must be a whole number of at least 1");
    } else {
      across.min_sensors = a.amount.value.number.int_value();
    }
    if (auto id = SingularPath(a.path, "across")) across.path = *id;
    fire.across = across;
  }
  rule_.fire = std::move(fire);
}

}  // namespace alert::sema
