#pragma once

// The rule set as stored: one record per rule in the rules family, under
// its scope and id (the tenant as a JSON string, or * for a global rule),
// with its version and text, so that a restart runs the rule versions the
// state was built with.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <absl/status/statusor.h>

#include "engine/state/state_store.h"

namespace alert::engine {

struct RuleRecord {
  std::optional<std::string> tenant;  // nullopt: a global rule
  std::string id;
  int64_t version = 1;
  std::string source;  // the rule's text
  bool paused = false;
};

std::string RuleRecordKey(const std::optional<std::string>& tenant, const std::string& id);
void PutRuleRecord(const RuleRecord& record, WriteBatch* batch);
void DeleteRuleRecord(const std::optional<std::string>& tenant, const std::string& id, WriteBatch* batch);
// Every stored record, in key order. Fails with kDataLoss on a record that
// cannot be read.
absl::StatusOr<std::vector<RuleRecord>> LoadRuleRecords(const StateStore& store);

}  // namespace alert::engine
