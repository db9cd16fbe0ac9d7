#include "runtime/jsonpath/query.h"

#include <cctype>

#include "runtime/json/json_string.h"

namespace alert::jsonpath {
namespace {

bool IsShorthandName(const std::string& name) {
  if (name.empty()) return false;
  const auto first = static_cast<unsigned char>(name[0]);
  if (!(std::isalpha(first) || first == '_' || first >= 0x80)) return false;
  for (unsigned char c : name) {
    if (!(std::isalnum(c) || c == '_' || c >= 0x80)) return false;
  }
  return true;
}

// A name as an RFC 9535 single-quoted string literal.
std::string SingleQuoted(const std::string& name) {
  std::string out = "'";
  json::AppendEscaped(out, name, '\'');
  return out + "'";
}

std::string SelectorText(const Selector& s) {
  switch (s.kind) {
    case Selector::Kind::kName: return SingleQuoted(s.name);
    case Selector::Kind::kWildcard: return "*";
    case Selector::Kind::kIndex: return std::to_string(s.index);
    case Selector::Kind::kSlice: {
      std::string out = s.start ? std::to_string(*s.start) : "";
      out += ':';
      if (s.end) out += std::to_string(*s.end);
      if (s.step != 1) out += ":" + std::to_string(s.step);
      return out;
    }
    case Selector::Kind::kFilter: return "?" + s.filter->ToString();
  }
  return "";
}

const char* TrailingText(Trailing t) {
  switch (t) {
    case Trailing::kNone: return "";
    case Trailing::kLength: return ".length()";
    case Trailing::kSize: return ".size()";
    case Trailing::kMin: return ".min()";
    case Trailing::kMax: return ".max()";
    case Trailing::kAvg: return ".avg()";
    case Trailing::kSum: return ".sum()";
    case Trailing::kStddev: return ".stddev()";
  }
  return "";
}

const char* CompareText(FilterExpr::CompareOp op) {
  switch (op) {
    case FilterExpr::CompareOp::kEq: return "==";
    case FilterExpr::CompareOp::kNe: return "!=";
    case FilterExpr::CompareOp::kLt: return "<";
    case FilterExpr::CompareOp::kLe: return "<=";
    case FilterExpr::CompareOp::kGt: return ">";
    case FilterExpr::CompareOp::kGe: return ">=";
  }
  return "";
}

const char* FunctionText(FilterExpr::Function f) {
  switch (f) {
    case FilterExpr::Function::kLength: return "length";
    case FilterExpr::Function::kCount: return "count";
    case FilterExpr::Function::kMatch: return "match";
    case FilterExpr::Function::kSearch: return "search";
    case FilterExpr::Function::kValue: return "value";
  }
  return "";
}

}  // namespace

bool Query::IsSingular() const {
  if (trailing != Trailing::kNone) return true;
  for (const Segment& s : segments) {
    if (s.descendant || s.selectors.size() != 1) return false;
    const Selector::Kind k = s.selectors[0].kind;
    if (k != Selector::Kind::kName && k != Selector::Kind::kIndex) return false;
  }
  return true;
}

std::string Query::ToString() const {
  std::string out = relative ? "@" : "$";
  for (const Segment& seg : segments) {
    if (seg.selectors.size() == 1 && seg.selectors[0].kind == Selector::Kind::kName &&
        IsShorthandName(seg.selectors[0].name)) {
      out += seg.descendant ? ".." : ".";
      out += seg.selectors[0].name;
      continue;
    }
    if (seg.selectors.size() == 1 && seg.selectors[0].kind == Selector::Kind::kWildcard) {
      out += seg.descendant ? "..*" : ".*";
      continue;
    }
    out += seg.descendant ? "..[" : "[";
    for (size_t i = 0; i < seg.selectors.size(); ++i) {
      if (i) out += ", ";
      out += SelectorText(seg.selectors[i]);
    }
    out += ']';
  }
  return out + TrailingText(trailing);
}

std::string FilterExpr::ToString() const {
  switch (kind) {
    case Kind::kOr:
    case Kind::kAnd: {
      std::string out = "(";
      for (size_t i = 0; i < args.size(); ++i) {
        if (i) out += kind == Kind::kOr ? " || " : " && ";
        out += args[i].ToString();
      }
      return out + ")";
    }
    case Kind::kNot: return "!" + args[0].ToString();
    case Kind::kCompare: return args[0].ToString() + " " + CompareText(op) + " " + args[1].ToString();
    case Kind::kExists:
    case Kind::kQuery: return query.ToString();
    case Kind::kLiteral: return literal.ToJson();
    case Kind::kFunction: {
      std::string out = std::string(FunctionText(function)) + "(";
      for (size_t i = 0; i < args.size(); ++i) {
        if (i) out += ", ";
        out += args[i].ToString();
      }
      return out + ")";
    }
  }
  return "";
}

}  // namespace alert::jsonpath
