#pragma once

// The alert states of one partition, for GET /alerts: per (tenant, rule,
// group key, window start) of a windowed rule, its state and the
// notification that set it. Rules without `fire when` alert on each
// matching event and hold no state, so they are not here. Kept with the
// partition's checkpoint (the state family, under p<P>/a/), so that a
// restart shows what the state says; resolved alerts are kept up to
// kMaxResolved, the oldest dropped first; alerts of rules no longer in the
// set go at the next checkpoint.
//
// Thread-safe: the partition's worker records, the HTTP threads list.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <absl/status/status.h>

#include "engine/alert/notification.h"
#include "engine/state/state_store.h"

namespace alert::daemon {

struct AlertState {
  bool firing = false;
  std::optional<std::string> tenant;
  std::string rule;
  std::string notification;  // its JSON
};

class AlertTable {
 public:
  static constexpr size_t kMaxResolved = 10000;

  explicit AlertTable(int32_t partition) : prefix_("p" + std::to_string(partition) + "/a/") {}

  // A notification sent (`json`: as sent).
  void Record(const engine::Notification& n, std::string json);
  // Adds what changed since the last checkpoint to `batch`; alerts for
  // which `keep` (tenant, rule) says false (their rule is gone) are deleted.
  void Checkpoint(const std::function<bool(const std::optional<std::string>& tenant, const std::string& rule)>& keep,
                  engine::WriteBatch* batch);
  // Loads the alerts of the partition's last checkpoint.
  absl::Status Restore(const engine::StateStore& store);

  // The alerts for which `want` holds.
  std::vector<AlertState> List(const std::function<bool(const AlertState&)>& want) const;

 private:
  struct Entry {
    AlertState state;
    uint64_t resolved_at = 0;  // its place among the resolved (sequence), 0 while firing
  };
  void Forget(std::string id);  // a copy: `id` may live in resolved_

  std::string prefix_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry> alerts_;   // by id: tenant, rule, key, window start
  std::map<uint64_t, std::string> resolved_;  // by sequence: the oldest first
  uint64_t sequence_ = 0;
  std::set<std::string> changed_, deleted_;
};

// The alert tables of the partitions a daemon holds, for the HTTP threads.
// Thread-safe.
class AlertBoard {
 public:
  void Hold(int32_t partition, std::shared_ptr<const AlertTable> table);
  void Release(int32_t partition);
  // The alerts for which `want` holds, by partition.
  std::vector<std::pair<int32_t, AlertState>> List(const std::function<bool(const AlertState&)>& want) const;

 private:
  mutable std::mutex mutex_;
  std::map<int32_t, std::shared_ptr<const AlertTable>> tables_;
};

}  // namespace alert::daemon
