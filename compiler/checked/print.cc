#include "compiler/checked/print.h"

#include <fmt/format.h>

#include "runtime/json/json_string.h"

namespace alert::checked {
namespace {

std::string Duration(int64_t ms) {
  if (ms == 0) return "0";
  static constexpr std::pair<int64_t, const char*> kUnits[] = {
      {86'400'000, "d"}, {3'600'000, "h"}, {60'000, "m"}, {1000, "s"}};
  for (const auto& [size, unit] : kUnits) {
    if (ms % size == 0) return fmt::format("{}{} ({} ms)", ms / size, unit, ms);
  }
  return fmt::format("{}ms", ms);
}

std::string TemplateText(const Template& t) { return json::Quote(t.source); }

}  // namespace

std::string PrintExpr(const Rule& rule, const Expr& e) {
  auto arg = [&](size_t i) { return PrintExpr(rule, *e.args[i]); };
  switch (e.op) {
    case Op::kConst: return e.value.ToJson();
    case Op::kArray: {
      std::string out = "[";
      for (size_t i = 0; i < e.args.size(); ++i) out += (i ? ", " : "") + arg(i);
      return out + "]";
    }
    case Op::kPath: return fmt::format("p{}:{}", e.index, rule.paths[e.index].text);
    case Op::kExists: return fmt::format("exists p{}:{}", e.index, rule.paths[e.index].text);
    case Op::kAnd:
    case Op::kOr: {
      std::string out = "(";
      for (size_t i = 0; i < e.args.size(); ++i) out += (i ? fmt::format(" {} ", OpName(e.op)) : "") + arg(i);
      return out + ")";
    }
    case Op::kNot: return "!" + arg(0);
    case Op::kNeg: return "-" + arg(0);
    case Op::kIsNull:
    case Op::kIsNotNull:
    case Op::kIsEmpty:
    case Op::kIsNotEmpty: return fmt::format("({} {})", arg(0), OpName(e.op));
    case Op::kMatch:
    case Op::kNotMatch:
      return fmt::format("({} {} r{}:{})", arg(0), OpName(e.op), e.index, json::Quote(rule.regexes[e.index].pattern));
    case Op::kCall: {
      std::string out = std::string(FunctionName(e.function)) + "(";
      for (size_t i = 0; i < e.args.size(); ++i) out += (i ? ", " : "") + arg(i);
      return out + ")";
    }
    case Op::kEvery:
    case Op::kAny:
      return fmt::format("{}(p{}:{}, {})", OpName(e.op), e.index, rule.paths[e.index].text, arg(0));
    case Op::kAggregate: {
      const Aggregate& a = rule.aggregates[e.index];
      std::string inner = a.arg ? PrintExpr(rule, *a.arg) : "";
      if (a.kind == Aggregate::Kind::kPercentile) inner += fmt::format(", {}", a.quantile);
      return fmt::format("a{}:{}({})", e.index, AggregateName(a.kind), inner);
    }
    case Op::kBaseline: {
      const Baseline& b = rule.baselines[e.index];
      return fmt::format("b{}:{}(p{}:{}, {}ms)", e.index, BaselineName(b.kind), b.path, rule.paths[b.path].text,
                         b.window_ms);  // milliseconds, as the engine reads it
    }
    default: return fmt::format("({} {} {})", arg(0), OpName(e.op), arg(1));
  }
}

std::string PrintRule(const Rule& rule) {
  std::string out = fmt::format("rule {}\n", rule.id);
  auto line = [&](const char* name, const std::string& value) { out += fmt::format("  {:<12}{}\n", name, value); };
  if (!rule.title.empty()) line("title", json::Quote(rule.title));
  if (!rule.description.empty()) line("description", json::Quote(rule.description));
  line("severity", SeverityName(rule.severity));
  line("scope", rule.tenant ? "tenant " + json::Quote(*rule.tenant) : "global");
  if (rule.when) line("when", PrintExpr(rule, *rule.when));
  if (rule.group_by.empty()) {
    line("group by", "(the tenant)");
  } else {
    std::string keys;
    for (size_t i = 0; i < rule.group_by.size(); ++i) {
      keys += fmt::format("{}p{}:{}", i ? ", " : "", rule.group_by[i], rule.paths[rule.group_by[i]].text);
    }
    line("group by", keys);
  }
  switch (rule.window.kind) {
    case Window::Kind::kNone: line("window", "none (alerts on every matching event)"); break;
    case Window::Kind::kTumbling: line("window", "tumbling " + Duration(rule.window.size_ms)); break;
    case Window::Kind::kSliding:
      line("window", "sliding " + Duration(rule.window.size_ms) + " every " + Duration(rule.window.slide_ms));
      break;
    case Window::Kind::kSession: line("window", "session gap " + Duration(rule.window.gap_ms)); break;
    case Window::Kind::kGlobal: line("window", "global"); break;
  }
  if (rule.fire) {
    const Fire& f = *rule.fire;
    if (f.absent_ms) {
      line("fire when", "absent for " + Duration(*f.absent_ms));
    } else {
      std::string text = PrintExpr(rule, *f.condition);
      if (f.for_windows > 1) text += fmt::format(" for {} windows", f.for_windows);
      if (f.across) {
        const Across& a = *f.across;
        text += a.percent ? fmt::format(" across at least {}/{} x 100% of p{}:{}", a.percent_num, a.percent_den,
                                        a.path, rule.paths[a.path].text)
                          : fmt::format(" across at least {} distinct p{}:{}", a.min_sensors, a.path,
                                        rule.paths[a.path].text);
      }
      line("fire when", text);
    }
  }
  if (rule.clear) line("clear when", PrintExpr(rule, *rule.clear));
  if (rule.dedupe_by) line("dedupe by", fmt::format("p{}:{}", *rule.dedupe_by, rule.paths[*rule.dedupe_by].text));
  if (rule.time) line("time", fmt::format("p{}:{}", *rule.time, rule.paths[*rule.time].text));
  if (rule.fire && !rule.fire->absent_ms) line("lateness", Duration(rule.lateness_ms));
  if (rule.backfill_ms) line("backfill", Duration(*rule.backfill_ms));
  for (const Label& l : rule.labels) line("label", l.name + " = " + TemplateText(l.value));
  if (rule.message) line("message", TemplateText(*rule.message));

  out += "  paths\n";
  for (size_t i = 0; i < rule.paths.size(); ++i) {
    const Path& p = rule.paths[i];
    out += fmt::format("    p{:<3} {:<40} {}\n", i, p.text, p.singular ? "singular" : "nodes");
  }
  if (!rule.aggregates.empty()) {
    out += "  aggregates\n";
    for (size_t i = 0; i < rule.aggregates.size(); ++i) {
      const Aggregate& a = rule.aggregates[i];
      out += fmt::format("    a{:<3} {}({})\n", i, AggregateName(a.kind), a.arg ? PrintExpr(rule, *a.arg) : "");
    }
  }
  if (!rule.baselines.empty()) {
    out += "  baselines\n";
    for (size_t i = 0; i < rule.baselines.size(); ++i) {
      const Baseline& b = rule.baselines[i];
      out += fmt::format("    b{:<3} {}(p{}, {})\n", i, BaselineName(b.kind), b.path, Duration(b.window_ms));
    }
  }
  if (!rule.regexes.empty()) {
    out += "  regexes\n";
    for (size_t i = 0; i < rule.regexes.size(); ++i) {
      const Regex& r = rule.regexes[i];
      out += fmt::format("    r{:<3} {} ({}, RE2 {})\n", i, json::Quote(r.pattern),
                         r.full_match ? "whole string" : "anywhere", json::Quote(r.re2));
    }
  }
  return out;
}

}  // namespace alert::checked
