#include "runtime/jsonpath/evaluate.h"

#include <algorithm>
#include <atomic>
#include <cmath>

#include "runtime/json/json_string.h"
#include "runtime/regex/regex.h"
#include "runtime/text/utf8.h"

namespace alert::jsonpath {
namespace {

using simdjson::dom::element_type;

// A node's location, kept as a link to its parent's: memory grows with the
// nodes visited, not with their depth.
struct Link {
  uint32_t parent;  // kNoLink at the root
  Step step;
};
inline constexpr uint32_t kNoLink = UINT32_MAX;

// Tracks locations only when asked: Item<true> keeps them, in `links`.
template <bool kLocated>
struct Item;
template <>
struct Item<false> {
  Node node;
  using Links = std::nullptr_t;
  Item Child(Node n, std::string_view, Links) const { return {n}; }
  Item Child(Node n, int64_t, Links) const { return {n}; }
};
template <>
struct Item<true> {
  Node node;
  uint32_t link = kNoLink;
  using Links = std::vector<Link>*;
  Item Child(Node n, std::string_view name, Links links) const { return Add(n, Step{name, 0, false}, links); }
  Item Child(Node n, int64_t index, Links links) const { return Add(n, Step{{}, index, true}, links); }

 private:
  Item Add(Node n, Step step, Links links) const {
    links->push_back(Link{link, step});
    return {n, static_cast<uint32_t>(links->size() - 1)};
  }
};

// The elements of an array, for indexed access in any order (a slice with a
// negative step): simdjson's DOM reaches the i-th element by walking the i
// before it.
std::vector<Node> Elements(simdjson::dom::array array) {
  std::vector<Node> out;
  out.reserve(array.size());
  for (Node child : array) out.push_back(child);
  return out;
}

// RFC 9535 §2.3.4.2.2: the indices a slice selects from an array of `len`.
template <typename Visit>
void ForEachSliceIndex(const Selector& s, int64_t len, Visit visit) {
  const int64_t step = s.step;
  if (step == 0) return;
  auto normalize = [&](int64_t i) { return i >= 0 ? i : len + i; };
  if (step > 0) {
    const int64_t start = s.start ? normalize(*s.start) : 0;
    const int64_t end = s.end ? normalize(*s.end) : len;
    const int64_t lower = std::min(std::max(start, int64_t{0}), len);
    const int64_t upper = std::min(std::max(end, int64_t{0}), len);
    for (int64_t i = lower; i < upper; i += step) visit(i);
  } else {
    const int64_t start = s.start ? normalize(*s.start) : len - 1;
    const int64_t end = s.end ? normalize(*s.end) : -len - 1;
    const int64_t upper = std::min(std::max(start, int64_t{-1}), len - 1);
    const int64_t lower = std::min(std::max(end, int64_t{-1}), len - 1);
    for (int64_t i = upper; lower < i; i += step) visit(i);
  }
}

// Nodes one top-level evaluation may still visit, shared by the queries and
// filters nested in it.
struct Budget {
  size_t remaining = kMaxVisits;
  bool Spend() {
    if (remaining == 0) return false;
    --remaining;
    return true;
  }
  bool exhausted() const { return remaining == 0; }
};

// Evaluations stopped by their budget, over the process (a counter that
// --stats and metrics read; incremented only when one is stopped).
std::atomic<uint64_t> exhausted_evaluations{0};

// Counts one stopped evaluation; returns false, its result.
bool Exhausted() {
  exhausted_evaluations.fetch_add(1, std::memory_order_relaxed);
  return false;
}

bool TestWithin(const FilterExpr& e, Node root, Node current, Budget* budget);
std::vector<Node> NodesWithin(const Query& q, Node root, Node current, Budget* budget);

template <bool kLocated>
class Evaluator {
 public:
  using Links = typename Item<kLocated>::Links;
  // `links` holds the locations of Item<true>; nullptr otherwise.
  Evaluator(Node root, Budget* budget, Links links) : root_(root), budget_(budget), links_(links) {}

  // The selected items; empty when the budget ran out.
  std::vector<Item<kLocated>> Run(const Query& query, Item<kLocated> start) {
    std::vector<Item<kLocated>> nodes{std::move(start)};
    std::vector<Item<kLocated>> next;
    for (const Segment& segment : query.segments) {
      next.clear();
      for (const auto& item : nodes) {
        if (segment.descendant) {
          Descend(segment, item, &next);
        } else {
          ApplySelectors(segment, item, &next);
        }
        if (budget_->exhausted()) return {};
      }
      nodes.swap(next);
      if (nodes.empty()) break;
    }
    return nodes;
  }

