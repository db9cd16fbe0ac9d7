#pragma once

// The API's audit log: every change asked for over HTTP (upsert, delete,
// pause, resume), with the token's name, the time, the old and new version
// and the daemon's answer, in the store's audit family, oldest first. Keys
// are the time in milliseconds and a sequence number, big-endian, so that a
// scan reads them in order. Thread-safe (the store takes writes from any
// thread).

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <absl/status/statusor.h>

#include "engine/state/state_store.h"

namespace alert::daemon {

struct AuditEntry {
  int64_t time_ms = 0;
  std::string token;   // its name
  std::string action;  // upsert, delete, pause, resume
  std::optional<std::string> tenant;
  std::string rule_id;
  std::optional<int64_t> old_version, new_version;
  std::string answer;  // the control-results JSON, or {"error": ...} when there was none
};

class AuditLog {
 public:
  explicit AuditLog(engine::StateStore& store) : store_(store) {}

  absl::Status Append(const AuditEntry& entry);
  // The last `limit` entries as JSON objects, oldest first.
  absl::StatusOr<std::vector<std::string>> Last(size_t limit) const;

 private:
  engine::StateStore& store_;
  std::atomic<uint64_t> sequence_{0};
};

// An entry as the JSON object GET /audit lists.
std::string AuditJson(const AuditEntry& entry);

}  // namespace alert::daemon
