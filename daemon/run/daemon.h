#pragma once

// alertd's loop: one thread polls the events of the partitions the group
// gives it and hands each to its partition's PartitionWorker — on that
// thread with threads = 1, else on the WorkerPool thread the partition
// belongs to — and applies the rule changes of the control topic between
// two events (the pool drained).
//
//   control (all of it, from the stored position) ─► RuleSet::Apply ─► control-results
//   events (consumer group) ─► PartitionWorker per partition ─► alerts, dead-letter
//                                    └─► repartition topic (rules not grouped by tenant)
//   repartition (same group) ─► PartitionWorker per partition ─► alerts
//   checkpoint, every checkpoint_interval_ms or checkpoint_events of a partition:
//     Producer::Flush (what the events decided is acknowledged)
//     ─► each changed partition's delta to its changelog (the events' or
//        the repartition topic's), acknowledged
//     ─► one WriteBatch: rule records, control position, every partition's
//        state, history and offset ─► RocksDB, in the background
//     ─► once written: Kafka commit of its offsets (for lag tools)
//
// After a crash the store gives the rules, the state and the offsets of the
// last checkpoint together: reading resumes there, every event affects
// state once, and notifications sent after that checkpoint may be sent
// again (the same alert_id). A revoked partition is checkpointed before it
// is released.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include <absl/status/statusor.h>

#include "daemon/config/daemon_config.h"
#include "daemon/kafka/consumer.h"
#include "daemon/kafka/partition_reader.h"
#include "daemon/kafka/producer.h"
#include "daemon/run/changelog.h"
#include "daemon/run/control_answers.h"
#include "daemon/run/daemon_status.h"
#include "daemon/run/partition_worker.h"
#include "daemon/run/worker_pool.h"
#include "engine/rules/rule_set.h"
#include "engine/rules/store_code_cache.h"
#include "engine/state/background_writer.h"
#include "engine/state/rocks_store.h"

namespace alert::daemon {

// Set by the signal handling thread; read by the loop between events.
struct DaemonSignals {
  std::atomic<bool> stop{false};
  std::atomic<bool> reload{false};
};

// What a daemon did, for its last log line and --stats.
struct DaemonCounts {
  uint64_t events = 0;
  engine::BadEvents dead_letters;
  uint64_t notifications = 0;
  uint64_t rule_changes = 0;  // control messages answered
  uint64_t checkpoints = 0;
  uint64_t checkpoint_failures = 0;
};

class Daemon final : public PartitionListener {
 public:
  // Opens the store in config.data_dir (made on first start), loads the
  // rules it holds, applies config.rules_file, and connects.
  static absl::StatusOr<std::unique_ptr<Daemon>> Open(const DaemonConfig& config);
  ~Daemon() override;

  // Runs until signals.stop is set, then checkpoints, leaves the group and
  // flushes. An error it cannot go on after (a notification that could not
  // be delivered, a store that cannot be read) ends it: the state of the
  // last checkpoint stands, and a restart resumes from it.
  // On signals.reload, `read_config` gives the configuration as it is now
  // (the config file and the flags read again) for Reload.
  absl::Status Run(DaemonSignals& signals, const std::function<absl::StatusOr<DaemonConfig>()>& read_config);
  // SIGHUP: `fresh` is the configuration read again. Its rules file is
  // applied (changed rules become new versions) and its checkpoint interval
  // taken; the other settings take effect at the next start.
  void Reload(const DaemonConfig& fresh);

  DaemonCounts counts() const;
  // What HTTP shows: the latest status snapshot, and the answers to control
  // messages by offset. Any thread.
  const StatusBoard& status() const { return status_; }
  ControlAnswers& answers() { return answers_; }
  const AlertBoard& alerts() const { return alerts_; }
  const DaemonConfig& config() const { return config_; }
  // The store, for what HTTP keeps beside the state (the audit log). Any thread.
  engine::StateStore& store() { return *store_; }

 private:
  explicit Daemon(const DaemonConfig& config) : config_(config) {}
  // Partitions are numbered over the events and repartition topics
  // (kTopicStride): the events topic's keep their numbers.
  std::vector<int64_t> Assigned(const std::vector<int32_t>& partitions) override;
  void Revoked(const std::vector<int32_t>& partitions) override;

