#pragma once

// The history store: the events a partition has seen, by tenant and event
// time, for backfill (LANGUAGE.md, "Dedupe and backfill": a new rule with
// `backfill D` replays the last D of history). The interface is what the
// RocksDB store implements; MemoryHistory keeps events in memory (alertc
// and tests).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <absl/functional/function_ref.h>
#include <absl/status/status.h>

#include "engine/alert/notification.h"

namespace alert::engine {

struct HistoryRecord {
  std::string_view tenant;  // "" when the event has none
  int64_t time = 0;         // event time, epoch ms
  EventSource source;       // where it was read live
  std::string_view json;    // the event's bytes
};

class HistoryStore {
 public:
  virtual ~HistoryStore() = default;
  virtual absl::Status Append(const HistoryRecord& record) = 0;
  // Calls `visit` for the records with time in [from, to] — of `tenant`
  // only, when given — in time order, equal times in the order appended.
  virtual absl::Status Scan(int64_t from, int64_t to, std::optional<std::string_view> tenant,
                            absl::FunctionRef<void(const HistoryRecord&)> visit) const = 0;
  // The latest event time stored, if any.
  virtual std::optional<int64_t> max_time() const = 0;
  // Drops the records older than `before` (the retention).
  virtual absl::Status Expire(int64_t before) = 0;
};

class MemoryHistory final : public HistoryStore {
 public:
  absl::Status Append(const HistoryRecord& record) override;
  absl::Status Scan(int64_t from, int64_t to, std::optional<std::string_view> tenant,
                    absl::FunctionRef<void(const HistoryRecord&)> visit) const override;
  std::optional<int64_t> max_time() const override;
  absl::Status Expire(int64_t before) override;
  size_t size() const { return records_.size(); }

 private:
  struct Stored {
    std::string tenant;
    EventSource source;
    std::string json;
  };
  std::map<std::pair<int64_t, uint64_t>, Stored> records_;  // (time, arrival) -> event
  uint64_t next_ = 0;
};

}  // namespace alert::engine
