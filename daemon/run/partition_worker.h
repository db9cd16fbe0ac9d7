#pragma once

// One assigned partition: its windowed engine (over part of the daemon's
// shared rule set, engine/rules' RuleSubset) with its history in the store,
// and what it sends.
//
// A partition of the events topic decides the rules keyed by tenant. Each
// message is parsed and limited like a line of `alertc run`: one that cannot
// be used goes to the dead-letter topic with its original bytes and headers
// naming why and where it came from; the notifications of the others go to
// the alerts topic, keyed by rule and group key. When rules not grouped by
// tenant exist, each usable event is also sent on to the repartition topic
// once per route one of whose rules it is a candidate of (engine/rules'
// RuleSubset), keyed by its group key there, to the partition that key
// hashes to (FNV-1a 64 of the key, modulo the topic's partitions), with
// headers alertjit.route, alertjit.partition and alertjit.offset (where it
// came from) and the event's timestamp.
//
//   message ─► EventParser ─┬─► Engine::Process ─► alerts
//                           ├─► repartition topic, per route (key: the group key)
//                           └─► dead-letter (alertjit.reason, .topic, .partition, .offset)
//
// A partition of the repartition topic decides the rules of each message's
// route. A source partition sends its events again after a restart (those
// after its last checkpoint), always in its order: a message from source
// partition S on route R at or below the last offset of S taken on R is a
// repeat, and is skipped (that last offset per source and route is part of
// the partition's state).

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <absl/status/statusor.h>

#include "daemon/config/daemon_config.h"
#include "daemon/kafka/consumer.h"
#include "daemon/kafka/producer.h"
#include "daemon/run/alert_table.h"
#include "daemon/run/latency_histogram.h"
#include "daemon/run/worker_pool.h"
#include "engine/alert/notification.h"
#include "engine/history/store_history.h"
#include "engine/rules/rule_set.h"
#include "engine/rules/rule_subset.h"
#include "engine/source/event_parser.h"
#include "engine/state/state_store.h"
#include "engine/stream/engine.h"

namespace alert::daemon {

// What the workers of one daemon share; all of it outlives them.
struct WorkerContext {
  std::shared_ptr<engine::RuleSet> rules;
  engine::StateStore* store = nullptr;
  Producer* producer = nullptr;
  const DaemonConfig* config = nullptr;  // its topics named (the internal ones resolved)
  int32_t route_partitions = 0;          // of the repartition topic
};

struct WorkerCounts {
  uint64_t events = 0;        // messages taken, dead letters included
  engine::BadEvents bad;      // of which sent to the dead-letter topic
  uint64_t notifications = 0; // sent to the alerts topic
  LatencyHistogram latency;   // of the notifications live events decided, from the event's Kafka timestamp
};

class PartitionWorker final : public MessageSink {
 public:
  // Restores the partition's state from the store and installs the rules
  // (rules without state start now, replaying their backfill; what that
  // decides is sent). `partition`: numbered over the events and repartition
  // topics (kTopicStride).
  static absl::StatusOr<std::unique_ptr<PartitionWorker>> Open(const WorkerContext& context, int32_t partition);

  // Where reading resumes: after the last event the state includes, or the
  // partition's beginning (kFromBeginning).
  int64_t start() const;
  // One message of the partition. Messages the state already includes are
  // ignored. Fails when a send or the history store does.
  absl::Status Process(const Message& message) override;

  // As Engine::Checkpoint and Engine::Committed.
  absl::Status Checkpoint(engine::WriteBatch* batch);
  void Committed();
  // The next offset to read, once something was taken; for Kafka's commit.
  std::optional<int64_t> next_offset() const;
  // Messages taken since the last commit.
  uint64_t uncommitted() const { return uncommitted_; }
  // Whether a checkpoint has anything to write: a message taken since the
  // last commit, or none since it was opened (whatever opening decided).
  bool changed() const { return uncommitted_ > 0 || !committed_once_; }

  int32_t partition() const { return partition_; }
  // Whether it is a partition of the repartition topic.
  bool routed() const { return routed_; }
  const WorkerCounts& counts() const { return counts_; }
  const engine::Engine& engine() const { return *engine_; }
  // Its alert states, for GET /alerts (any thread).
  std::shared_ptr<const AlertTable> alerts() const { return alerts_; }

 private:
  PartitionWorker(const WorkerContext& context, int32_t partition);
  // Sends what an event (with its Kafka timestamp, -1: none) or a backfill decided.
  absl::Status Send(std::vector<engine::Notification>& notifications, int64_t event_timestamp_ms = -1);
  absl::Status DeadLetter(const Message& message, const std::string& reason);
  // Sends a usable event on to the repartition topic, once per route.
  absl::Status SendOn(const Message& message, simdjson::dom::element event);
  // A repartition message: sets its route; false when it repeats one
  // taken or its route has no rule now (then `problem` is empty), or when
  // it was not sent on by a daemon (`problem` says why).
  bool TakeRouted(const Message& message, std::string* problem);
  absl::Status RestoreTaken();

  WorkerContext context_;
  int32_t partition_;
  bool routed_;
  int32_t number_;      // the partition's number in its topic
  const std::string& topic_;  // its topic
  std::shared_ptr<engine::RuleSubset> subset_;
  std::unique_ptr<engine::StoreHistory> history_;
  std::unique_ptr<engine::Engine> engine_;
  std::shared_ptr<AlertTable> alerts_;
  engine::EventParser parser_;
  std::string padded_;  // an unpadded message's bytes and simdjson's padding
  std::vector<engine::Notification> notifications_;
  std::optional<int64_t> last_offset_;
  std::string key_;  // scratch: a group key
  std::string from_;  // number_ as text, for the headers of what it sends on
  std::vector<Producer::Header> forward_headers_;  // route, from_, offset: filled per message
  // A repartition partition's last source offset taken, by source partition and route.
  std::map<std::pair<int32_t, std::string>, int64_t> taken_;
  bool taken_changed_ = false;
  uint64_t uncommitted_ = 0;
  bool committed_once_ = false;
  WorkerCounts counts_;
};

// The options of the engine of `partition` (numbered over the topics) in a daemon of `config`.
engine::EngineOptions WorkerEngineOptions(const DaemonConfig& config, int32_t partition);

}  // namespace alert::daemon
