// Message and label templates: {{count}}, {{value}}, {{key}}, {{key.N}},
// {{rule}}, {{window.start}}, {{window.end}} and {{$.path}}.

#include <fmt/format.h>

#include "compiler/diag/suggest.h"
#include "compiler/parse/parse.h"
#include "compiler/sema/rule_checker.h"

namespace alert::sema {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<checked::Template> RuleChecker::CheckTemplate(const ast::Text& text, const ast::Rule& rule) {
  using Part = checked::Template::Part;
  checked::Template out;
  out.source = text.value;
  const std::string& s = text.value;
  // Positions inside the literal are exact when no escape precedes them.
  auto span_at = [&](size_t begin, size_t end) {
    return diag::Span{static_cast<uint32_t>(std::min<size_t>(text.span.begin + 1 + begin, text.span.end)),
                      static_cast<uint32_t>(std::min<size_t>(text.span.begin + 1 + end, text.span.end))};
  };
  bool ok = true;
  size_t pos = 0;
  while (pos < s.size()) {
    const size_t open = s.find("{{", pos);
    if (open == std::string::npos) {
      out.parts.push_back(Part{Part::Kind::kText, s.substr(pos), 0});
      break;
    }
    if (open > pos) out.parts.push_back(Part{Part::Kind::kText, s.substr(pos, open - pos), 0});
    const size_t close = s.find("}}", open + 2);
    if (close == std::string::npos) {
      diagnostics_->Error(span_at(open, open + 2), "unclosed placeholder: '{{' needs a matching '}}'");
      return std::nullopt;
    }
    const std::string_view name = Trim(std::string_view(s).substr(open + 2, close - open - 2));
    const diag::Span span = span_at(open, close + 2);
    pos = close + 2;
    Part part;
    if (name == "count") {
      part.kind = Part::Kind::kCount;
    } else if (name == "value") {
      part.kind = Part::Kind::kValue;
      if (rule_.aggregates.empty() && rule_.baselines.empty()) {
        diagnostics_->Error(span, "'{{value}}' shows the first aggregate or baseline of 'fire when', and this rule has none");
        ok = false;
      }
    } else if (name == "key") {
      part.kind = Part::Kind::kKey;
    } else if (name.starts_with("key.") && name.size() > 4 &&
               name.find_first_not_of("0123456789", 4) == std::string_view::npos && name.size() < 8) {
      part.kind = Part::Kind::kKeyN;
      part.index = static_cast<uint32_t>(std::stoul(std::string(name.substr(4))));
      const size_t positions = std::max<size_t>(1, rule.group_by.size());
      if (part.index >= positions) {
        diagnostics_->Error(span, fmt::format("'{{{{{}}}}}': the key has {} value{} (from 0)", name, positions,
                                              positions == 1 ? "" : "s"));
        ok = false;
      }
    } else if (name == "rule") {
      part.kind = Part::Kind::kRule;
    } else if (name == "window.start" || name == "window.end") {
      part.kind = name == "window.start" ? Part::Kind::kWindowStart : Part::Kind::kWindowEnd;
    } else if (name.starts_with("$")) {
      const diag::Source path_source(source_.name(), std::string(name));
      auto parsed = parse::ParseQuery(path_source);
      if (!parsed.path) {
        const std::string why = parsed.diagnostics.empty() ? "" : ": " + parsed.diagnostics.items()[0].message;
        diagnostics_->Error(span, fmt::format("invalid path in placeholder '{{{{{}}}}}'{}", name, why));
        ok = false;
        continue;
      }
      if (!parsed.path->IsSingular()) {
        diagnostics_->Error(span, fmt::format("placeholder '{{{{{}}}}}' needs a singular path", name));
        ok = false;
        continue;
      }
      auto id = AddPath(*parsed.path);
      if (!id) {
        ok = false;
        continue;
      }
      part.kind = Part::Kind::kPath;
      part.index = *id;
    } else {
      diagnostics_->Error(span, fmt::format("unknown placeholder '{{{{{}}}}}'{}", name,
                                            diag::DidYouMean(name, {"count", "value", "key", "rule", "window.start",
                                                                    "window.end"})));
      ok = false;
      continue;
    }
    out.parts.push_back(std::move(part));
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace alert::sema
