#pragma once

// A checked JSONPath query (RFC 9535 plus Jayway's trailing functions), as the
// runtime evaluates it. Produced by the compiler's checker from the syntax
// tree; holds no source positions and owns everything it refers to.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/value/scalar.h"

namespace re2 {
class RE2;
}

namespace alert::jsonpath {

struct FilterExpr;

struct Selector {
  enum class Kind : uint8_t { kName, kWildcard, kIndex, kSlice, kFilter };
  Kind kind = Kind::kName;
  std::string name;                  // kName
  int64_t index = 0;                 // kIndex
  std::optional<int64_t> start, end; // kSlice
  int64_t step = 1;                  // kSlice
  std::shared_ptr<const FilterExpr> filter;  // kFilter
};

struct Segment {
  bool descendant = false;
  std::vector<Selector> selectors;
};

enum class Trailing : uint8_t { kNone, kLength, kSize, kMin, kMax, kAvg, kSum, kStddev };

struct Query {
  bool relative = false;  // '@' rather than '$'
  std::vector<Segment> segments;
  Trailing trailing = Trailing::kNone;

  // RFC 9535 §2.3.5.1 singular query, or one ending in a trailing function.
  bool IsSingular() const;
  // The query in RFC 9535 normalized-path style: $['a'][0][*]..['b'][?…].
  std::string ToString() const;
};

// A well-typed RFC 9535 filter expression (logical-expr and its parts).
struct FilterExpr {
  enum class Kind : uint8_t {
    kOr, kAnd, kNot,  // args: operands
    kCompare,         // op; args: two comparables
    kExists,          // query: holds when it selects a node
    kLiteral,         // literal
    kQuery,           // query: a singular query's value (or its node list as a function argument)
    kFunction,        // function; args
  };
  enum class CompareOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };
  enum class Function : uint8_t { kLength, kCount, kMatch, kSearch, kValue };

  Kind kind = Kind::kLiteral;
  CompareOp op = CompareOp::kEq;
  Function function = Function::kLength;
  std::vector<FilterExpr> args;
  Query query;
  Scalar literal;
  // match()/search() with a constant pattern: the pattern, compiled once.
  std::shared_ptr<const re2::RE2> regex;

  std::string ToString() const;
};

}  // namespace alert::jsonpath
