#pragma once

// The checked rule: what the checker (compiler/sema) proves well-formed and
// resolves, and the only input the optimizer, code generator and reference
// interpreter accept. Names are resolved to ids, types are known, every path
// is a slot in the rule's path table, windows are normalized to milliseconds.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/source.h"
#include "runtime/jsonpath/query.h"
#include "runtime/value/scalar.h"

namespace alert::checked {

using diag::Span;

// What an expression yields. A singular path yields kAny (any JSON value, or
// nothing); comparisons and tests yield kCondition (true or false).
enum class Type : uint8_t { kAny, kNull, kBool, kNumber, kString, kArray, kCondition, kNodes };
const char* TypeName(Type type);

enum class Op : uint8_t {
  kConst,       // value
  kArray,       // an array literal; args: its elements
  kPath,        // index: a path id. type kAny when singular, kNodes otherwise
  kExists,      // index: a path id
  kNot,
  kAnd, kOr,    // args: two or more operands, evaluated in order (n-ary)
  kEq, kNe, kLt, kLe, kGt, kGe,
  kMatch, kNotMatch,                 // index: a regex id; args: the subject
  kIn, kNotIn, kContains, kNotContains,
  kStartsWith, kNotStartsWith, kEndsWith, kNotEndsWith,
  kIsNull, kIsNotNull, kIsEmpty, kIsNotEmpty,
  kNeg, kAdd, kSub, kMul, kDiv, kRem,
  kCall,        // function; args
  kEvery, kAny, // index: a path id (the nodes); args[0]: the predicate over '@'
  kAggregate,   // index: an aggregate id
  kBaseline,    // index: a baseline id
};
const char* OpName(Op op);

// Scalar functions that compiled code calls (aggregates and baselines are
// separate: they read the engine's state).
enum class Function : uint8_t {
  kLower, kUpper, kAbs, kMin2, kMax2,
  kLength,   // RFC 9535 length() of a value
  kCount,    // RFC 9535 count() of a node list; args[0] is a kPath
  kValue,    // RFC 9535 value() of a node list; args[0] is a kPath
  kMatch,    // RFC 9535 match(): I-Regexp over the whole string
  kSearch,   // RFC 9535 search(): I-Regexp anywhere in the string
};
const char* FunctionName(Function f);

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  Op op = Op::kConst;
  Type type = Type::kAny;
  Span span;
  Scalar value;        // kConst
  uint32_t index = 0;  // kPath, kExists, kEvery, kAny: path id; kMatch: regex id; kAggregate, kBaseline: id
  Function function = Function::kLower;  // kCall
  std::vector<ExprPtr> args;
};

struct Path {
  jsonpath::Query query;
  std::string text;  // query.ToString(): the key paths are shared by
  bool singular = true;
  bool relative = false;  // '@': a node of every()/any()
};

struct Aggregate {
  enum class Kind : uint8_t {
    kCount, kCountIf, kSum, kAvg, kMin, kMax, kStddev, kCountDistinct, kPercentile, kLast, kRate,
  };
  Kind kind = Kind::kCount;
  ExprPtr arg;          // per event of the window; null for count() and rate()
  double quantile = 0;  // kPercentile
  Span span;
  std::string text;     // as written, `avg($.latency)`
};
const char* AggregateName(Aggregate::Kind kind);

struct Baseline {
  enum class Kind : uint8_t { kMean, kStddev, kZscore };
  Kind kind = Kind::kMean;
  uint32_t path = 0;  // a singular path id
  int64_t window_ms = 0;
  Span span;
  std::string text;  // as written
};
const char* BaselineName(Baseline::Kind kind);

struct Regex {
  std::string pattern;  // as written
  std::string re2;      // the RE2 syntax it compiles to
  bool full_match = false;  // RFC match(): the whole string
};

// A message or label template: literal text and placeholders.
struct Template {
  struct Part {
    enum class Kind : uint8_t { kText, kCount, kValue, kKey, kKeyN, kRule, kWindowStart, kWindowEnd, kPath };
    Kind kind = Kind::kText;
    std::string text;    // kText
    uint32_t index = 0;  // kKeyN: the position; kPath: a path id
  };
  std::vector<Part> parts;
  std::string source;  // as written
};

enum class Severity : uint8_t { kInfo, kMinor, kMajor, kCritical };
const char* SeverityName(Severity s);

struct Window {
  enum class Kind : uint8_t { kNone, kTumbling, kSliding, kSession, kGlobal };
  Kind kind = Kind::kNone;  // kNone: no `fire when`, one alert per matching event
  int64_t size_ms = 0;      // tumbling, sliding
  int64_t slide_ms = 0;     // sliding
  int64_t gap_ms = 0;       // session
};
const char* WindowKindName(Window::Kind kind);

struct Across {
  bool percent = false;
  int64_t min_sensors = 0;   // the K form
  // The P form, exactly: P = percent_num / percent_den.
  int64_t percent_num = 0;
  int64_t percent_den = 1;
  uint32_t path = 0;         // a singular path id
};

struct Fire {
  ExprPtr condition;                   // null for `absent for`
  std::optional<int64_t> absent_ms;    // `fire when absent for D`
  int64_t for_windows = 1;             // `for N windows`
  bool has_for = false;                // `for` was written (even `for 1 window`)
  std::optional<Across> across;
  std::string text;                    // the condition as written
};

struct Label {
  std::string name;
  Template value;
};

struct Rule {
  std::string id;
  Span span;  // the rule's name
  std::string title, description;
  Severity severity = Severity::kMinor;
  std::optional<std::string> tenant;  // `scope tenant "T"`; global when empty

  ExprPtr when;
  std::string when_text;
  std::vector<uint32_t> group_by;  // singular path ids; empty: the tenant
  Window window;
  std::optional<Fire> fire;
  ExprPtr clear;
  std::optional<uint32_t> dedupe_by;  // a singular path id
  std::optional<uint32_t> time;       // a singular path id
  int64_t lateness_ms = 0;
  std::optional<int64_t> backfill_ms;
  std::vector<Label> labels;
  std::optional<Template> message;

  std::vector<Path> paths;
  std::vector<Aggregate> aggregates;
  std::vector<Baseline> baselines;
  std::vector<Regex> regexes;

  std::string source;  // the rule's text, `rule` to '}'
};

}  // namespace alert::checked
