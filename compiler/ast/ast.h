#pragma once

// The syntax tree of rule files and JSONPath queries, as written: every node
// keeps the byte span it came from. Built by parse::ParseFile / ParseQuery,
// read by the checker. Names are not resolved and types not known here; that
// is the checked tree's job (compiler/checked/checked.h).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "compiler/diag/source.h"
#include "runtime/value/number.h"

namespace alert::ast {

using diag::Span;

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

// ---- JSONPath ---------------------------------------------------------------

struct Selector {
  enum class Kind { kName, kWildcard, kIndex, kSlice, kFilter };
  Kind kind = Kind::kName;
  Span span;
  std::string name;                        // kName: the decoded member name
  int64_t index = 0;                       // kIndex
  std::optional<int64_t> start, end, step; // kSlice
  ExprPtr filter;                          // kFilter: an RFC 9535 logical expression
};

struct Segment {
  bool descendant = false;  // '..'
  bool shorthand = false;   // written '.name', '.*', '..name' or '..*'
  Span span;
  std::vector<Selector> selectors;
};

// Jayway's functions that may end a path: `$.a.length()`.
enum class TrailingFunction { kNone, kLength, kSize, kMin, kMax, kAvg, kSum, kStddev };

struct Path {
  bool relative = false;  // rooted at '@' rather than '$'
  Span span;
  std::vector<Segment> segments;
  TrailingFunction trailing = TrailingFunction::kNone;
  Span trailing_span;

  // RFC 9535 §2.3.5.1: only name and index selectors, one per segment, no
  // descendants. A path with a trailing function is singular as well.
  bool IsSingular() const;
};

// ---- Expressions ------------------------------------------------------------

struct Literal {
  enum class Kind { kNull, kBool, kNumber, kDuration, kPercent, kString };
  Kind kind = Kind::kNull;
  bool boolean = false;
  Number number;       // kNumber; kDuration in milliseconds; kPercent as a fraction
  std::string string;  // kString: decoded
  std::string text;    // the token as written (for kPercent: "80%")
};

enum class UnaryOp { kNeg, kNot };

enum class BinaryOp {
  kOr, kAnd,
  kEq, kNe, kLt, kLe, kGt, kGe,
  kMatch, kNotMatch,
  kIn, kNotIn, kContains, kNotContains,
  kStartsWith, kNotStartsWith, kEndsWith, kNotEndsWith,
  kAdd, kSub, kMul, kDiv, kRem,
};

// The operator as rule authors write it: "==", "not in", "starts with".
const char* BinaryOpText(BinaryOp op);

struct LiteralExpr { Literal value; };
struct PathExpr { Path path; };
struct UnaryExpr {
  UnaryOp op;
  ExprPtr operand;
};
struct BinaryExpr {  // never && or ||: those are a LogicalExpr
  BinaryOp op;
  Span op_span;
  ExprPtr lhs, rhs;
};
// A chain `a && b && c` (or of ||) as written: one node whatever its length,
// so a long chain is wide, not deep. op_spans[i] is the operator between
// operands i and i + 1.
struct LogicalExpr {
  BinaryOp op;  // kAnd or kOr
  std::vector<ExprPtr> operands;  // two or more
  std::vector<Span> op_spans;
};
// `E is [not] null`, `E is [not] empty`.
struct IsExpr {
  bool empty = false;  // `is empty` rather than `is null`
  bool negated = false;
  ExprPtr operand;
};
struct ExistsExpr { Path path; };
struct CallExpr {
  std::string name;
  Span name_span;
  std::vector<ExprPtr> args;
};
struct ArrayExpr { std::vector<ExprPtr> elements; };

using ExprNode =
    std::variant<LiteralExpr, PathExpr, UnaryExpr, BinaryExpr, LogicalExpr, IsExpr, ExistsExpr, CallExpr, ArrayExpr>;

struct Expr {
  Span span;
  // True for the expressions of an RFC 9535 filter selector (and their parts).
  bool in_filter = false;
  // Operators one inside another, this node included: 1 for a leaf; a path
  // counts its deepest filter. Bounded by Limits::max_expression_height, so
  // that every recursive walk of the tree is bounded.
  uint32_t height = 1;
  ExprNode node;

  template <typename T> const T* As() const { return std::get_if<T>(&node); }
};

// 1 + the largest `height` among e's direct operands and the filters of its
// paths (which must be set already): the value e.height should hold. Reads
// one level only; never recursive.
uint32_t HeightOf(const Expr& e);

// ---- Rules ------------------------------------------------------------------

enum class ClauseKind {
  kTitle, kDescription, kSeverity, kScope, kWhen, kGroupBy, kWindow, kFire,
  kClear, kMessage, kDedupe, kTime, kLateness, kBackfill, kLabels,
};
// The clause as rule authors write it: "group by", "fire when".
const char* ClauseName(ClauseKind kind);

struct Amount {  // a number, duration or percentage token in a clause
  Literal value;
  Span span;
};

struct Window {
  enum class Kind { kTumbling, kSliding, kSession, kGlobal };
  Kind kind = Kind::kGlobal;
  Span kind_span;
  std::optional<Amount> size;   // tumbling D, sliding D
  std::optional<Amount> every;  // sliding ... every S
  std::optional<Amount> gap;    // session gap G
};

struct ForSpec {
  Span keyword;  // 'for'
  Amount windows;
};

struct AcrossSpec {
  Span keyword;     // 'across'
  Amount amount;    // K (an integer) or P% (a percentage)
  bool percent = false;
  Path path;
};

struct Fire {
  Span keyword;  // 'fire'
  ExprPtr condition;                 // absent for `fire when absent for D`
  std::optional<Amount> absent_for;  // `fire when absent for D`
  Span absent_keyword;
  std::optional<ForSpec> for_spec;
  std::optional<AcrossSpec> across;
};

struct Label {
  std::string name;
  Span name_span;
  std::string value;
  Span value_span;
};

struct Text {
  std::string value;  // decoded
  Span span;          // of the string literal
};

enum class Severity { kInfo, kMinor, kMajor, kCritical };

struct Scope {
  bool global = true;
  std::string tenant;
  Span span;
};

struct Rule {
  std::string name;
  Span name_span;
  Span keyword;  // 'rule'
  Span span;     // the whole rule

  std::optional<Text> title, description, message;
  std::optional<Severity> severity;
  std::optional<Scope> scope;
  ExprPtr when;
  std::vector<Path> group_by;
  std::optional<Window> window;
  std::optional<Fire> fire;
  ExprPtr clear;
  std::optional<Path> dedupe_by, time;
  std::optional<Amount> lateness, backfill;
  std::vector<Label> labels;

  // Where each clause that is present begins (its first keyword).
  std::vector<std::pair<ClauseKind, Span>> clauses;
  std::optional<Span> ClauseSpan(ClauseKind kind) const;
};

struct File {
  std::vector<Rule> rules;
};

}  // namespace alert::ast
