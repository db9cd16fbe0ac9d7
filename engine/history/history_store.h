#pragma once

// The history store: the events a partition has seen, by tenant and event
// time, for backfill (LANGUAGE.md, "Dedupe and backfill": a new rule with
// `backfill D` replays the last D of history). A record is identified by its
// source (partition, offset), so an event appended twice — delivered again
// after a restart — is one record. StoreHistory keeps records in a state
// store's history family, written with the engine's checkpoints;
// MemoryHistory keeps them in memory (alertc test, tests).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <absl/functional/function_ref.h>
#include <absl/status/status.h>

#include "engine/alert/notification.h"
#include "engine/state/state_store.h"

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
  // only, when given — in time order, equal times by source.
  virtual absl::Status Scan(int64_t from, int64_t to, std::optional<std::string_view> tenant,
                            absl::FunctionRef<void(const HistoryRecord&)> visit) const = 0;
  // The latest event time stored, if any.
  virtual std::optional<int64_t> max_time() const = 0;
  // Drops the records older than `before` (the retention).
  virtual absl::Status Expire(int64_t before) = 0;
  // A store that writes with checkpoints: adds what changed since the last
  // commit to `batch`; Committed says the batch was written or is being
  // written, and that the batch before it was written. Both do nothing for a
  // store that keeps everything in memory.
  virtual absl::Status Flush(WriteBatch* batch) { return absl::OkStatus(); }
  virtual void Committed() {}
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
    std::string json;
  };
  struct Id {
    int64_t time;
    int32_t partition;
    int64_t offset;
    auto operator<=>(const Id&) const = default;
  };
  std::map<Id, Stored> records_;
};

}  // namespace alert::engine