 private:
  // The node, then its descendants in document order.
  void Descend(const Segment& segment, const Item<kLocated>& item, std::vector<Item<kLocated>>* out) {
    if (!budget_->Spend()) return;
    ApplySelectors(segment, item, out);
    const element_type type = item.node.type();
    if (type == element_type::ARRAY) {
      int64_t i = 0;
      for (Node child : simdjson::dom::array(item.node)) Descend(segment, item.Child(child, i++, links_), out);
    } else if (type == element_type::OBJECT) {
      for (auto [key, child] : simdjson::dom::object(item.node)) Descend(segment, item.Child(child, key, links_), out);
    }
  }

  void ApplySelectors(const Segment& segment, const Item<kLocated>& item, std::vector<Item<kLocated>>* out) {
    for (const Selector& s : segment.selectors) {
      if (!budget_->Spend()) return;
      Apply(s, item, out);
    }
  }

  void Apply(const Selector& s, const Item<kLocated>& item, std::vector<Item<kLocated>>* out) {
    const Node node = item.node;
    const element_type type = node.type();
    switch (s.kind) {
      case Selector::Kind::kName: {
        if (type != element_type::OBJECT) return;
        Node child;
        if (simdjson::dom::object(node).at_key(s.name).get(child) == simdjson::SUCCESS) {
          out->push_back(item.Child(child, std::string_view(s.name), links_));
        }
        return;
      }
      case Selector::Kind::kWildcard:
        if (type == element_type::ARRAY) {
          int64_t i = 0;
          for (Node child : simdjson::dom::array(node)) out->push_back(item.Child(child, i++, links_));
        } else if (type == element_type::OBJECT) {
          for (auto [key, child] : simdjson::dom::object(node)) out->push_back(item.Child(child, key, links_));
        }
        return;
      case Selector::Kind::kIndex: {
        if (type != element_type::ARRAY) return;
        simdjson::dom::array array(node);
        const int64_t len = static_cast<int64_t>(array.size());
        const int64_t i = s.index >= 0 ? s.index : len + s.index;
        if (i < 0 || i >= len) return;
        out->push_back(item.Child(array.at(static_cast<size_t>(i)).value_unsafe(), i, links_));
        return;
      }
      case Selector::Kind::kSlice: {
        if (type != element_type::ARRAY) return;
        const simdjson::dom::array array(node);
        const auto len = static_cast<int64_t>(array.size());
        if (s.step > 0) {
          // Increasing indices: one pass along the array, no copy.
          auto it = array.begin();
          int64_t at = 0;
          ForEachSliceIndex(s, len, [&](int64_t i) {
            for (; at < i; ++at) ++it;
            out->push_back(item.Child(*it, i, links_));
          });
          return;
        }
        const std::vector<Node> elements = Elements(array);
        ForEachSliceIndex(s, len, [&](int64_t i) { out->push_back(item.Child(elements[static_cast<size_t>(i)], i, links_)); });
        return;
      }
      case Selector::Kind::kFilter:
        if (type == element_type::ARRAY) {
          int64_t i = 0;
          for (Node child : simdjson::dom::array(node)) {
            if (!budget_->Spend()) return;
            if (TestWithin(*s.filter, root_, child, budget_)) out->push_back(item.Child(child, i, links_));
            ++i;
          }
        } else if (type == element_type::OBJECT) {
          for (auto [key, child] : simdjson::dom::object(node)) {
            if (!budget_->Spend()) return;
            if (TestWithin(*s.filter, root_, child, budget_)) out->push_back(item.Child(child, key, links_));
          }
        }
        return;
    }
  }

