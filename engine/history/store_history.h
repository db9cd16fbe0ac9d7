#pragma once

// History in a state store's history family (the RocksDB store in the
// daemon and `alertc run --state`), for the engine of one partition. Appended
// records are kept in memory until the engine's next checkpoint writes them
// (Flush into the checkpoint's batch, then Committed), so that history and
// state are durable together; scans see both. The records of the batch last
// committed stay in memory until the next commit, so that the batch may be
// written in the background (BackgroundWriter) while scans go on.
//
//   h <partition> <time> <source partition> <source offset>  -> tenant, event
//   m <partition>                                              -> latest time, retained from
// with integers as AppendOrdered writes them: byte order is time order, and
// an event appended twice (delivered again) is one record. A scan for one
// tenant reads the partition's records of the time range and keeps the
// tenant's: backfill is rare, and one key per event keeps recording cheap.

#include <climits>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/history/history_store.h"
#include "engine/state/state_store.h"

namespace alert::engine {

class StoreHistory final : public HistoryStore {
 public:
  // Reads the latest time from `store`, which must outlive this.
  static absl::StatusOr<std::unique_ptr<StoreHistory>> Open(StateStore& store, int32_t partition);

  absl::Status Append(const HistoryRecord& record) override;
  absl::Status Scan(int64_t from, int64_t to, std::optional<std::string_view> tenant,
                    absl::FunctionRef<void(const HistoryRecord&)> visit) const override;
  std::optional<int64_t> max_time() const override { return max_time_; }
  absl::Status Expire(int64_t before) override;
  absl::Status Flush(WriteBatch* batch) override;
  void Committed() override;

  size_t pending() const { return pending_.entries.size(); }

 private:
  StoreHistory(StateStore& store, int32_t partition);
  std::string RecordKey(int64_t time, EventSource source) const;
  void AppendRecordKey(std::string& out, int64_t time, EventSource source) const;

  // Records in one buffer: each key and value (tenant, event) side by side.
  struct Records {
    struct Entry {
      size_t at, key_size, value_size;
    };
    std::vector<Entry> entries;
    std::string bytes;
    bool sorted = true;
    std::string_view key(const Entry& e) const { return std::string_view(bytes.data() + e.at, e.key_size); }
    std::string_view value(const Entry& e) const { return std::string_view(bytes.data() + e.at + e.key_size, e.value_size); }
    // Key order, a later append of a key replacing an earlier.
    void Sort();
  };
  // The records of [begin, end) not known to be in the store, in key order:
  // pending_'s replacing in_flight_'s.
  std::vector<std::pair<std::string_view, std::string_view>> Unwritten(std::string_view begin, std::string_view end) const;

  StateStore& store_;
  const int32_t partition_;
  std::optional<int64_t> max_time_;
  mutable Records pending_;  // appended since the last commit
  // The records of the batch last committed: kept (and scanned) until the
  // next commit, since a background writer may still be writing them.
  mutable Records in_flight_;
  // Records older than this are expired (a late event's too); written with
  // the next flush when expire_pending_.
  int64_t retained_from_ = INT64_MIN;
  bool expire_pending_ = false;
};

}  // namespace alert::engine
