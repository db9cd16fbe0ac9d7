#include "engine/index/rule_index.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <absl/hash/hash.h>
#include <absl/strings/string_view.h>

namespace alert::engine {
namespace {

using checked::Op;

// A conjunct `P == c` or `P in [c...]` with P a singular, absolute path.
struct KeyTest {
  uint32_t path;
  std::vector<const Scalar*> values;
};

void Conjuncts(const checked::Expr& e, std::vector<const checked::Expr*>* out) {
  if (e.op == Op::kAnd) {
    for (const auto& a : e.args) Conjuncts(*a, out);
  } else {
    out->push_back(&e);
  }
}

std::optional<KeyTest> AsKeyTest(const checked::Rule& rule, const checked::Expr& e) {
  auto singular = [&](const checked::Expr& x) {
    return x.op == Op::kPath && rule.paths[x.index].singular && !rule.paths[x.index].relative;
  };
  if (e.op == Op::kEq) {
    const checked::Expr* path = e.args[0].get();
    const checked::Expr* constant = e.args[1].get();
    if (!singular(*path)) std::swap(path, constant);
    if (!singular(*path) || constant->op != Op::kConst) return std::nullopt;
    return KeyTest{path->index, {&constant->value}};
  }
  if (e.op == Op::kIn && singular(*e.args[0]) && e.args[1]->op == Op::kArray) {
    KeyTest test{e.args[0]->index, {}};
    for (const auto& element : e.args[1]->args) {
      if (element->op != Op::kConst) return std::nullopt;
      test.values.push_back(&element->value);
    }
    return test;
  }
  return std::nullopt;
}

// Numbers equal by == share a key: integers print as integers, whatever
// their kind; beyond int64 a value exactly representable as a double prints
// as that double, which is how a double of the same value prints.
std::string_view NumberKey(const Number& n, char (&buffer)[48]) {
  auto print = [&](auto x) {
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, x).ptr;
    return std::string_view(buffer, static_cast<size_t>(end - buffer));
  };
  switch (n.kind()) {
    case Number::Kind::kInt: return print(n.int_value());
    case Number::Kind::kUint: {
      const double d = static_cast<double>(n.uint_value());
      const bool exact = d < 18446744073709551616.0 && static_cast<uint64_t>(d) == n.uint_value();
      return exact && n.uint_value() > uint64_t{INT64_MAX} ? print(d) : print(n.uint_value());
    }
    case Number::Kind::kDouble: {
      const double d = n.double_value();
      if (n.IsIntegral() && std::fabs(d) < 9223372036854775808.0) return print(static_cast<int64_t>(d));
      return print(d);
    }
  }
  return {};
}

void Erase(std::vector<RuleId>& list, RuleId id) { list.erase(std::remove(list.begin(), list.end(), id), list.end()); }

}  // namespace

size_t RuleIndex::KeyHash::operator()(const Key& k) const { return absl::HashOf(k.tag, k.body); }

bool RuleIndex::KeyEq::operator()(const std::string& a, const Key& b) const {
  return !a.empty() && a[0] == b.tag && std::string_view(a).substr(1) == b.body;
}

std::optional<RuleIndex::Key> RuleIndex::KeyOf(const Value& v, char (&buffer)[48]) {
  switch (v.kind()) {
    case Value::Kind::kNull: return Key{'z', {}};
    case Value::Kind::kBool: return Key{v.boolean() ? 't' : 'f', {}};
    case Value::Kind::kNumber: return Key{'n', NumberKey(v.number(), buffer)};
    case Value::Kind::kString: return Key{'s', v.string()};
    default: return std::nullopt;  // nothing, arrays and objects equal no scalar
  }
}

std::optional<RuleIndex::Key> RuleIndex::KeyOf(const Scalar& s, char (&buffer)[48]) {
  switch (s.kind) {
    case Scalar::Kind::kNull: return Key{'z', {}};
    case Scalar::Kind::kBool: return Key{s.boolean ? 't' : 'f', {}};
    case Scalar::Kind::kNumber: return Key{'n', NumberKey(s.number, buffer)};
    case Scalar::Kind::kString: return Key{'s', s.string};
  }
  return std::nullopt;
}

RuleIndex::RuleLists* RuleIndex::Scope::ListsOf(uint32_t key_path, bool create) {
  for (auto& [path, lists] : keyed) {
    if (path == key_path) return &lists;
  }
  if (!create) return nullptr;
  return &keyed.emplace_back(key_path, RuleLists()).second;
}