  Node root_;
  Budget* budget_;
  Links links_;
};

// A comparable or function argument of a filter, as a value.
Value Evaluate(const FilterExpr& e, Node root, Node current, Budget* budget);

bool Compare(FilterExpr::CompareOp op, const Value& a, const Value& b) {
  switch (op) {
    case FilterExpr::CompareOp::kEq: return Equal(a, b);
    case FilterExpr::CompareOp::kNe: return !Equal(a, b);
    case FilterExpr::CompareOp::kLt: return Less(a, b);
    case FilterExpr::CompareOp::kLe: return Less(a, b) || Equal(a, b);
    case FilterExpr::CompareOp::kGt: return Less(b, a);
    case FilterExpr::CompareOp::kGe: return Less(b, a) || Equal(a, b);
  }
  return false;
}

std::vector<Node> NodesWithin(const Query& q, Node root, Node current, Budget* budget) {
  Evaluator<false> evaluator(root, budget, nullptr);
  std::vector<Node> out;
  for (auto& item : evaluator.Run(q, Item<false>{q.relative ? current : root})) out.push_back(item.node);
  return out;
}

// A singular query without a trailing function, walked member by member:
// no node list, no allocation (compiled code fills its slots this way).
Value SingularValue(const Query& query, Node root, Node current) {
  Node node = query.relative ? current : root;
  for (const Segment& segment : query.segments) {
    const Selector& s = segment.selectors[0];
    if (s.kind == Selector::Kind::kName) {
      if (node.type() != element_type::OBJECT) return Value();
      if (simdjson::dom::object(node).at_key(s.name).get(node) != simdjson::SUCCESS) return Value();
    } else {
      if (node.type() != element_type::ARRAY) return Value();
      simdjson::dom::array array(node);
      const int64_t len = static_cast<int64_t>(array.size());
      const int64_t i = s.index >= 0 ? s.index : len + s.index;
      if (i < 0 || i >= len) return Value();
      node = array.at(static_cast<size_t>(i)).value_unsafe();
    }
  }
  return Value::Of(node);
}

Value QueryValueWithin(const Query& query, Node root, Node current, Budget* budget) {
  if (query.trailing == Trailing::kNone && query.IsSingular()) return SingularValue(query, root, current);
  const std::vector<Node> nodes = NodesWithin(query, root, current, budget);
  if (query.trailing != Trailing::kNone) return ApplyTrailing(query.trailing, nodes);
  return nodes.size() == 1 ? Value::Of(nodes[0]) : Value();
}

Value Evaluate(const FilterExpr& e, Node root, Node current, Budget* budget) {
  switch (e.kind) {
    case FilterExpr::Kind::kLiteral:
      switch (e.literal.kind) {
        case Scalar::Kind::kNull: return Value::Null();
        case Scalar::Kind::kBool: return Value::Bool(e.literal.boolean);
        case Scalar::Kind::kNumber: return Value::Num(e.literal.number);
        case Scalar::Kind::kString: return Value::Str(e.literal.string);
      }
      return Value();
    case FilterExpr::Kind::kQuery: return QueryValueWithin(e.query, root, current, budget);
    case FilterExpr::Kind::kFunction:
      switch (e.function) {
        case FilterExpr::Function::kLength: return Length(Evaluate(e.args[0], root, current, budget));
        case FilterExpr::Function::kCount:
          return Value::Num(Number::Uint(NodesWithin(e.args[0].query, root, current, budget).size()));
        case FilterExpr::Function::kValue: {
          const std::vector<Node> nodes = NodesWithin(e.args[0].query, root, current, budget);
          return nodes.size() == 1 ? Value::Of(nodes[0]) : Value();
        }
        default: return Value();  // match/search are logical, never values
      }
    default: return Value();
  }
}

}  // namespace

bool Select(const Query& query, Node root, Node current, std::vector<Node>* out) {
  Budget budget;
  std::vector<Node> nodes = NodesWithin(query, root, current, &budget);
  if (budget.exhausted()) return Exhausted();
  out->insert(out->end(), nodes.begin(), nodes.end());
  return true;
}

bool SelectLocated(const Query& query, Node root, const std::function<void(Node, const std::vector<Step>&)>& visit) {
  Budget budget;
  std::vector<Link> links;
  Evaluator<true> evaluator(root, &budget, &links);
  const auto items = evaluator.Run(query, Item<true>{root, kNoLink});
  if (budget.exhausted()) return Exhausted();
  std::vector<Step> location;
  for (const auto& item : items) {
    location.clear();
    for (uint32_t at = item.link; at != kNoLink; at = links[at].parent) location.push_back(links[at].step);
    std::reverse(location.begin(), location.end());
    visit(item.node, location);
  }
  return true;
}

uint64_t ExhaustedEvaluations() { return exhausted_evaluations.load(std::memory_order_relaxed); }

std::string NormalizedPath(const std::vector<Step>& location) {
  std::string out = "$";
  for (const Step& s : location) {
    if (s.is_index) {
      out += "[" + std::to_string(s.index) + "]";
      continue;
    }
    // RFC 9535 §2.7: single quotes, escapes for ' \ and control characters.
    out += "['";
    json::AppendEscaped(out, s.name, '\'');
    out += "']";
  }
  return out;
}

Value Length(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kString: {
      uint64_t n = 0;
      for (unsigned char c : v.string()) n += (c & 0xC0) != 0x80;
      return Value::Num(Number::Uint(n));
    }
    case Value::Kind::kArray:
    case Value::Kind::kObject: return Value::Num(Number::Uint(v.size()));
    default: return Value();
  }
}

