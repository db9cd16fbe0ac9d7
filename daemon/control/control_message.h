#pragma once

// The control topic's messages and the control-results topic's answers
// (../shared/spec/DAEMON.md, "Topics"):
//
//   {"op": "upsert", "tenant": null | "T", "rule_id": "R", "version": 3, "source": "rule R { ... }"}
//   {"op": "delete" | "pause" | "resume", "tenant": null | "T", "rule_id": "R"}
//
// and for each, one answer:
//
//   {"tenant": ..., "rule_id": ..., "version": N | null, "status": "active" | "rejected" | "deleted" | "paused",
//    "message": "one line", "diagnostics": [...]}
//
// with the diagnostics of `alertc check --format json`. A message that is
// not one of these is answered `rejected`, naming what is wrong; fields
// not named here are ignored (newer writers may add some).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <absl/status/statusor.h>

#include "engine/rules/rule_set.h"

namespace alert::daemon {

// Control messages longer than this are rejected unread. 1 MiB.
inline constexpr size_t kMaxControlMessageBytes = size_t{1} << 20;

// The change a control message asks for; InvalidArgument saying why it is
// not one.
absl::StatusOr<engine::RuleChange> ParseControlMessage(std::string_view json);

// The control message of `change` (ParseControlMessage's inverse), and its
// key on the control topic: tenant/rule_id.
std::string ControlMessageJson(const engine::RuleChange& change);
std::string ControlKey(const engine::RuleChange& change);

// What a control-results answer says.
struct ControlAnswer {
  std::optional<std::string> tenant;   // the message's, when it named one
  std::optional<std::string> rule_id;  // the message's, when it named one
  std::optional<int64_t> version;      // the version the answer is about, when there is one
  std::string status;                  // active, rejected, deleted, paused
  std::string message;                 // one line
  std::string diagnostics = "[]";      // a JSON array
};

// The answer to a message that ParseControlMessage refused.
ControlAnswer MalformedAnswer(std::string_view json, std::string_view problem);
// The answer to `change` once the rule set applied it; `version` is the
// rule's version after it (for delete: the deleted one), when known.
ControlAnswer AnswerOf(const engine::RuleChange& change, const engine::ChangeResult& result,
                       std::optional<int64_t> version);
// Adds a warning to the answer's diagnostics.
void AddWarning(ControlAnswer* answer, std::string_view warning);

std::string ToJson(const ControlAnswer& answer);
// The answer's key on control-results, as the control message's: tenant/rule_id.
std::string KeyOf(const ControlAnswer& answer);

}  // namespace alert::daemon
