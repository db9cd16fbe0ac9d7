#pragma once

// Writes checkpoint batches to a store on a thread of its own, so that the
// thread that builds a checkpoint goes back to events while RocksDB takes
// the batch (the asynchronous part of a checkpoint, as in Flink). One batch
// is in flight at a time: Submit first waits until the one before it is
// written, so memory holds at most two checkpoints' worth of changes.
//
// A failed write is reported by the next Submit or Wait, and the writer takes
// nothing more: the state in memory has gone past what the store holds, so
// the caller stops and restarts from the last good checkpoint.

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <absl/status/status.h>

#include "engine/state/state_store.h"

namespace alert::engine {

class BackgroundWriter {
 public:
  // `store` must outlive the writer and take writes from another thread.
  explicit BackgroundWriter(StateStore& store);
  // Waits for the batch in flight.
  ~BackgroundWriter();
  BackgroundWriter(const BackgroundWriter&) = delete;
  BackgroundWriter& operator=(const BackgroundWriter&) = delete;

  // Waits for the previous batch; hands `parts` to the writer when that one
  // was written, else returns its failure. The parts are written as one
  // batch, in order (joined on the writer's thread, not the caller's).
  absl::Status Submit(std::vector<WriteBatch> parts);
  absl::Status Submit(WriteBatch batch);
  // Waits until every batch submitted is written: the first failure, if any.
  absl::Status Wait();
  // Whether every batch submitted is written (or failed): Wait would not block.
  bool Idle();

 private:
  void Run();

  StateStore& store_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<std::vector<WriteBatch>> next_;  // submitted, not yet written
  bool writing_ = false;
  bool stopping_ = false;
  absl::Status failure_;
  std::thread thread_;
};

}  // namespace alert::engine
