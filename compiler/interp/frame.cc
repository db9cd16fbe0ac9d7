// Evaluation of checked expressions (LANGUAGE.md, "Per-event predicates").

#include <algorithm>
#include <cctype>
#include <cmath>

#include "compiler/interp/frame.h"
#include "runtime/regex/regex.h"

namespace alert::interp {
namespace {

using checked::Op;
using checked::Type;

// The positive form of a negated test: `P != v` is `not (P == v)`, and so on.
Op Positive(Op op, bool* negated) {
  *negated = true;
  switch (op) {
    case Op::kNe: return Op::kEq;
    case Op::kNotMatch: return Op::kMatch;
    case Op::kNotIn: return Op::kIn;
    case Op::kNotContains: return Op::kContains;
    case Op::kNotStartsWith: return Op::kStartsWith;
    case Op::kNotEndsWith: return Op::kEndsWith;
    case Op::kIsNotNull: return Op::kIsNull;
    case Op::kIsNotEmpty: return Op::kIsEmpty;
    default: *negated = false; return op;
  }
}

bool Holds(Op op, const Value& a, const Value& b) {
  switch (op) {
    case Op::kEq: return Equal(a, b);
    case Op::kLt: return Less(a, b);
    case Op::kLe: return Less(a, b) || Equal(a, b);
    case Op::kGt: return Less(b, a);
    case Op::kGe: return Less(b, a) || Equal(a, b);
    case Op::kIn:
      if (b.kind() != Value::Kind::kArray) return false;
      for (size_t i = 0; i < b.size(); ++i) {
        if (Equal(a, b.at(i))) return true;
      }
      return false;
    case Op::kContains:
      if (a.kind() == Value::Kind::kString && b.kind() == Value::Kind::kString) {
        return a.string().find(b.string()) != std::string_view::npos;
      }
      if (a.kind() == Value::Kind::kArray) {
        for (size_t i = 0; i < a.size(); ++i) {
          if (Equal(a.at(i), b)) return true;
        }
      }
      return false;
    case Op::kStartsWith:
      return a.kind() == Value::Kind::kString && b.kind() == Value::Kind::kString && a.string().starts_with(b.string());
    case Op::kEndsWith:
      return a.kind() == Value::Kind::kString && b.kind() == Value::Kind::kString && a.string().ends_with(b.string());
    default: return false;
  }
}

}  // namespace

ArithOp ArithOpOf(checked::Op op) {
  switch (op) {
    case Op::kAdd: return ArithOp::kAdd;
    case Op::kSub: return ArithOp::kSub;
    case Op::kMul: return ArithOp::kMul;
    case Op::kDiv: return ArithOp::kDiv;
    default: return ArithOp::kRem;
  }
}

std::string_view Frame::Keep(std::string s) {
  strings_.push_back(std::move(s));
  return strings_.back();
}

std::vector<jsonpath::Node> Frame::Nodes(uint32_t path) {
  const checked::Path& p = rule_.paths[path];
  std::vector<jsonpath::Node> nodes;
  jsonpath::Select(p.query, root_, current_, &nodes);
  return nodes;
}

Value Frame::PathValue(uint32_t path) { return jsonpath::QueryValue(rule_.paths[path].query, root_, current_); }

bool Frame::Exists(uint32_t path) {
  const checked::Path& p = rule_.paths[path];
  if (p.query.trailing != jsonpath::Trailing::kNone) return !PathValue(path).is_nothing();
  return !Nodes(path).empty();
}

std::vector<Value> Frame::Operands(const checked::Expr& e) {
  if (e.op == Op::kPath && e.type == Type::kNodes) {
    std::vector<Value> values;
    for (jsonpath::Node n : Nodes(e.index)) values.push_back(Value::Of(n));
    return values;
  }
  return {Eval(e)};
}

bool Frame::Compare(const checked::Expr& e) {
  bool negated = false;
  const Op op = Positive(e.op, &negated);
  const std::vector<Value> lhs = Operands(*e.args[0]);
  bool holds = false;
  switch (op) {
    case Op::kIsNull:
      holds = std::any_of(lhs.begin(), lhs.end(), [](const Value& v) { return v.kind() == Value::Kind::kNull; });
      break;
    case Op::kIsEmpty:
      // Holds when no selected value is non-empty (a missing value is empty).
      holds = std::all_of(lhs.begin(), lhs.end(), [](const Value& v) { return v.IsEmpty(); });
      break;
    case Op::kMatch: {
      const re2::RE2& re = *regexes_[e.index];
      holds = std::any_of(lhs.begin(), lhs.end(), [&](const Value& v) {
        return v.kind() == Value::Kind::kString && regex::Matches(re, v.string(), /*full_match=*/false);
      });
      break;
    }
    default: {
      // Existential over the nodes of either side.
      const std::vector<Value> rhs = Operands(*e.args[1]);
      for (const Value& a : lhs) {
        for (const Value& b : rhs) {
          if (Holds(op, a, b)) {
            holds = true;
            break;
          }
        }
        if (holds) break;
      }
    }
  }
  return negated ? !holds : holds;
}

bool Frame::Quantify(const checked::Expr& e) {
  const bool every = e.op == Op::kEvery;
  const jsonpath::Node saved = current_;
  bool result = every;
  for (jsonpath::Node node : Nodes(e.index)) {
    current_ = node;
    if (Condition(*e.args[0]) != every) {
      result = !every;
      break;
    }
  }
  current_ = saved;
  return result;
}

bool Frame::Condition(const checked::Expr& e) {
  switch (e.op) {
    case Op::kConst: return e.value.kind == Scalar::Kind::kBool && e.value.boolean;
    case Op::kExists: return Exists(e.index);
    case Op::kNot: return !Condition(*e.args[0]);
    case Op::kAnd:
      for (const auto& a : e.args) {
        if (!Condition(*a)) return false;
      }
      return true;
    case Op::kOr:
      for (const auto& a : e.args) {
        if (Condition(*a)) return true;
      }
      return false;
    case Op::kEvery:
    case Op::kAny: return Quantify(e);
    case Op::kCall: {
      const Value v = Call(e);
      return v.kind() == Value::Kind::kBool && v.boolean();
    }
    case Op::kEq: case Op::kNe: case Op::kLt: case Op::kLe: case Op::kGt: case Op::kGe:
    case Op::kMatch: case Op::kNotMatch: case Op::kIn: case Op::kNotIn:
    case Op::kContains: case Op::kNotContains: case Op::kStartsWith: case Op::kNotStartsWith:
    case Op::kEndsWith: case Op::kNotEndsWith: case Op::kIsNull: case Op::kIsNotNull:
    case Op::kIsEmpty: case Op::kIsNotEmpty:
      return Compare(e);
    default: return false;  // values are not conditions; the checker rules them out
  }
}

Value Frame::Eval(const checked::Expr& e) {
  switch (e.op) {
    case Op::kConst:
      switch (e.value.kind) {
        case Scalar::Kind::kNull: return Value::Null();
        case Scalar::Kind::kBool: return Value::Bool(e.value.boolean);
        case Scalar::Kind::kNumber: return Value::Num(e.value.number);
        case Scalar::Kind::kString: return Value::Str(e.value.string);
      }
      return Value();
    case Op::kArray: {
      std::vector<Value>& elements = arrays_.emplace_back();
      for (const auto& a : e.args) elements.push_back(Eval(*a));
      return Value::Array(elements);
    }
    case Op::kPath:
      // A non-singular path used as one value (never produced by the
      // checker outside comparisons): its single node, or nothing.
      return PathValue(e.index);
    case Op::kNeg: {
      const Value v = Eval(*e.args[0]);
      if (v.kind() != Value::Kind::kNumber) return Value();
      return Value::Num(v.number().Negated());
    }
    case Op::kAdd: case Op::kSub: case Op::kMul: case Op::kDiv: case Op::kRem:
      return Arithmetic(ArithOpOf(e.op), Eval(*e.args[0]), Eval(*e.args[1]));
    case Op::kCall: return Call(e);
    case Op::kBaseline:
      return baselines_ ? baselines_->Read(rule_.baselines[e.index], e.index) : Value();
    case Op::kAggregate: return aggregates_ ? aggregates_->Read(e.index) : Value();
    default:
      if (e.type == Type::kCondition) return Value::Bool(Condition(e));
      return Value();
  }
}

Value Frame::Call(const checked::Expr& e) {
  using F = checked::Function;
  switch (e.function) {
    case F::kCount: {
      const checked::Expr& path = *e.args[0];
      if (rule_.paths[path.index].query.trailing != jsonpath::Trailing::kNone) {
        return Value::Num(Number::Int(PathValue(path.index).is_nothing() ? 0 : 1));
      }
      return Value::Num(Number::Uint(Nodes(path.index).size()));
    }
    case F::kValue: return PathValue(e.args[0]->index);
    case F::kMatch:
    case F::kSearch: {
      const Value subject = Eval(*e.args[0]);
      if (subject.kind() != Value::Kind::kString) return Value::Bool(false);
      const bool full = e.function == F::kMatch;
      if (e.args[1]->op == Op::kConst) return Value::Bool(regex::Matches(*regexes_[e.index], subject.string(), full));
      const Value pattern = Eval(*e.args[1]);
      if (pattern.kind() != Value::Kind::kString) return Value::Bool(false);
      return Value::Bool(regex::MatchesDynamic(pattern.string(), subject.string(), full));
    }
    default: break;
  }
  const Value a = Eval(*e.args[0]);
  switch (e.function) {
    case F::kLower:
    case F::kUpper: {
      if (a.kind() != Value::Kind::kString) return Value();
      std::string s(a.string());
      // ASCII letters only; other characters are kept as they are.
      for (char& c : s) {
        c = static_cast<char>(e.function == F::kLower ? std::tolower(static_cast<unsigned char>(c))
                                                      : std::toupper(static_cast<unsigned char>(c)));
      }
      return Value::Str(Keep(std::move(s)));
    }
    case F::kAbs:
      if (a.kind() != Value::Kind::kNumber) return Value();
      return a.number() < Number::Int(0) ? Value::Num(a.number().Negated()) : a;
    case F::kLength: return jsonpath::Length(a);
    case F::kMin2:
    case F::kMax2: {
      const Value b = Eval(*e.args[1]);
      if (a.kind() != Value::Kind::kNumber || b.kind() != Value::Kind::kNumber) return Value();
      if (a.number().IsNan() || b.number().IsNan()) return Value();
      const bool a_first = e.function == F::kMin2 ? !(b.number() < a.number()) : !(a.number() < b.number());
      return a_first ? a : b;
    }
    default: return Value();
  }
}

}  // namespace alert::interp
