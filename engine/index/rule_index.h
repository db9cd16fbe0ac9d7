#pragma once

// The rule index: picks the rules an event can match, so that per-event work
// grows with the candidate rules, not with every rule loaded.
//
// A rule is filed under its tenant scope and under one equality test on a
// constant at the top of its `when` (a conjunct `$.application == "Dropbox"`
// or `$.eventType in ["A", "B"]`): the most selective one, estimated as the
// share of the path's known values the test accepts (the values the rules of
// the index compare that path with). A rule with no such conjunct sits in
// the residual list of its scope and is a candidate for every event of that
// scope. Adding or removing a rule touches only that rule's entries;
// Rebalance re-files every rule with what the index knows by then (after a
// bulk load). Lookups allocate nothing. Not thread-safe for writers:
// concurrent Candidates calls are safe while nobody adds or removes.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/functional/function_ref.h>

#include "compiler/checked/checked.h"
#include "runtime/value/value.h"

namespace alert::engine {

using RuleId = uint32_t;

class RuleIndex {
 public:
  // Files `rule` under `id` (an id not already in the index). With
  // `every_event` the rule is a candidate for every event of its scope (the
  // engine's rules whose state non-matching events change too).
  void Add(RuleId id, const checked::Rule& rule, bool every_event = false);
  // Removes the rule filed under `id`; a no-op for an unknown id.
  void Remove(RuleId id);
  // Re-files every rule under its most selective test as now estimated.
  void Rebalance();

  // The singular paths (normalized text) whose values the index reads, by
  // key path id. An id stays valid for the life of the index.
  const std::vector<std::string>& key_paths() const { return key_paths_; }

  // Appends to `out` the rules that can match an event of `tenant` whose
  // key path k has the value `value_of(k)`. Global rules are candidates for
  // every tenant; "" is no tenant. A rule is appended at most once.
  void Candidates(std::string_view tenant, absl::FunctionRef<const Value&(uint32_t key_path)> value_of,
                  std::vector<RuleId>* out) const;

  size_t size() const { return entries_.size(); }

 private:
  // The canonical key of a JSON scalar, equal exactly when == holds (numbers
  // numerically: 10 and 10.0 share a key): a tag and a body, which for
  // strings is the string itself and otherwise is written in `buffer`.
  struct Key {
    char tag = 0;
    std::string_view body;
  };
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(const Key& k) const;
    size_t operator()(const std::string& stored) const { return (*this)(Split(stored)); }
  };
  struct KeyEq {
    using is_transparent = void;
    bool operator()(const std::string& a, const std::string& b) const { return a == b; }
    bool operator()(const std::string& a, const Key& b) const;
    bool operator()(const Key& a, const std::string& b) const { return (*this)(b, a); }
  };
  static Key Split(const std::string& stored) { return {stored[0], std::string_view(stored).substr(1)}; }
  static std::optional<Key> KeyOf(const Value& v, char (&buffer)[48]);
  static std::optional<Key> KeyOf(const Scalar& s, char (&buffer)[48]);

  using RuleLists = absl::flat_hash_map<std::string, std::vector<RuleId>, KeyHash, KeyEq>;
  // A key test: a path and the value keys it accepts.
  struct Test {
    uint32_t key_path;
    std::vector<std::string> values;  // stored keys, sorted, distinct
  };
  // Where a rule is filed: its scope, and one of its tests or the residual list.
  struct Entry {
    std::string scope;  // "" for global rules, else the tenant
    std::vector<Test> tests;
    int filed = -1;  // the test it is filed under; -1: the residual list
  };
  struct Scope {
    std::vector<std::pair<uint32_t, RuleLists>> keyed;  // key path id -> value key -> rules
    std::vector<RuleId> residual;
    RuleLists* ListsOf(uint32_t key_path, bool create);
  };

  uint32_t KeyPathId(const std::string& text);
  int MostSelective(const Entry& entry) const;
  void File(RuleId id, const Entry& entry);
  void Unfile(RuleId id, const Entry& entry);

  absl::flat_hash_map<RuleId, Entry> entries_;
  absl::flat_hash_map<std::string, Scope> scopes_;
  std::vector<std::string> key_paths_;
  absl::flat_hash_map<std::string, uint32_t> key_path_ids_;
  // The values rules compare each key path with, and how many tests do.
  std::vector<absl::flat_hash_map<std::string, size_t>> known_values_;
};

}  // namespace alert::engine
