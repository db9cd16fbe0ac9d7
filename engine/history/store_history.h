#pragma once

// History in a state store's history family (the RocksDB store in the
// daemon and `alertc run --state`), for the engine of one partition. Appended
// records are kept in memory until the engine's next checkpoint writes them
// (Flush into the checkpoint's batch, then Committed), so that history and
// state are durable together; scans see both. The records are appended
// straight into batches of puts, chunks of at most kChunk bytes (a chunk is
// never grown, so the history is never copied into a bigger buffer on the
// way), which Flush attaches to the checkpoint's batch as they are (the
// history is as many bytes as the events: copying it is what a checkpoint
// would cost most); they are not changed again, so scans read them while a
// background writer (BackgroundWriter) writes them, until the next commit,
// and the one after that reuses their memory.
//
//   h <partition> <time> <source partition> <source offset>  -> tenant, event
//   m <partition>                                              -> latest time, retained from
// with integers as AppendOrdered writes them: byte order is time order, and
// an event appended twice (delivered again) is one record. A scan for one
// tenant reads the partition's records of the time range and keeps the
// tenant's: backfill is rare, and one key per event keeps recording cheap.

#include <climits>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/history/history_store.h"
#include "engine/state/state_store.h"

namespace alert::engine {

class StoreHistory final : public HistoryStore {
 public:
  // A partition's first chunk; each next one twice the size, up to kChunk.
  static constexpr size_t kFirstChunk = size_t{64} << 10;
  static constexpr size_t kChunk = size_t{1} << 20;

  // Reads the latest time from `store`, which must outlive this.
  static absl::StatusOr<std::unique_ptr<StoreHistory>> Open(StateStore& store, int32_t partition);

  absl::Status Append(const HistoryRecord& record) override;
  absl::Status Scan(int64_t from, int64_t to, std::optional<std::string_view> tenant,
                    absl::FunctionRef<void(const HistoryRecord&)> visit) const override;
  std::optional<int64_t> max_time() const override { return max_time_; }
  absl::Status Expire(int64_t before) override;
  absl::Status Flush(WriteBatch* batch) override;
  void Committed() override;

 private:
  StoreHistory(StateStore& store, int32_t partition);
  std::string RecordKey(int64_t time, EventSource source) const;
  void AppendRecordKey(std::string& out, int64_t time, EventSource source) const;

  // Records as the puts of one chunk, and where each put is in it.
  struct Records {
    std::shared_ptr<WriteBatch> batch;
    std::vector<size_t> at;
  };
  // The records of [begin, end) not known to be in the store, in key order,
  // a later append of a key replacing an earlier.
  std::vector<std::pair<std::string_view, std::string_view>> Unwritten(std::string_view begin, std::string_view end) const;
  // An empty chunk for the next records, the next size up (and one of
  // `at_least` bytes): one written before, if there is one.
  Records Fresh(size_t at_least);

  StateStore& store_;
  const int32_t partition_;
  std::optional<int64_t> max_time_;
  std::string key_;  // the record key being appended
  std::vector<Records> open_;  // appended since the last flush, into the last
  // Flushed since the last commit: attached to the batch of that flush (and
  // to the next one's as well, if that batch was not written).
  std::vector<Records> flushed_;
  // The records of the batch last committed: kept (and scanned) until the
  // next commit, since a background writer may still be writing them.
  std::vector<Records> in_flight_;
  // Written chunks, cleared, for the next records: as many as the last
  // flush took, at most.
  std::vector<Records> spare_;
  size_t last_flushed_ = 0;  // the chunks of the last flush
  size_t next_chunk_ = kFirstChunk;
  // Records older than this are expired (a late event's too); written with
  // the next flush when expire_pending_.
  int64_t retained_from_ = INT64_MIN;
  bool expire_pending_ = false;
};

}  // namespace alert::engine