  // Every control message there is now, applied in order (the pool drained
  // before the first).
  absl::Status ReadControl();
  // The control topic read to its end as it is now, before the first poll
  // of the group (so before any partition is assigned): a daemon that joins
  // late has its group's rules before it decides an event. Returns early
  // (OK) once `stop` is set.
  absl::Status CatchUpControl(const std::atomic<bool>& stop);
  // Waits until the workers processed every message handed over.
  absl::Status Drain();
  absl::Status ApplyControl(const Message& message);
  // control-results has one answer per change from the whole group: the
  // daemon that holds events partition 0 sends them. The next offset
  // answered is part of that partition's checkpoint (so it moves with the
  // partition through the changelog): a daemon given partition 0 sends the
  // answers after it, of the changes it applied itself; after a crash of
  // the one that held it, answers sent after its last checkpoint may come
  // again (the same key and content).
  bool Answering() const { return held_.contains(0); }
  absl::Status SendAnswers();
  enum class Checkpointed { kDone, kNotYet };
  // Takes a checkpoint of everything (the pool drained): its batch waits
  // (pending_) until the broker acknowledged every message produced before
  // it, then is written in the background. kNotYet: the checkpoint before
  // still waits for the broker, nothing was taken.
  absl::StatusOr<Checkpointed> Checkpoint();
  // Hands the pending batch to the writer if the broker acknowledged what
  // it waits for. Fails on a delivery that failed.
  absl::Status HandOver();
  // A checkpoint written before returning (revocation, the end): waits up
  // to `wait` for the broker. kNotYet: it did not answer in time.
  absl::StatusOr<Checkpointed> Settle(std::chrono::milliseconds wait);
  // Waits for the checkpoint in flight, then commits its offsets to Kafka.
  absl::Status Written();
  absl::Status WriteFailed(const absl::Status& status);
  // Hands one event to its partition's worker; true when that partition has
  // checkpoint_events since its last checkpoint.
  absl::StatusOr<bool> Take(const Message& message);
  // Whether checkpoint_interval_ms passed since the last checkpoint.
  bool CheckpointDue() const;
  // The consumer reached the end of `partition`; once every assigned
  // partition is at its end, the daemon has caught up (logged once).
  void NoteEnd(int32_t partition);
  // A partition as logs name it: P for the events topic, TOPIC/P for the repartition topic.
  std::string Name(int32_t partition) const;
  std::string Describe(const std::vector<int32_t>& partitions) const;
  // Where a partition's state is logged.
  ChangelogPartition ChangelogOf(int32_t partition) const;
  // Publishes a status snapshot (the pool drained).
  void PublishStatus();
  // Publishes one when the last is older than kStatusEvery: drains the pool.
  absl::Status PublishIfDue();

  DaemonConfig config_;
  std::unique_ptr<engine::RocksStore> store_;
  std::unique_ptr<engine::StoreCodeCache> code_cache_;
  std::unique_ptr<engine::BackgroundWriter> writer_;  // destroyed before store_
  std::map<int32_t, int64_t> to_commit_;  // Kafka offsets of the checkpoint in flight
  // A checkpoint taken, not yet written: its parts are handed to the writer
  // as one batch (rule records, each partition's changes, then the
  // positions), so that the polling thread copies none of them.
  struct Pending {
    engine::WriteBatch rule_changes;     // the rule records it writes
    // Each partition's changes, sent to the changelog once `sent` is
    // acknowledged (then `sent` moves past them, and the changelog
    // positions they reach go into `positions`).
    std::vector<std::pair<int32_t, engine::WriteBatch>> deltas;
    bool changelog_sent = false;
    engine::WriteBatch positions;        // the control topic's, then the changelog's
    uint64_t sent = 0;                   // the producer's messages it waits for
    std::map<int32_t, int64_t> offsets;  // its next offsets, for Kafka
    std::chrono::steady_clock::time_point started;
  };
  std::optional<Pending> pending_;
  std::shared_ptr<engine::RuleSet> rules_;
  std::unique_ptr<Producer> producer_;
  std::unique_ptr<PartitionReader> control_;
  std::unique_ptr<GroupConsumer> consumer_;
  int32_t route_partitions_ = 0;  // of the repartition topic
  // What the polling thread keeps of each assigned partition.
  struct Held {
    std::unique_ptr<PartitionWorker> worker;
    size_t thread = 0;             // of the pool
    uint64_t since_checkpoint = 0; // messages handed over
    bool at_end = false;           // the consumer said so, since the last message
  };
  std::map<int32_t, Held> held_;
  std::unique_ptr<WorkerPool> pool_;  // none with threads = 1
  engine::WriteBatch rule_changes_;  // records written with the next checkpoint
  int64_t control_next_ = kFromBeginning;  // the next control offset to apply
  bool control_moved_ = false;              // since the last checkpoint
  bool caught_up_ = false;
  std::chrono::steady_clock::time_point last_checkpoint_;
  absl::Status failure_;  // an error met inside a rebalance callback
  DaemonCounts counts_;   // of partitions no longer held, and the daemon's own
  LatencyHistogram latency_;  // of partitions no longer held

  // For the status: the checkpoint in the writer, the last one written, and
  // what each held partition's covers.
  struct InFlight {
    std::chrono::steady_clock::time_point started;
    uint64_t bytes = 0;
  };
  std::optional<InFlight> in_flight_;
  double written_seconds_ = 0;
  uint64_t written_bytes_ = 0;
  std::optional<std::chrono::system_clock::time_point> written_at_;
  std::map<int32_t, int64_t> checkpointed_;
  std::map<std::string, uint64_t> answers_by_status_;
  // Answers given, not sent by this daemon (it did not hold partition 0),
  // the last kUnsentKept of them.
  struct Unsent {
    int64_t offset;
    std::string key, json;
  };
  std::deque<Unsent> unsent_;
  int64_t answered_next_ = 0;   // the next control offset to answer, as far as this daemon knows
  bool answered_moved_ = false;  // since the last checkpoint
  bool in_group_ = false;  // partitions assigned (possibly none) and restored
  bool closing_ = false;   // leaving the group: an assignment now is released at once
  std::string restoring_;  // the partitions being restored from the changelog now
  uint64_t restores_ = 0, restored_records_ = 0, changelog_gaps_ = 0;
  double restore_seconds_ = 0;
  std::chrono::steady_clock::time_point published_;
  StatusBoard status_;
  ControlAnswers answers_;
  AlertBoard alerts_;
};

}  // namespace alert::daemon
