#pragma once

// `alertc run --state DIR`: the run's durable state in a RocksDB store. On
// the first start DIR is made; on a later one the store gives the rule
// versions, the engine's state and history, and the offset to resume after.
// The rules file is applied as upserts: a rule whose text changed becomes
// its next version, a new rule version 1, a rule no longer in the file is
// deleted (its state leaves the store at the next checkpoint).

#include <memory>
#include <string>
#include <vector>

#include <absl/status/statusor.h>

#include "compiler/checked/checked.h"
#include "engine/history/store_history.h"
#include "engine/rules/store_code_cache.h"
#include "engine/state/background_writer.h"
#include "engine/run/stream_run.h"
#include "engine/state/rocks_store.h"
#include "engine/stream/engine.h"

namespace alert::alertc {

class RunState {
 public:
  // Opens or makes the store in `dir` for a run over `events` (a path, or
  // "-"). Fails with a message naming the problem when `dir` is not a
  // store, holds a newer format, or holds the state of a run over another input.
  static absl::StatusOr<std::unique_ptr<RunState>> Open(const std::string& dir, const std::string& events);

  // The versions of `rules` (by position) once the file is applied.
  absl::StatusOr<std::vector<int64_t>> ApplyRules(const std::vector<checked::Rule>& rules);
  // Whether the store holds a checkpoint (the run resumes).
  bool resumed() const { return resumed_; }
  // Malformed-line counts of the lines the earlier runs processed.
  const engine::BadEvents& earlier_bad() const { return earlier_bad_; }
  engine::StoreHistory& history() { return *history_; }
  // The JIT's code cache in the store.
  engine::StoreCodeCache& code_cache() { return *code_cache_; }
  engine::StateStore& store() { return *store_; }

  // Writes a checkpoint of `engine` with the run's counts so far, after
  // flushing standard output (a notification is out before the state that
  // decided it is committed, so a crash can repeat it but never lose it).
  // The batch is written in the background while events go on; a failure is
  // reported by the next Checkpoint or Finish, and the run must stop.
  absl::Status Checkpoint(engine::Engine& engine, const engine::StreamStats& so_far);
  // Waits until every checkpoint is written.
  absl::Status Finish();

 private:
  RunState() = default;
  std::unique_ptr<engine::RocksStore> store_;
  std::unique_ptr<engine::StoreHistory> history_;
  std::unique_ptr<engine::StoreCodeCache> code_cache_;
  std::string input_;
  bool resumed_ = false;
  engine::BadEvents earlier_bad_;
  engine::WriteBatch rule_changes_;  // written with the first checkpoint
  std::unique_ptr<engine::BackgroundWriter> writer_;  // after store_: goes first
};

}  // namespace alert::alertc
