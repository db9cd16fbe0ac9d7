#pragma once

// The daemon's rule set as kept in its store: one record per rule (version,
// text, paused) in the rules family, written with the checkpoint after the
// change, so that a restart runs the versions its state was built with.
// Rules come from the store at start, then from the rules file (--rules) at
// start and on SIGHUP, and from the control topic.

#include <cstddef>
#include <string>

#include <absl/status/statusor.h>

#include "engine/rules/rule_set.h"
#include "engine/state/state_store.h"

namespace alert::daemon {

// Adds every rule recorded in `store` to `rules` (compiled together) at its
// recorded version, paused where it was. Fails with kDataLoss when a record
// does not check (it was written by this daemon, so the store is damaged or
// from another version).
absl::StatusOr<size_t> LoadStoredRules(const engine::StateStore& store, engine::RuleSet& rules);

struct FileApplied {
  size_t added = 0;      // rules not in the set: version 1 (compiled together)
  size_t changed = 0;    // rules whose text changed: their next version
  size_t unchanged = 0;
};

// Applies the rules file at `path`: a rule not in the set is added, one
// whose text differs becomes its next version; rules of the set that the
// file does not name stay (they may have come by the control topic). The
// records of what changed go into `changes`. A file that does not check
// changes nothing: InvalidArgument with its diagnostics as text.
absl::StatusOr<FileApplied> ApplyRulesFile(const std::string& path, engine::RuleSet& rules,
                                           engine::WriteBatch* changes);

// The record of rule `id` of `rules` as it is now, into `changes`.
void RecordRule(const engine::RuleSet& rules, uint32_t id, engine::WriteBatch* changes);

}  // namespace alert::daemon
