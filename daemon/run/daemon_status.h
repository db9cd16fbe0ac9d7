#pragma once

// What a daemon shows of itself over HTTP: a snapshot the polling thread
// publishes whenever its workers are drained anyway — at each checkpoint,
// after each rule change, and when the events topic is idle — so that
// reading it never stalls event processing. A snapshot is immutable;
// StatusBoard hands out the latest to any thread.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "daemon/run/latency_histogram.h"
#include "engine/source/event_parser.h"
#include "engine/stream/engine.h"

namespace alert::daemon {

struct RuleStatus {
  std::optional<std::string> tenant;  // nullopt: a global rule
  std::string id;
  int64_t version = 0;
  bool paused = false;
  bool native = false;           // its `when` runs as native code (else the interpreter, until compiled)
  double compile_seconds = 0;    // checking and optimizing it, plus its share of its native compile
  std::string source;
  engine::RuleCounters counters;  // over the partitions this daemon holds
};

struct PartitionStatus {
  std::string topic;  // the events topic, or the repartition topic
  int32_t partition = 0;
  bool routed = false;  // of the repartition topic
  // The next offset the last checkpoint written covers (-1: none yet), and
  // the partition's end as the consumer last heard it (-1: not known).
  int64_t checkpointed = -1;
  int64_t high_watermark = -1;
  // The events its state includes, since the partition's first: kept with
  // the state, so counted once over every daemon the partition went through.
  uint64_t events = 0;
};

struct DaemonStatus {
  std::chrono::system_clock::time_point taken;  // when the polling thread made it
  bool consuming = false;  // the group gave this daemon its partitions (possibly none) and they are restored
  std::string not_ready;   // why not, for /readyz

  uint64_t events = 0;  // messages of the events topic taken, dead letters included
  engine::BadEvents dead_letters;
  uint64_t notifications = 0;
  engine::EngineStats engine;  // summed over the held partitions
  std::map<std::string, uint64_t> control_answers;  // by status: active, rejected, deleted, paused
  uint64_t checkpoints = 0;
  uint64_t checkpoint_failures = 0;
  double checkpoint_seconds = 0;  // the last one: taking it, until written
  uint64_t checkpoint_bytes = 0;  // the last one's batch
  std::optional<std::chrono::system_clock::time_point> last_checkpoint;  // the last written
  LatencyHistogram latency;
  // Partitions restored from the changelog (those with records to apply),
  // the records applied and the time it took, since the start.
  uint64_t restores = 0, restored_records = 0;
  double restore_seconds = 0;
  uint64_t changelog_gaps = 0;  // restores that found records deleted before they were read
  std::vector<RuleStatus> rules;
  std::map<std::string, int64_t> deleted_versions;  // RuleSet::DeletedVersions
  std::vector<PartitionStatus> partitions;
};

// The latest snapshot, for any thread. Thread-safe.
class StatusBoard {
 public:
  StatusBoard() : status_(std::make_shared<const DaemonStatus>()) {}
  void Publish(std::shared_ptr<const DaemonStatus> status);
  std::shared_ptr<const DaemonStatus> Latest() const;

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const DaemonStatus> status_;
};

}  // namespace alert::daemon
