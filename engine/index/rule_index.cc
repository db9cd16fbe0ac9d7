#include "engine/index/rule_index.h"

#include <algorithm>
#include <cmath>

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

std::string NumberKey(const Number& n) {
  // Numbers equal by == share a key: integers print as integers, whatever
  // their kind; beyond int64 a value exactly representable as a double prints
  // as that double, which is how a double of the same value prints.
  switch (n.kind()) {
    case Number::Kind::kInt: return "n" + std::to_string(n.int_value());
    case Number::Kind::kUint: {
      const double d = static_cast<double>(n.uint_value());
      const bool exact = d < 18446744073709551616.0 && static_cast<uint64_t>(d) == n.uint_value();
      return exact ? "n" + Number::Double(d).ToString() : "n" + std::to_string(n.uint_value());
    }
    case Number::Kind::kDouble: {
      const double d = n.double_value();
      if (n.IsIntegral() && std::fabs(d) < 9223372036854775808.0) return "n" + std::to_string(static_cast<int64_t>(d));
      return "n" + n.ToString();
    }
  }
  return "n";
}

void Erase(std::vector<RuleId>& list, RuleId id) { list.erase(std::remove(list.begin(), list.end(), id), list.end()); }

}  // namespace

std::optional<std::string> RuleIndex::KeyOf(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNull: return "z";
    case Value::Kind::kBool: return v.boolean() ? "t" : "f";
    case Value::Kind::kNumber: return NumberKey(v.number());
    case Value::Kind::kString: return "s" + std::string(v.string());
    default: return std::nullopt;  // nothing, arrays and objects equal no scalar
  }
}

std::optional<std::string> RuleIndex::KeyOf(const Scalar& s) {
  switch (s.kind) {
    case Scalar::Kind::kNull: return "z";
    case Scalar::Kind::kBool: return s.boolean ? "t" : "f";
    case Scalar::Kind::kNumber: return NumberKey(s.number);
    case Scalar::Kind::kString: return "s" + s.string;
  }
  return std::nullopt;
}

void RuleIndex::Add(RuleId id, const checked::Rule& rule) {
  Entry entry;
  entry.scope = rule.tenant.value_or("");
  // The key test whose path is least used so far (ties: the first).
  std::optional<KeyTest> best;
  std::vector<const checked::Expr*> conjuncts;
  if (rule.when) Conjuncts(*rule.when, &conjuncts);
  for (const checked::Expr* c : conjuncts) {
    auto test = AsKeyTest(rule, *c);
    if (!test) continue;
    const std::string& text = rule.paths[test->path].text;
    const size_t uses = path_uses_.count(text) ? path_uses_.at(text) : 0;
    if (!best || uses < path_uses_[rule.paths[best->path].text]) best = test;
  }
  Scope& scope = scopes_[entry.scope];
  if (best) {
    entry.path = rule.paths[best->path].text;
    for (const Scalar* s : best->values) entry.values.push_back(*KeyOf(*s));
    std::sort(entry.values.begin(), entry.values.end());
    entry.values.erase(std::unique(entry.values.begin(), entry.values.end()), entry.values.end());
    for (const std::string& v : entry.values) scope.keyed[*entry.path][v].push_back(id);
    ++path_uses_[*entry.path];
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
  if (entry.path) {
    auto& by_value = scope.keyed[*entry.path];
    for (const std::string& v : entry.values) {
      Erase(by_value[v], id);
      if (by_value[v].empty()) by_value.erase(v);
    }
    if (by_value.empty()) scope.keyed.erase(*entry.path);
    if (--path_uses_[*entry.path] == 0) path_uses_.erase(*entry.path);
  } else {
    Erase(scope.residual, id);
  }
  if (scope.keyed.empty() && scope.residual.empty()) scopes_.erase(entry.scope);
  entries_.erase(it);
}

std::vector<std::string> RuleIndex::KeyPaths() const {
  std::vector<std::string> paths;
  for (const auto& [path, uses] : path_uses_) paths.push_back(path);
  return paths;
}

void RuleIndex::Candidates(std::string_view tenant, const std::function<Value(const std::string& path)>& value_of,
                           std::vector<RuleId>* out) const {
  auto visit = [&](const Scope& scope) {
    out->insert(out->end(), scope.residual.begin(), scope.residual.end());
    for (const auto& [path, by_value] : scope.keyed) {
      const auto key = KeyOf(value_of(path));
      if (!key) continue;
      if (auto it = by_value.find(*key); it != by_value.end()) out->insert(out->end(), it->second.begin(), it->second.end());
    }
  };
  if (auto global = scopes_.find(""); global != scopes_.end()) visit(global->second);
  if (!tenant.empty()) {
    if (auto scoped = scopes_.find(std::string(tenant)); scoped != scopes_.end()) visit(scoped->second);
  }
}

}  // namespace alert::engine
