#pragma once

// The rule index: picks the rules an event can match, so that per-event work
// grows with the candidate rules, not with every rule loaded.
//
// A rule is filed under its tenant scope and under one equality test on a
// constant at the top of its `when` (a conjunct `$.application == "Dropbox"`
// or `$.eventType in ["A", "B"]`): the test whose path the fewest rules of
// the index share values on, so the lists stay short. A rule with no such
// conjunct sits in the residual list of its scope and is a candidate for
// every event of that scope. Adding or removing a rule touches only that
// rule's entries. Not thread-safe: the engine owns one per thread or guards it.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/checked/checked.h"
#include "runtime/value/value.h"

namespace alert::engine {

using RuleId = uint32_t;

class RuleIndex {
 public:
  // Files `rule` under `id` (an id not already in the index).
  void Add(RuleId id, const checked::Rule& rule);
  // Removes the rule filed under `id`; a no-op for an unknown id.
  void Remove(RuleId id);

  // The singular paths (normalized text) whose values the index reads.
  std::vector<std::string> KeyPaths() const;

  // Appends to `out` the rules that can match an event of `tenant` whose
  // key paths have the values `value_of(path)` returns (nothing when missing).
  // Global rules are candidates for every tenant.
  void Candidates(std::string_view tenant, const std::function<Value(const std::string& path)>& value_of,
                  std::vector<RuleId>* out) const;

  size_t size() const { return entries_.size(); }

 private:
  // Where a rule is filed: its scope, and a key test or the residual list.
  struct Entry {
    std::string scope;  // "" for global rules, else the tenant
    std::optional<std::string> path;
    std::vector<std::string> values;  // canonical value keys
  };
  struct Scope {
    // path -> value key -> rules
    std::map<std::string, std::unordered_map<std::string, std::vector<RuleId>>> keyed;
    std::vector<RuleId> residual;
  };

  // The canonical key of a JSON scalar, equal exactly when == holds (numbers
  // numerically: 10 and 10.0 share a key).
  static std::optional<std::string> KeyOf(const Value& v);
  static std::optional<std::string> KeyOf(const Scalar& s);

  std::unordered_map<RuleId, Entry> entries_;
  std::map<std::string, Scope> scopes_;
  std::map<std::string, size_t> path_uses_;  // how many rules are keyed on each path
};

}  // namespace alert::engine