uint32_t RuleIndex::KeyPathId(const std::string& text) {
  auto [it, added] = key_path_ids_.emplace(text, static_cast<uint32_t>(key_paths_.size()));
  if (added) {
    key_paths_.push_back(text);
    known_values_.emplace_back();
  }
  return it->second;
}

// The test accepting the smallest share of its path's known values (ties:
// the first).
int RuleIndex::MostSelective(const Entry& entry) const {
  int best = -1;
  double best_share = 2;
  for (size_t t = 0; t < entry.tests.size(); ++t) {
    const Test& test = entry.tests[t];
    const double share = static_cast<double>(test.values.size()) /
                         static_cast<double>(std::max<size_t>(known_values_[test.key_path].size(), 1));
    if (share < best_share) {
      best = static_cast<int>(t);
      best_share = share;
    }
  }
  return best;
}

void RuleIndex::File(RuleId id, const Entry& entry) {
  Scope& scope = scopes_[entry.scope];
  if (entry.filed < 0) {
    scope.residual.push_back(id);
    return;
  }
  const Test& test = entry.tests[static_cast<size_t>(entry.filed)];
  RuleLists& lists = *scope.ListsOf(test.key_path, true);
  for (const std::string& v : test.values) lists[v].push_back(id);
}

void RuleIndex::Unfile(RuleId id, const Entry& entry) {
  Scope& scope = scopes_[entry.scope];
  if (entry.filed < 0) {
    Erase(scope.residual, id);
  } else {
    const Test& test = entry.tests[static_cast<size_t>(entry.filed)];
    RuleLists& lists = *scope.ListsOf(test.key_path, false);
    for (const std::string& v : test.values) {
      auto list = lists.find(v);
      Erase(list->second, id);
      if (list->second.empty()) lists.erase(list);
    }
    if (lists.empty()) {
      std::erase_if(scope.keyed, [&](const auto& keyed) { return keyed.first == test.key_path; });
    }
  }
  if (scope.keyed.empty() && scope.residual.empty()) scopes_.erase(entry.scope);
}

void RuleIndex::Add(RuleId id, const checked::Rule& rule, bool every_event) {
  Entry entry;
  entry.scope = rule.tenant.value_or("");
  std::vector<const checked::Expr*> conjuncts;
  if (rule.when && !every_event) Conjuncts(*rule.when, &conjuncts);
  for (const checked::Expr* c : conjuncts) {
    auto key_test = AsKeyTest(rule, *c);
    if (!key_test) continue;
    Test test{KeyPathId(rule.paths[key_test->path].text), {}};
    char buffer[48];
    for (const Scalar* s : key_test->values) {
      const Key key = *KeyOf(*s, buffer);
      test.values.push_back(key.tag + std::string(key.body));
    }
    std::sort(test.values.begin(), test.values.end());
    test.values.erase(std::unique(test.values.begin(), test.values.end()), test.values.end());
    for (const std::string& v : test.values) ++known_values_[test.key_path][v];
    entry.tests.push_back(std::move(test));
  }
  entry.filed = MostSelective(entry);
  File(id, entry);
  entries_[id] = std::move(entry);
}

void RuleIndex::Remove(RuleId id) {
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  const Entry& entry = it->second;
  Unfile(id, entry);
  for (const Test& test : entry.tests) {
    auto& known = known_values_[test.key_path];
    for (const std::string& v : test.values) {
      if (--known[v] == 0) known.erase(v);
    }
  }
  entries_.erase(it);
}

void RuleIndex::Rebalance() {
  for (auto& [id, entry] : entries_) {
    const int best = MostSelective(entry);
    if (best == entry.filed) continue;
    Unfile(id, entry);
    entry.filed = best;
    File(id, entry);
  }
}

void RuleIndex::Candidates(std::string_view tenant, absl::FunctionRef<const Value&(uint32_t key_path)> value_of,
                           std::vector<RuleId>* out) const {
  auto visit = [&](const Scope& scope) {
    out->insert(out->end(), scope.residual.begin(), scope.residual.end());
    for (const auto& [path, lists] : scope.keyed) {
      char buffer[48];
      const auto key = KeyOf(value_of(path), buffer);
      if (!key) continue;
      if (auto it = lists.find(*key); it != lists.end()) out->insert(out->end(), it->second.begin(), it->second.end());
    }
  };
  if (auto global = scopes_.find(absl::string_view()); global != scopes_.end()) visit(global->second);
  if (!tenant.empty()) {
    if (auto scoped = scopes_.find(absl::string_view(tenant.data(), tenant.size())); scoped != scopes_.end()) visit(scoped->second);
  }
}

}  // namespace alert::engine
