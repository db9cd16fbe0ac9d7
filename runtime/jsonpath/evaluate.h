#pragma once

// The RFC 9535 JSONPath evaluator, over simdjson DOM documents. The reference
// semantics for every path the engine reads; compiled predicates call it for
// non-singular paths. Stateless and thread-safe.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <simdjson.h>

#include "runtime/jsonpath/query.h"
#include "runtime/value/value.h"

namespace alert::jsonpath {

using Node = simdjson::dom::element;

// One step of a node's location: a member name or an array index.
struct Step {
  std::string_view name;  // empty with is_index
  int64_t index = 0;
  bool is_index = false;
};

// Work one evaluation may do, in nodes visited (filters and nested queries
// included). Chained descendant segments grow the work as a power of the
// document's size; past this budget a query selects nothing, so a hostile
// query or event can never hang the engine. Each such evaluation is counted
// (ExhaustedEvaluations), so the bound is never a silent answer.
inline constexpr size_t kMaxVisits = size_t{1} << 22;

// Evaluations that ran out of their budget since the process started, over
// all threads.
uint64_t ExhaustedEvaluations();

// The nodes `query` selects, in RFC 9535 order, appended to `out`. `root` is
// '$'; `current` is '@' (for a relative query). A trailing function is not
// applied here: see ApplyTrailing. Returns false, with nothing appended, when
// the evaluation ran out of its budget of kMaxVisits.
bool Select(const Query& query, Node root, Node current, std::vector<Node>* out);
// The same with each node's location, for normalized paths: calls `visit`
// for each selected node in order, once the whole evaluation succeeded
// (nothing is called when it ran out of its budget). Memory grows with the
// nodes visited, not with their depth; `location` is valid during the call.
bool SelectLocated(const Query& query, Node root, const std::function<void(Node, const std::vector<Step>& location)>& visit);

// A node's location as an RFC 9535 normalized path: $['store']['book'][0].
std::string NormalizedPath(const std::vector<Step>& location);

// Jayway's trailing functions over a selection (LANGUAGE.md, "Paths"):
// .length()/.size() of the single selected value, or the numeric ones over the
// elements of a single selected array, else over all selected values, skipping
// non-numbers. Nothing when nothing qualifies.
Value ApplyTrailing(Trailing trailing, const std::vector<Node>& nodes);

// The value of a query used as one value: a trailing function's result, the
// node a singular query selects, or nothing (no node, or several).
Value QueryValue(const Query& query, Node root, Node current);

// RFC 9535 length(): code points of a string, elements of an array, members
// of an object; nothing otherwise.
Value Length(const Value& v);

// RFC 9535 filter: whether `filter` holds for the node `current`.
bool Test(const FilterExpr& filter, Node root, Node current);

}  // namespace alert::jsonpath
