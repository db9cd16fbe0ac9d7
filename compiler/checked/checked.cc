#include "compiler/checked/checked.h"

namespace alert::checked {

const char* TypeName(Type type) {
  switch (type) {
    case Type::kAny: return "value";
    case Type::kNull: return "null";
    case Type::kBool: return "boolean";
    case Type::kNumber: return "number";
    case Type::kString: return "string";
    case Type::kArray: return "array";
    case Type::kCondition: return "condition";
    case Type::kNodes: return "nodes";
  }
  return "";
}

const char* OpName(Op op) {
  switch (op) {
    case Op::kConst: return "const";
    case Op::kArray: return "array";
    case Op::kPath: return "path";
    case Op::kExists: return "exists";
    case Op::kNot: return "!";
    case Op::kAnd: return "&&";
    case Op::kOr: return "||";
    case Op::kEq: return "==";
    case Op::kNe: return "!=";
    case Op::kLt: return "<";
    case Op::kLe: return "<=";
    case Op::kGt: return ">";
    case Op::kGe: return ">=";
    case Op::kMatch: return "=~";
    case Op::kNotMatch: return "!~";
    case Op::kIn: return "in";
    case Op::kNotIn: return "not in";
    case Op::kContains: return "contains";
    case Op::kNotContains: return "not contains";
    case Op::kStartsWith: return "starts with";
    case Op::kNotStartsWith: return "not starts with";
    case Op::kEndsWith: return "ends with";
    case Op::kNotEndsWith: return "not ends with";
    case Op::kIsNull: return "is null";
    case Op::kIsNotNull: return "is not null";
    case Op::kIsEmpty: return "is empty";
    case Op::kIsNotEmpty: return "is not empty";
    case Op::kNeg: return "-";
    case Op::kAdd: return "+";
    case Op::kSub: return "-";
    case Op::kMul: return "*";
    case Op::kDiv: return "/";
    case Op::kRem: return "%";
    case Op::kCall: return "call";
    case Op::kEvery: return "every";
    case Op::kAny: return "any";
    case Op::kAggregate: return "aggregate";
    case Op::kBaseline: return "baseline";
  }
  return "";
}

const char* FunctionName(Function f) {
  switch (f) {
    case Function::kLower: return "lower";
    case Function::kUpper: return "upper";
    case Function::kAbs: return "abs";
    case Function::kMin2: return "min";
    case Function::kMax2: return "max";
    case Function::kLength: return "length";
    case Function::kCount: return "count";
    case Function::kValue: return "value";
    case Function::kMatch: return "match";
    case Function::kSearch: return "search";
  }
  return "";
}

const char* AggregateName(Aggregate::Kind kind) {
  switch (kind) {
    case Aggregate::Kind::kCount: return "count";
    case Aggregate::Kind::kCountIf: return "count_if";
    case Aggregate::Kind::kSum: return "sum";
    case Aggregate::Kind::kAvg: return "avg";
    case Aggregate::Kind::kMin: return "min";
    case Aggregate::Kind::kMax: return "max";
    case Aggregate::Kind::kStddev: return "stddev";
    case Aggregate::Kind::kCountDistinct: return "count_distinct";
    case Aggregate::Kind::kPercentile: return "percentile";
    case Aggregate::Kind::kLast: return "last";
    case Aggregate::Kind::kRate: return "rate";
  }
  return "";
}

const char* BaselineName(Baseline::Kind kind) {
  switch (kind) {
    case Baseline::Kind::kMean: return "mean";
    case Baseline::Kind::kStddev: return "stddev";
    case Baseline::Kind::kZscore: return "zscore";
  }
  return "";
}

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo: return "info";
    case Severity::kMinor: return "minor";
    case Severity::kMajor: return "major";
    case Severity::kCritical: return "critical";
  }
  return "";
}

const char* WindowKindName(Window::Kind kind) {
  switch (kind) {
    case Window::Kind::kNone: return "none";
    case Window::Kind::kTumbling: return "tumbling";
    case Window::Kind::kSliding: return "sliding";
    case Window::Kind::kSession: return "session";
    case Window::Kind::kGlobal: return "global";
  }
  return "";
}

}  // namespace alert::checked
