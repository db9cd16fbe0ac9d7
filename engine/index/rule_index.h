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
// rule's entries. Lookups allocate nothing. Not thread-safe for writers:
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
  // Files `rule` under `id` (an id not already in the index).
  void Add(RuleId id, const checked::Rule& rule);
  // Removes the rule filed under `id`; a no-op for an unknown id.
  void Remove(RuleId id);

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
  // Where a rule is filed: its scope, and a key test or the residual list.
  struct Entry {
    std::string scope;  // "" for global rules, else the tenant
    std::optional<uint32_t> key_path;
    std::vector<std::string> values;  // stored keys
  };
  struct Scope {
    std::vector<std::pair<uint32_t, RuleLists>> keyed;  // key path id -> value key -> rules
    std::vector<RuleId> residual;
    RuleLists* ListsOf(uint32_t key_path, bool create);
  };

  uint32_t KeyPathId(const std::string& text);

  absl::flat_hash_map<RuleId, Entry> entries_;
  absl::flat_hash_map<std::string, Scope> scopes_;
  std::vector<std::string> key_paths_;
  absl::flat_hash_map<std::string, uint32_t> key_path_ids_;
  std::vector<size_t> key_path_uses_;  // how many rules are keyed on each key path
};

}  // namespace alert::engine
