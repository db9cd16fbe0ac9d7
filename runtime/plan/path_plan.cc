#include "runtime/plan/path_plan.h"

#include "runtime/jsonpath/evaluate.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include <absl/container/inlined_vector.h>

namespace alert::plan {
namespace {

using simdjson::ondemand::json_type;

// The key's bytes as they appear in the event, when they hold no escape
// sequence (then they are the key itself, without unescaping).
bool RawKey(simdjson::ondemand::raw_json_string raw, std::string_view* key) {
  const char* begin = raw.raw();
  const char* p = begin;
  while (*p != '"') {
    if (*p == '\\') return false;
    ++p;
  }
  *key = std::string_view(begin, static_cast<size_t>(p - begin));
  return true;
}

// Whether a[0..n) and b[0..n) hold the same bytes: member names are short,
// so words at a time, inline, rather than a call to memcmp.
template <typename Word>
inline Word Load(const char* p) {
  Word w;
  std::memcpy(&w, p, sizeof(Word));
  return w;
}

// For sizeof(Word) <= n <= 2 * sizeof(Word): the first and the last word,
// which may overlap, instead of a byte loop.
template <typename Word>
inline bool SameEnds(const char* a, const char* b, size_t n) {
  return ((Load<Word>(a) ^ Load<Word>(b)) | (Load<Word>(a + n - sizeof(Word)) ^ Load<Word>(b + n - sizeof(Word)))) == 0;
}

inline bool SameBytes(const char* a, const char* b, size_t n) {
  if (n >= 8) {
    for (; n > 16; a += 8, b += 8, n -= 8) {
      if (Load<uint64_t>(a) != Load<uint64_t>(b)) return false;
    }
    return SameEnds<uint64_t>(a, b, n);
  }
  if (n >= 4) return SameEnds<uint32_t>(a, b, n);
  if (n >= 2) return SameEnds<uint16_t>(a, b, n);
  return n == 0 || *a == *b;
}

}  // namespace

PathPlan::PathPlan(const std::vector<jsonpath::Query>& paths)
    : planned_(paths.size()), slot_count_(paths.size()), steps_(paths.size()), unplanned_of_(paths.size(), -1) {
  nodes_.emplace_back();
  for (size_t k = 0; k < paths.size(); ++k) {
    const jsonpath::Query& q = paths[k];
    if (q.relative || q.trailing != jsonpath::Trailing::kNone || !q.IsSingular()) {
      unplanned_of_[k] = static_cast<int32_t>(unplanned_.size());
      unplanned_.emplace_back(static_cast<uint32_t>(k), q);
      continue;
    }
    uint32_t node = 0;
    for (const jsonpath::Segment& segment : q.segments) {
      const jsonpath::Selector& s = segment.selectors[0];
      const bool index = s.kind != jsonpath::Selector::Kind::kName;
      const size_t count = index ? nodes_[node].indexes.size() : nodes_[node].members.size();
      size_t at = 0;
      while (at < count && (index ? nodes_[node].indexes[at].first != s.index : nodes_[node].members[at].first != s.name)) {
        ++at;
      }
      if (at == count) {
        const auto child = static_cast<uint32_t>(nodes_.size());
        if (index) {
          nodes_[node].indexes.emplace_back(s.index, child);
        } else {
          nodes_[node].members.emplace_back(s.name, child);
        }
        nodes_.emplace_back();
      }
      steps_[k].push_back(Step{node, static_cast<uint32_t>(at), index});
      node = index ? nodes_[node].indexes[at].second : nodes_[node].members[at].second;
    }
    nodes_[node].slots.push_back(static_cast<uint32_t>(k));
    planned_[k] = true;
  }
  for (Node& node : nodes_) {
    node.indexed = node.members.size() <= 64 && node.indexes.size() <= 64;
    for (size_t i = 0; i < node.members.size() && node.indexed; ++i) {
      const size_t length = node.members[i].first.size();
      node.indexed = length < kIndexedLength;
      if (node.indexed) node.by_length[length] |= uint64_t{1} << i;
    }
  }
}

PathPlan::Outcome PathPlan::Extract(simdjson::ondemand::parser& parser, simdjson::padded_string_view json,
                                    Value* slots) const {
  for (size_t k = 0; k < slot_count_; ++k) {
    if (planned_[k]) slots[k] = Value();
  }
  simdjson::ondemand::document doc;
  if (parser.iterate(json).get(doc)) return Outcome::kMalformed;
  return Visit(0, doc, slots);
}

// Reads `value` for trie node `node`: fills its slots, descends into the
// children the plan names, skips the rest. Works for the document and for
// values inside it.
template <typename V>
PathPlan::Outcome PathPlan::Visit(uint32_t node_id, V&& value, Value* slots) const {
  const Node& node = nodes_[node_id];
  json_type type;
  if (value.type().get(type)) return Outcome::kMalformed;
  Outcome outcome = Outcome::kExtracted;
  auto fill = [&](Value v) {
    for (uint32_t k : node.slots) slots[k] = v;
  };
  switch (type) {
    case json_type::object: {
      if (!node.slots.empty()) return Outcome::kNeedsDom;
      simdjson::ondemand::object object;
      if (value.get_object().get(object)) return Outcome::kMalformed;
      // The first of duplicate names wins, as in the DOM.
      absl::InlinedVector<bool, 32> seen(node.members.size());
      for (auto field : object) {
        std::string_view key;
        if (!RawKey(field.key(), &key) && field.unescaped_key().get(key)) return Outcome::kMalformed;
        size_t i = 0;
        for (; i < node.members.size(); ++i) {
          if (!seen[i] && node.members[i].first == key) break;
        }
        simdjson::ondemand::value child;
        if (field.value().get(child)) return Outcome::kMalformed;
        if (i == node.members.size()) continue;  // not read: skipped as the loop advances
        seen[i] = true;
        const Outcome o = Visit(node.members[i].second, child, slots);
        if (o == Outcome::kMalformed) return o;
        if (o == Outcome::kNeedsDom) outcome = o;
      }
      return outcome;
    }
    case json_type::array: {
      if (!node.slots.empty()) return Outcome::kNeedsDom;
      simdjson::ondemand::array array;
      if (value.get_array().get(array)) return Outcome::kMalformed;
      if (node.indexes.empty()) return outcome;  // nothing inside is read
      size_t count = 0;
      if (array.count_elements().get(count)) return Outcome::kMalformed;
      const auto n = static_cast<int64_t>(count);
      int64_t i = 0;
      for (auto element : array) {
        simdjson::ondemand::value child;
        if (element.get(child)) return Outcome::kMalformed;
        uint32_t target = UINT32_MAX;
        for (const auto& [index, child_node] : node.indexes) {
          if ((index >= 0 ? index : n + index) != i) continue;
          // On demand, a value is read once: two indexes naming the same
          // element ([0] and [-1] of a one-element array) need the DOM.
          if (target != UINT32_MAX) return Outcome::kNeedsDom;
          target = child_node;
        }
        if (target != UINT32_MAX) {
          const Outcome o = Visit(target, child, slots);
          if (o == Outcome::kMalformed) return o;
          if (o == Outcome::kNeedsDom) outcome = o;
        }
        ++i;
      }
      return outcome;
    }
    case json_type::number: {
      simdjson::ondemand::number_type kind;
      if (value.get_number_type().get(kind)) return Outcome::kMalformed;
      if (kind == simdjson::ondemand::number_type::signed_integer) {
        int64_t x;
        if (value.get_int64().get(x)) return Outcome::kMalformed;
        fill(Value::Num(Number::Int(x)));
      } else if (kind == simdjson::ondemand::number_type::unsigned_integer) {
        uint64_t x;
        if (value.get_uint64().get(x)) return Outcome::kMalformed;
        fill(Value::Num(Number::Uint(x)));
      } else {
        double x;
        if (value.get_double().get(x)) return Outcome::kMalformed;
        fill(Value::Num(Number::Double(x)));
      }
      return outcome;
    }
    case json_type::string: {
      std::string_view s;
      if (value.get_string().get(s)) return Outcome::kMalformed;
      fill(Value::Str(s));
      return outcome;
    }
    case json_type::boolean: {
      bool b;
      if (value.get_bool().get(b)) return Outcome::kMalformed;
      fill(Value::Bool(b));
      return outcome;
    }
    case json_type::null: {
      bool is_null = false;
      if (value.is_null().get(is_null) || !is_null) return Outcome::kMalformed;
      fill(Value::Null());
      return outcome;
    }
  }
  return Outcome::kMalformed;
}

void PathPlan::ExtractDom(simdjson::dom::element root, Value* slots) const {
  for (size_t k = 0; k < slot_count_; ++k) {
    if (planned_[k]) slots[k] = Value();
  }
  VisitDom(0, root, nullptr, slots);
  for (const auto& [k, query] : unplanned_) slots[k] = jsonpath::QueryValue(query, root, root);
}

void PathPlan::Begin(Extraction& x) const {
  if (x.filled.size() < slot_count_) x.filled.resize(slot_count_, 0);
  if (x.want.size() < nodes_.size()) {
    x.want.resize(nodes_.size(), 0);
    x.want_index.resize(nodes_.size(), 0);
  }
  if (++x.epoch == 0) {  // wrapped: no slot may look filled by an old event
    std::fill(x.filled.begin(), x.filled.end(), 0);
    x.epoch = 1;
  }
}

void PathPlan::ExtractDom(simdjson::dom::element root, const std::vector<uint32_t>& wanted, Extraction& x,
                          Value* slots) const {
  bool walk = false;
  for (const uint32_t k : wanted) {
    if (x.filled[k] == x.epoch) continue;
    x.filled[k] = x.epoch;
    if (unplanned_of_[k] >= 0) {
      slots[k] = jsonpath::QueryValue(unplanned_[static_cast<size_t>(unplanned_of_[k])].second, root, root);
      continue;
    }
    slots[k] = Value();  // until the walk finds it
    walk = true;
    for (const Step& step : steps_[k]) {
      uint64_t& bits = step.index ? x.want_index[step.node] : x.want[step.node];
      if (x.want[step.node] == 0 && x.want_index[step.node] == 0) x.touched.push_back(step.node);
      if (step.at < 64) bits |= uint64_t{1} << step.at;
    }
  }
  if (!walk) return;
  VisitDom(0, root, &x, slots);
  for (const uint32_t node : x.touched) x.want[node] = x.want_index[node] = 0;
  x.touched.clear();
}

// Reads `value` for trie node `node_id` from a DOM document: fills its slots
// and descends into its members and indexes. With `x`, only into those that
// lead to wanted slots (into every one at a node that is not indexed);
// without, into all of them.
void PathPlan::VisitDom(uint32_t node_id, simdjson::dom::element value, Extraction* x, Value* slots) const {
  const Node& node = nodes_[node_id];
  if (!node.slots.empty()) {
    const Value& first = slots[node.slots[0]] = Value::Of(value);
    for (const uint32_t k : node.slots) {
      if (k != node.slots[0]) slots[k] = first;
      if (x) x->filled[k] = x->epoch;
    }
  }
  simdjson::dom::object object;
  simdjson::dom::array array;
  if (!node.members.empty() && !value.get_object().get(object)) {
    // One walk over the members; the first of duplicate names wins, as
    // simdjson's at_key does.
    if (!node.indexed) {
      size_t left = node.members.size();
      absl::InlinedVector<bool, 32> seen(node.members.size());
      for (const auto [key, child] : object) {
        for (size_t i = 0; i < node.members.size(); ++i) {
          const std::string& name = node.members[i].first;
          if (seen[i] || name.size() != key.size() || !SameBytes(name.data(), key.data(), key.size())) continue;
          seen[i] = true;
          VisitDom(node.members[i].second, child, x, slots);
          --left;
          break;
        }
        if (left == 0) break;
      }
      return;
    }
    const uint64_t every = node.members.size() == 64 ? ~uint64_t{0} : (uint64_t{1} << node.members.size()) - 1;
    const uint64_t want = x ? x->want[node_id] : every;
    uint64_t seen = 0;
    for (const auto [key, child] : object) {
      if (seen == want) break;
      if (key.size() >= kIndexedLength) continue;
      for (uint64_t candidates = node.by_length[key.size()] & want & ~seen; candidates != 0;
           candidates &= candidates - 1) {
        const int i = std::countr_zero(candidates);
        if (!SameBytes(node.members[i].first.data(), key.data(), key.size())) continue;
        seen |= uint64_t{1} << i;
        VisitDom(node.members[i].second, child, x, slots);
        break;
      }
    }
  } else if (!node.indexes.empty() && !value.get_array().get(array)) {
    const uint64_t want = x && node.indexed ? x->want_index[node_id] : ~uint64_t{0};
    const auto n = static_cast<int64_t>(array.size());
    for (size_t at = 0; at < node.indexes.size(); ++at) {
      if (at < 64 && (want & (uint64_t{1} << at)) == 0) continue;
      const auto [index, child_node] = node.indexes[at];
      const int64_t i = index >= 0 ? index : n + index;
      if (i < 0 || i >= n) continue;
      simdjson::dom::element child;
      if (!array.at(static_cast<size_t>(i)).get(child)) VisitDom(child_node, child, x, slots);
    }
  }
}

}  // namespace alert::plan