Value ApplyTrailing(Trailing trailing, const std::vector<Node>& nodes) {
  if (trailing == Trailing::kLength || trailing == Trailing::kSize) {
    return nodes.size() == 1 ? Length(Value::Of(nodes[0])) : Value();
  }
  std::vector<Number> numbers;
  auto take = [&](Node n) {
    const Value v = Value::Of(n);
    if (v.kind() == Value::Kind::kNumber) numbers.push_back(v.number());
  };
  if (nodes.size() == 1 && nodes[0].type() == element_type::ARRAY) {
    for (Node n : simdjson::dom::array(nodes[0])) take(n);
  } else {
    for (Node n : nodes) take(n);
  }
  if (numbers.empty()) return Value();
  switch (trailing) {
    case Trailing::kMin: return Value::Num(*std::min_element(numbers.begin(), numbers.end(), [](auto& a, auto& b) { return a < b; }));
    case Trailing::kMax: return Value::Num(*std::max_element(numbers.begin(), numbers.end(), [](auto& a, auto& b) { return a < b; }));
    default: break;
  }
  double sum = 0;
  for (const Number& n : numbers) sum += n.ToDouble();
  const double mean = sum / static_cast<double>(numbers.size());
  double result = 0;
  if (trailing == Trailing::kSum) {
    int64_t exact = 0;
    bool ok = true;
    for (const Number& n : numbers) ok = ok && n.is_int() && !__builtin_add_overflow(exact, n.int_value(), &exact);
    if (ok) return Value::Num(Number::Int(exact));
    result = sum;
  } else if (trailing == Trailing::kAvg) {
    result = mean;
  } else {  // population standard deviation
    double squares = 0;
    for (const Number& n : numbers) squares += (n.ToDouble() - mean) * (n.ToDouble() - mean);
    result = std::sqrt(squares / static_cast<double>(numbers.size()));
  }
  return std::isfinite(result) ? Value::Num(Number::Double(result)) : Value();
}

Value QueryValue(const Query& query, Node root, Node current) {
  Budget budget;
  const Value v = QueryValueWithin(query, root, current, &budget);
  if (budget.exhausted()) {
    Exhausted();
    return Value();
  }
  return v;
}

bool Test(const FilterExpr& e, Node root, Node current) {
  Budget budget;
  const bool holds = TestWithin(e, root, current, &budget);
  if (budget.exhausted()) return Exhausted();
  return holds;
}

namespace {

bool TestWithin(const FilterExpr& e, Node root, Node current, Budget* budget) {
  switch (e.kind) {
    case FilterExpr::Kind::kOr:
      for (const FilterExpr& a : e.args) {
        if (TestWithin(a, root, current, budget)) return true;
      }
      return false;
    case FilterExpr::Kind::kAnd:
      for (const FilterExpr& a : e.args) {
        if (!TestWithin(a, root, current, budget)) return false;
      }
      return true;
    case FilterExpr::Kind::kNot: return !TestWithin(e.args[0], root, current, budget);
    case FilterExpr::Kind::kCompare:
      return Compare(e.op, Evaluate(e.args[0], root, current, budget), Evaluate(e.args[1], root, current, budget));
    case FilterExpr::Kind::kExists: {
      if (e.query.trailing != Trailing::kNone) return !QueryValueWithin(e.query, root, current, budget).is_nothing();
      return !NodesWithin(e.query, root, current, budget).empty();
    }
    case FilterExpr::Kind::kFunction: {
      if (e.function != FilterExpr::Function::kMatch && e.function != FilterExpr::Function::kSearch) return false;
      const Value subject = Evaluate(e.args[0], root, current, budget);
      if (subject.kind() != Value::Kind::kString) return false;
      const bool full = e.function == FilterExpr::Function::kMatch;
      if (e.regex) return regex::Matches(*e.regex, subject.string(), full);
      const Value pattern = Evaluate(e.args[1], root, current, budget);
      if (pattern.kind() != Value::Kind::kString) return false;
      return regex::MatchesDynamic(pattern.string(), subject.string(), full);
    }
    default: return false;
  }
}

}  // namespace

}  // namespace alert::jsonpath
