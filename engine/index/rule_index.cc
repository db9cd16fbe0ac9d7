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
    key_path_uses_.push_back(0);
  }
  return it->second;
}

void RuleIndex::Add(RuleId id, const checked::Rule& rule) {
  Entry entry;
  entry.scope = rule.tenant.value_or("");
  // The key test whose path is least used so far (ties: the first).
  std::optional<KeyTest> best;
  size_t best_uses = 0;
  std::vector<const checked::Expr*> conjuncts;
  if (rule.when) Conjuncts(*rule.when, &conjuncts);
  for (const checked::Expr* c : conjuncts) {
    auto test = AsKeyTest(rule, *c);
    if (!test) continue;
    const auto known = key_path_ids_.find(rule.paths[test->path].text);
    const size_t uses = known == key_path_ids_.end() ? 0 : key_path_uses_[known->second];
    if (!best || uses < best_uses) {
      best = test;
      best_uses = uses;
    }
  }
  Scope& scope = scopes_[entry.scope];
  if (best) {
    entry.key_path = KeyPathId(rule.paths[best->path].text);
    char buffer[48];
    for (const Scalar* s : best->values) {
      const Key key = *KeyOf(*s, buffer);
      entry.values.push_back(key.tag + std::string(key.body));
    }
    std::sort(entry.values.begin(), entry.values.end());
    entry.values.erase(std::unique(entry.values.begin(), entry.values.end()), entry.values.end());
    RuleLists& lists = *scope.ListsOf(*entry.key_path, true);
    for (const std::string& v : entry.values) lists[v].push_back(id);
    ++key_path_uses_[*entry.key_path];
  } else {
    scope.residual.push_back(id);
  }
  entries_[id] = std::move(entry);
}

void RuleIndex::Remove(RuleId id) {
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  const Entry& entry = it->second;
  Scope& scope = scopes_[entry.scope];
  if (entry.key_path) {
    RuleLists& lists = *scope.ListsOf(*entry.key_path, false);
    for (const std::string& v : entry.values) {
      auto list = lists.find(v);
      Erase(list->second, id);
      if (list->second.empty()) lists.erase(list);
    }
    if (lists.empty()) {
      std::erase_if(scope.keyed, [&](const auto& keyed) { return keyed.first == *entry.key_path; });
    }
    --key_path_uses_[*entry.key_path];
  } else {
    Erase(scope.residual, id);
  }
  if (scope.keyed.empty() && scope.residual.empty()) scopes_.erase(entry.scope);
  entries_.erase(it);
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
