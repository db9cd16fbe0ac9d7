#include "daemon/run/daemon.h"

#include <algorithm>
#include <thread>

#include <spdlog/spdlog.h>

#include "daemon/control/control_message.h"
#include "daemon/run/changelog.h"
#include "daemon/run/partition_number.h"
#include "daemon/run/daemon_rules.h"
#include "engine/rules/new_engine.h"
#include "engine/rules/rule_subset.h"
#include "engine/state/codec.h"
#include "engine/state/rule_records.h"

namespace alert::daemon {
namespace {

using engine::Family;
using std::chrono::milliseconds;

// The next control offset to apply, in the offsets family (beside the
// partitions' p<P>).
constexpr std::string_view kControlKey = "control";
// The next control offset answered on control-results, in the offsets
// family, written with events partition 0's state (Daemon::Answering).
constexpr std::string_view kAnsweredKey = "answered";
constexpr size_t kUnsentKept = 10000;
// How long a revocation and the end wait for the broker's
// acknowledgements of the last checkpoint.
constexpr milliseconds kCheckpointWait{2000};
constexpr milliseconds kFinalWait{5000};
// Between two reads of the control topic, at most.
constexpr uint64_t kControlEvery = 256;
// How long the control topic may stay silent while it is read to its end at
// start.
constexpr std::chrono::seconds kControlStall{30};
// While the events topic is idle, a status snapshot at least this often
// (while busy, one comes with each checkpoint).
constexpr milliseconds kStatusEvery{250};

}  // namespace

std::string Daemon::Name(int32_t partition) const {
  return Routed(partition) ? fmt::format("{}/{}", config_.topics.repartition, InTopic(partition))
                           : std::to_string(partition);
}

std::string Daemon::Describe(const std::vector<int32_t>& partitions) const {
  std::string out;
  for (const int32_t p : partitions) out += (out.empty() ? "" : ",") + Name(p);
  return out;
}

ChangelogPartition Daemon::ChangelogOf(int32_t partition) const {
  return {ChangelogTopicOf(config_.topics, partition), InTopic(partition), partition};
}

absl::StatusOr<std::unique_ptr<Daemon>> Daemon::Open(const DaemonConfig& config) {
  std::unique_ptr<Daemon> d(new Daemon(config));
  Topics& topics = d->config_.topics;
  topics.changelog = ChangelogTopic(config.topics, config.group_id);
  topics.repartition = RepartitionTopic(config.topics, config.group_id);
  topics.repartition_changelog = RepartitionChangelogTopic(config.topics, config.group_id);
  auto store = engine::RocksStore::Open(config.data_dir);
  if (!store.ok()) {
    return absl::Status(store.status().code(), "data directory " + config.data_dir + ": " +
                                                   std::string(store.status().message()));
  }
  d->store_ = std::move(*store);
  d->code_cache_ = std::make_unique<engine::StoreCodeCache>(*d->store_);
  d->writer_ = std::make_unique<engine::BackgroundWriter>(*d->store_);

  engine::RuleSetOptions rule_options;
  rule_options.cache = d->code_cache_.get();
  auto rules = engine::RuleSet::Create(engine::ForEngine(WorkerEngineOptions(config, 0), rule_options));
  if (!rules.ok()) return rules.status();
  d->rules_ = std::move(*rules);
  auto loaded = LoadStoredRules(*d->store_, *d->rules_);
  if (!loaded.ok()) return loaded.status();
  if (!config.rules_file.empty()) {
    auto applied = ApplyRulesFile(config.rules_file, *d->rules_, &d->rule_changes_);
    if (!applied.ok()) return applied.status();
    spdlog::info("rules: {} from the store; {}: {} added, {} changed, {} unchanged", *loaded, config.rules_file,
                 applied->added, applied->changed, applied->unchanged);
  } else {
    spdlog::info("rules: {} from the store", *loaded);
  }

  auto control = d->store_->Get(Family::kOffsets, kControlKey);
  if (!control.ok()) return control.status();
  if (*control) {
    engine::Decoder in(**control);
    d->control_next_ = in.I64();
    if (!in.ok() || !in.done()) return absl::DataLossError("corrupt control position in " + config.data_dir);
  }
  auto producer = Producer::Create(config.kafka);
  if (!producer.ok()) return producer.status();
  d->producer_ = std::move(*producer);
  // The internal topics: they must exist (alertd embedded-kafka makes them
  // for the groups --group names), with as many partitions as events.
  d->producer_->TrackOffsets(topics.changelog);
  d->producer_->TrackOffsets(topics.repartition_changelog);
  for (const std::string* topic : {&topics.changelog, &topics.repartition, &topics.repartition_changelog}) {
    auto prepared = d->producer_->Prepare(*topic, milliseconds(10000));
    if (!prepared.ok()) {
      return absl::Status(prepared.status().code(),
                          fmt::format("{}: the group's internal topics {}, {} (compacted: cleanup.policy=compact) "
                                      "and {} (compacted) must exist, with as many partitions as {} (alertd "
                                      "embedded-kafka makes them for the groups --group names)",
                                      std::string(prepared.status().message()), topics.repartition, topics.changelog,
                                      topics.repartition_changelog, topics.events));
    }
    if (topic == &topics.repartition) d->route_partitions_ = *prepared;
  }
  spdlog::info("changelog: {}; repartition: {} ({} partitions), its changelog {}", topics.changelog,
               topics.repartition, d->route_partitions_, topics.repartition_changelog);
  // The other topics written, so that the first alert does not wait for
  // the broker's word on its topic.
  for (const std::string* topic : {&config.topics.alerts, &config.topics.dead_letter, &config.topics.control_results}) {
    if (auto prepared = d->producer_->Prepare(*topic, milliseconds(10000)); !prepared.ok()) {
      spdlog::warn("{}", std::string(prepared.status().message()));
    }
  }
  auto reader = PartitionReader::Create(config.kafka, config.topics.control, 0, d->control_next_);
  if (!reader.ok()) return reader.status();
  d->control_ = std::move(*reader);
  const size_t threads = config.threads > 0 ? config.threads : std::max(1u, std::thread::hardware_concurrency());
  if (threads > 1) d->pool_ = std::make_unique<WorkerPool>(threads);
  auto consumer = GroupConsumer::Create(config.kafka, config.group_id, {topics.events, topics.repartition}, d.get());
  if (!consumer.ok()) return consumer.status();
  d->consumer_ = std::move(*consumer);
  d->last_checkpoint_ = std::chrono::steady_clock::now();
  d->PublishStatus();  // not ready: no partitions yet
  return d;
}

Daemon::~Daemon() {
  consumer_.reset();  // its revocation may still call back
  pool_.reset();      // before the workers it may still be calling
}

absl::Status Daemon::Run(DaemonSignals& signals,
                         const std::function<absl::StatusOr<DaemonConfig>()>& read_config) {
  spdlog::info("consuming {} and {} as group {} on {} thread(s); rules from {}", config_.topics.events,
               config_.topics.repartition, config_.group_id, pool_ ? pool_->threads() : 1, config_.topics.control);
  if (auto caught_up = CatchUpControl(signals.stop); !caught_up.ok()) return caught_up;
  uint64_t taken = 0;  // messages since the loop was last idle
  bool flush_waiting = false;
  while (!signals.stop.load(std::memory_order_relaxed)) {
    if (signals.reload.exchange(false)) {
      auto fresh = read_config();
      if (fresh.ok()) {
        Reload(*fresh);
      } else {
        spdlog::error("configuration not reloaded: {}", std::string(fresh.status().message()));
      }
    }
    // The control topic, the clock and the pending checkpoint are looked at
    // between batches of events, and whenever the events topic is idle.
    const bool between = taken % kControlEvery == 0;
    if (between) {
      if (auto read = ReadControl(); !read.ok()) return read;
    }
    auto polled = consumer_->Poll(milliseconds(between ? 50 : 0));
    if (!polled.ok()) return polled.status();
    if (!failure_.ok()) return failure_;
    bool due = between && CheckpointDue();
    if (!*polled) {
      taken = 0;
      due = CheckpointDue();
      if (auto published = PublishIfDue(); !published.ok()) return published;
    } else if ((*polled)->end_of_partition) {
      NoteEnd((*polled)->partition);
    } else {
      ++taken;
      auto full = Take(**polled);
      if (!full.ok()) return full.status();
      due = due || *full;
    }
    if (between && pending_) {
      if (auto handed = HandOver(); !handed.ok()) return handed;
    }
    if (!due) continue;
    auto checkpointed = Checkpoint();
    if (!checkpointed.ok()) return checkpointed.status();
    if (*checkpointed == Checkpointed::kNotYet && !flush_waiting) {
      spdlog::warn("checkpoint waits: the broker has not acknowledged every alert yet");
    }
    flush_waiting = *checkpointed == Checkpointed::kNotYet;
  }
  spdlog::info("stopping: checkpoint, leave the group");
  const auto stopping = std::chrono::steady_clock::now();
  auto checkpointed = Settle(kFinalWait);
  if (!checkpointed.ok()) return checkpointed.status();
  if (*checkpointed == Checkpointed::kNotYet) {
    return absl::UnavailableError("the broker did not acknowledge every alert: the state stays at the last "
                                  "checkpoint, and a restart resumes from there");
  }
  const auto settled = std::chrono::steady_clock::now();
  closing_ = true;
  consumer_->Close();
  if (!failure_.ok()) return failure_;
  const auto left = std::chrono::steady_clock::now();
  absl::Status flushed = producer_->Flush(kFinalWait);
  using Seconds = std::chrono::duration<double>;
  spdlog::info("stopped: checkpoint {:.2f} s, left the group {:.2f} s, flushed {:.2f} s",
               Seconds(settled - stopping).count(), Seconds(left - settled).count(),
               Seconds(std::chrono::steady_clock::now() - left).count());
  return flushed;
}

absl::StatusOr<bool> Daemon::Take(const Message& message) {
  caught_up_ = false;
  const auto it = held_.find(message.partition);
  if (it == held_.end()) return false;
  Held& h = it->second;
  h.at_end = false;
  if (pool_) {
    pool_->Submit(h.worker.get(), h.thread, message);
  } else if (auto processed = h.worker->Process(message); !processed.ok()) {
    return processed;
  }
  return ++h.since_checkpoint >= config_.checkpoint_events;
}

bool Daemon::CheckpointDue() const {
  return std::chrono::steady_clock::now() - last_checkpoint_ >= milliseconds(config_.checkpoint_interval_ms);
}

void Daemon::NoteEnd(int32_t partition) {
  const auto it = held_.find(partition);
  if (it == held_.end()) return;
  it->second.at_end = true;
  if (caught_up_) return;
  for (const auto& [p, h] : held_) {
    if (!h.at_end) return;
  }
  caught_up_ = true;
  if (const absl::Status drained = Drain(); !drained.ok()) return;  // Run sees it at the next Drain
  spdlog::info("caught up: every assigned partition is at its end ({} events)", counts().events);
}

absl::Status Daemon::Drain() {
  if (!pool_) return absl::OkStatus();
  absl::Status drained = pool_->Drain();
  if (!drained.ok() && failure_.ok()) failure_ = drained;
  return drained;
}

absl::StatusOr<Daemon::Checkpointed> Daemon::Checkpoint() {
  last_checkpoint_ = std::chrono::steady_clock::now();
  if (pending_) {  // the one before still waits for the broker
    if (auto handed = HandOver(); !handed.ok()) return handed;
    if (pending_) return Checkpointed::kNotYet;
  }
  bool moved = control_moved_ || !rule_changes_.empty();
  for (const auto& [partition, h] : held_) moved = moved || h.since_checkpoint > 0;
  if (!moved) return Checkpointed::kDone;
  if (auto drained = Drain(); !drained.ok()) return drained;
  // The batch before is written (so the engines may let go of what it held,
  // below) and its offsets can go to Kafka.
  if (auto written = Written(); !written.ok()) return written;
  Pending pending;
  pending.started = std::chrono::steady_clock::now();
  pending.rule_changes = std::move(rule_changes_);
  for (const auto& [partition, h] : held_) {
    if (!h.worker->changed()) continue;  // an idle partition: nothing to write or log
    engine::WriteBatch delta;
    if (auto done = h.worker->Checkpoint(&delta); !done.ok()) return done;
    if (!delta.empty()) pending.deltas.emplace_back(partition, std::move(delta));
  }
  if (answered_moved_ && Answering()) {
    if (pending.deltas.empty() || pending.deltas.front().first != 0) pending.deltas.insert(pending.deltas.begin(), {0, {}});
    engine::Encoder answered;
    answered.I64(answered_next_);
    pending.deltas.front().second.Put(Family::kOffsets, kAnsweredKey, answered.Take());
    answered_moved_ = false;
  }
  engine::Encoder control;
  control.I64(control_next_);
  pending.positions.Put(Family::kOffsets, kControlKey, control.Take());
  // Everything the covered events and changes sent: the batch is written
  // once the broker acknowledged all of it.
  pending.sent = producer_->produced();
  rule_changes_ = engine::WriteBatch();
  control_moved_ = false;
  for (auto& [partition, h] : held_) {
    h.worker->Committed();
    h.since_checkpoint = 0;
    if (const auto next = h.worker->next_offset()) pending.offsets[partition] = *next;
  }
  pending_ = std::move(pending);
  PublishStatus();
  if (auto handed = HandOver(); !handed.ok()) return handed;
  return Checkpointed::kDone;
}

absl::Status Daemon::HandOver() {
  if (!pending_) return absl::OkStatus();
  producer_->Serve();
  // A message that could not be delivered: its events must be decided
  // again, so nothing after the last checkpoint may be committed.
  if (auto failed = producer_->TakeFailure(); !failed.ok()) return failed;
  if (producer_->acknowledged() < pending_->sent) return absl::OkStatus();
  if (!pending_->changelog_sent && !pending_->deltas.empty()) {
    // The alerts of the covered events are acknowledged: now what the
    // checkpoint changed goes to the changelog (a restore elsewhere must
    // never have a state whose alerts may be lost), and the batch waits
    // for that too.
    for (const auto& [partition, delta] : pending_->deltas) {
      const ChangelogPartition changelog = ChangelogOf(partition);
      if (auto sent = SendDelta(delta, changelog.topic, changelog.partition, *producer_); !sent.ok()) return sent;
    }
    pending_->changelog_sent = true;
    pending_->sent = producer_->produced();
    return absl::OkStatus();
  }
  // The changelog position each changed partition's state now reflects.
  std::vector<engine::WriteBatch> parts;
  parts.push_back(std::move(pending_->rule_changes));
  for (auto& [partition, delta] : pending_->deltas) {
    const ChangelogPartition changelog = ChangelogOf(partition);
    const int64_t end = producer_->AcknowledgedEnd(changelog.topic, changelog.partition);
    if (end >= 0) {
      engine::Encoder position;
      position.I64(end);
      pending_->positions.Put(Family::kOffsets, ChangelogPositionKey(partition), position.Take());
    }
    parts.push_back(std::move(delta));
  }
  parts.push_back(std::move(pending_->positions));
  size_t operations = 0, bytes = 0;
  for (const engine::WriteBatch& part : parts) {
    operations += part.count();
    bytes += part.bytes();
  }
  // Written in the background while events go on: a write that fails stops
  // the daemon (Written), whose state in memory is then past the store's.
  if (auto submitted = writer_->Submit(std::move(parts)); !submitted.ok()) return WriteFailed(submitted);
  to_commit_ = std::move(pending_->offsets);
  in_flight_ = InFlight{pending_->started, bytes};
  pending_.reset();
  ++counts_.checkpoints;
  spdlog::debug("checkpoint {}: {} operations, {} bytes", counts_.checkpoints, operations, bytes);
  return absl::OkStatus();
}

absl::StatusOr<Daemon::Checkpointed> Daemon::Settle(milliseconds wait) {
  // Twice when the checkpoint before was still waiting: then this one.
  for (int round = 0; round < 2; ++round) {
    auto checkpointed = Checkpoint();
    if (!checkpointed.ok()) return checkpointed;
    // Twice: the alerts acknowledged, then the changelog deltas sent after them.
    for (int step = 0; step < 2 && pending_; ++step) {
      if (auto flushed = producer_->Flush(wait); !flushed.ok() && !absl::IsDeadlineExceeded(flushed)) return flushed;
      if (auto handed = HandOver(); !handed.ok()) return handed;
    }
    if (auto written = Written(); !written.ok()) return written;
    if (pending_ || *checkpointed == Checkpointed::kDone) break;
  }
  return pending_ ? Checkpointed::kNotYet : Checkpointed::kDone;
}

absl::Status Daemon::Written() {
  if (auto written = writer_->Wait(); !written.ok()) return WriteFailed(written);
  for (const auto& [partition, next] : to_commit_) {
    consumer_->Commit(partition, next);
    checkpointed_[partition] = next;
  }
  to_commit_.clear();
  if (in_flight_) {
    written_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - in_flight_->started).count();
    written_bytes_ = in_flight_->bytes;
    written_at_ = std::chrono::system_clock::now();
    in_flight_.reset();
  }
  return absl::OkStatus();
}

absl::Status Daemon::WriteFailed(const absl::Status& status) {
  ++counts_.checkpoint_failures;
  return absl::Status(status.code(), "a checkpoint could not be written, so alertd stops (a restart resumes from the "
                                     "last one written): " + std::string(status.message()));
}

std::vector<int64_t> Daemon::Assigned(const std::vector<int32_t>& partitions) {
  if (closing_) {
    // A join that completes while the daemon leaves (SIGTERM during the
    // group's join): the partitions are revoked again at once, so nothing
    // is restored or opened.
    spdlog::info("leaving the group: partitions {} given meanwhile are released at once", Describe(partitions));
    return std::vector<int64_t>(partitions.size(), kFromBeginning);
  }
  std::vector<int64_t> starts;
  restoring_ = Describe(partitions);
  PublishStatus();
  for (const int32_t partition : partitions) {
    // The store first catches up with what other daemons (or this one,
    // before a crash) sent to the partition's changelog.
    const ChangelogPartition changelog = ChangelogOf(partition);
    auto restored = RestoreFromChangelog(config_.kafka, changelog, *consumer_, *producer_, *store_);
    if (!restored.ok()) {
      if (failure_.ok()) failure_ = restored.status();
      starts.push_back(kFromBeginning);
      continue;
    }
    if (restored->lost > 0) {
      ++changelog_gaps_;
      spdlog::error("partition {}: {} starts at offset {}, past the {} its store had applied: {} offsets were "
                    "deleted before they were read, and the state restored may lack keys written there (a "
                    "changelog must be compacted, cleanup.policy=compact, not deleted by retention)",
                    Name(partition), changelog.topic, restored->from, restored->from - restored->lost,
                    restored->lost);
    }
    if (restored->records > 0) {
      ++restores_;
      restored_records_ += restored->records;
      restore_seconds_ += restored->seconds;
      spdlog::info("partition {}: restored {} changelog records ({} offsets {} to {}) in {:.3f} s{}", Name(partition),
                   restored->records, changelog.topic, restored->from, restored->to, restored->seconds,
                   restored->repaired ? fmt::format("; {} records of an unfinished checkpoint sent again from the "
                                                    "restored state", restored->repaired)
                                      : "");
    }
    auto worker = PartitionWorker::Open(
        WorkerContext{rules_, store_.get(), producer_.get(), &config_, route_partitions_}, partition);
    if (!worker.ok()) {
      if (failure_.ok()) failure_ = worker.status();
      starts.push_back(kFromBeginning);
      continue;
    }
    starts.push_back((*worker)->start());
    alerts_.Hold(partition, (*worker)->alerts());
    // Partitions spread over the pool's threads in turn.
    held_[partition] = Held{std::move(*worker), held_.size() % (pool_ ? pool_->threads() : 1), 0, false};
  }
  // One line per topic.
  for (const bool routed : {false, true}) {
    std::string from;
    for (size_t i = 0; i < partitions.size(); ++i) {
      if (Routed(partitions[i]) != routed) continue;
      from += fmt::format("{}{}@{}", from.empty() ? "" : " ", InTopic(partitions[i]),
                          starts[i] == kFromBeginning ? std::string("beginning") : std::to_string(starts[i]));
    }
    if (!from.empty() || (!routed && partitions.empty())) {
      spdlog::info("assigned partitions {} of {}", from, routed ? config_.topics.repartition : config_.topics.events);
    }
  }
  restoring_.clear();
  in_group_ = true;
  if (Answering() && std::find(partitions.begin(), partitions.end(), 0) != partitions.end()) {
    // Where the group's answers are: the partition's checkpoint says, or
    // (no answer sent yet) every change applied here is answered.
    auto stored = store_->Get(Family::kOffsets, kAnsweredKey);
    if (stored.ok() && *stored) {
      engine::Decoder in(**stored);
      const int64_t next = in.I64();
      if (in.ok() && in.done()) answered_next_ = std::max(answered_next_, next);
    }
    if (auto sent = SendAnswers(); !sent.ok() && failure_.ok()) failure_ = sent;
  }
  PublishStatus();
  return starts;
}

void Daemon::Revoked(const std::vector<int32_t>& partitions) {
  Drain().IgnoreError();  // the revoked workers are destroyed below; a failure stays in failure_
  auto checkpointed = Settle(kCheckpointWait);  // written: the next owner reads it
  if (!checkpointed.ok() && failure_.ok()) failure_ = checkpointed.status();
  if (checkpointed.ok() && *checkpointed == Checkpointed::kNotYet) {
    // The partitions' state stays at the last checkpoint written; the rule
    // records the dropped batch held go with the next one.
    engine::WriteBatch kept = std::move(pending_->rule_changes);
    kept.AppendAll(rule_changes_);
    rule_changes_ = std::move(kept);
    control_moved_ = true;
    pending_.reset();
    spdlog::warn("partitions {} released without a checkpoint: their next owner resumes from the last one",
                 Describe(partitions));
  }
  for (const int32_t partition : partitions) {
    const auto it = held_.find(partition);
    if (it == held_.end()) continue;
    const WorkerCounts& c = it->second.worker->counts();
    if (!it->second.worker->routed()) counts_.events += c.events;
    counts_.dead_letters.Add(c.bad);
    counts_.notifications += c.notifications;
    latency_.Add(c.latency);
    alerts_.Release(partition);
    held_.erase(it);
    checkpointed_.erase(partition);
  }
  in_group_ = false;
  PublishStatus();
  spdlog::info("revoked partitions {}", Describe(partitions));
}

absl::Status Daemon::ReadControl() {
  for (bool first = true;; first = false) {
    auto polled = control_->Poll(milliseconds(0));
    if (!polled.ok()) return polled.status();
    if (!*polled || (*polled)->end_of_partition) return absl::OkStatus();
    if (first) {
      if (auto drained = Drain(); !drained.ok()) return drained;
    }
    if (auto applied = ApplyControl(**polled); !applied.ok()) return applied;
  }
}

absl::Status Daemon::CatchUpControl(const std::atomic<bool>& stop) {
  // The end asked for in short steps, so that a signal is not kept waiting.
  absl::StatusOr<std::pair<int64_t, int64_t>> ends;
  for (int step = 0; step < 20 && !stop.load(std::memory_order_relaxed); ++step) {
    ends = consumer_->QueryWatermarks(config_.topics.control, 0, milliseconds(500));
    if (ends.ok()) break;
  }
  if (stop.load(std::memory_order_relaxed)) return absl::OkStatus();
  if (!ends.ok()) return ends.status();
  const auto [low, high] = *ends;
  auto last_progress = std::chrono::steady_clock::now();
  while (std::max(control_next_, low) < high) {
    if (stop.load(std::memory_order_relaxed)) return absl::OkStatus();
    auto polled = control_->Poll(milliseconds(100));
    if (!polled.ok()) return polled.status();
    if (!*polled || (*polled)->end_of_partition) {
      if (std::chrono::steady_clock::now() - last_progress > kControlStall) {
        return absl::UnavailableError(fmt::format("{}: no message came for {} s at offset {} of {}",
                                                  config_.topics.control, kControlStall.count(), control_next_, high));
      }
      continue;
    }
    last_progress = std::chrono::steady_clock::now();
    if (auto applied = ApplyControl(**polled); !applied.ok()) return applied;
  }
  spdlog::info("control: read to offset {} before taking events", high);
  PublishStatus();
  return absl::OkStatus();
}

absl::Status Daemon::ApplyControl(const Message& message) {
  control_next_ = message.offset + 1;
  control_moved_ = true;
  ++counts_.rule_changes;
  ControlAnswer answer;
  auto change = ParseControlMessage(message.value);
  if (!change.ok()) {
    answer = MalformedAnswer(message.value, std::string(change.status().message()));
  } else {
    std::optional<int64_t> version;
    if (const auto id = rules_->Find(change->tenant, change->rule_id)) version = rules_->rule(*id)->version;
    const engine::ChangeResult result = rules_->Apply(*change);
    if (result.status != engine::ChangeResult::Status::kRejected) {
      if (result.status == engine::ChangeResult::Status::kDeleted) {
        engine::DeleteRuleRecord(change->tenant, change->rule_id, &rule_changes_);
      } else {
        RecordRule(*rules_, *result.id, &rule_changes_);
        version = rules_->rule(*result.id)->version;
      }
    }
    answer = AnswerOf(*change, result, version);
    if (change->op == engine::RuleChange::Op::kUpsert && result.id &&
        result.status != engine::ChangeResult::Status::kRejected && !rules_->KeyedByTenant(*result.id)) {
      spdlog::info("rule {} is not grouped by the tenant: its events go through {}, keyed by {}", change->rule_id,
                   config_.topics.repartition, engine::RouteOf(*rules_->rule(*result.id)->rule));
    }
  }
  spdlog::log(answer.status == "rejected" ? spdlog::level::warn : spdlog::level::info, "control {}: {}: {}",
              message.offset, answer.status, answer.message);
  ++answers_by_status_[answer.status];
  std::string json = ToJson(answer);
  unsent_.push_back({message.offset, KeyOf(answer), json});
  if (unsent_.size() > kUnsentKept) unsent_.pop_front();
  // The rules as changed are shown before the answer is given: an HTTP
  // change that waits for this answer, then reads the rules (PUT without
  // a version), sees the change.
  PublishStatus();
  answers_.Put(message.offset, GivenAnswer{answer.status, std::move(json)});
  return SendAnswers();
}

absl::Status Daemon::SendAnswers() {
  if (!Answering()) return absl::OkStatus();
  for (; !unsent_.empty(); unsent_.pop_front()) {
    const Unsent& u = unsent_.front();
    if (u.offset < answered_next_) continue;  // sent by the daemon that held partition 0 before
    if (auto sent = producer_->Produce(config_.topics.control_results, -1, u.key, u.json); !sent.ok()) return sent;
    answered_next_ = u.offset + 1;
    answered_moved_ = true;
  }
  return absl::OkStatus();
}

void Daemon::Reload(const DaemonConfig& fresh) {
  spdlog::info("reloading the configuration");
  config_.checkpoint_interval_ms = fresh.checkpoint_interval_ms;
  config_.checkpoint_events = fresh.checkpoint_events;
  config_.rules_file = fresh.rules_file;
  if (fresh.rules_file.empty()) return;
  auto applied = ApplyRulesFile(fresh.rules_file, *rules_, &rule_changes_);
  if (!applied.ok()) {
    spdlog::error("{}: not applied: {}", fresh.rules_file, std::string(applied.status().message()));
    return;
  }
  spdlog::info("{}: {} added, {} changed, {} unchanged", fresh.rules_file, applied->added, applied->changed,
               applied->unchanged);
}

absl::Status Daemon::PublishIfDue() {
  if (std::chrono::steady_clock::now() - published_ < kStatusEvery) return absl::OkStatus();
  if (auto drained = Drain(); !drained.ok()) return drained;
  if (writer_->Idle()) {
    if (auto written = Written(); !written.ok()) return written;
  }
  PublishStatus();
  return absl::OkStatus();
}

void Daemon::PublishStatus() {
  published_ = std::chrono::steady_clock::now();
  auto status = std::make_shared<DaemonStatus>();
  status->taken = std::chrono::system_clock::now();
  status->consuming = in_group_ && failure_.ok();
  if (!failure_.ok()) {
    status->not_ready = "stopping: " + std::string(failure_.message());
  } else if (!restoring_.empty()) {
    status->not_ready = "restoring partitions " + restoring_ + " from their changelog (" + config_.topics.changelog +
                        ", " + config_.topics.repartition_changelog + ")";
  } else if (!in_group_) {
    status->not_ready = "waiting for the consumer group " + config_.group_id + " to assign partitions";
  }
  status->restores = restores_;
  status->changelog_gaps = changelog_gaps_;
  status->restored_records = restored_records_;
  status->restore_seconds = restore_seconds_;
  const DaemonCounts c = counts();
  status->events = c.events;
  status->dead_letters = c.dead_letters;
  status->notifications = c.notifications;
  status->control_answers = answers_by_status_;
  status->checkpoints = c.checkpoints;
  status->checkpoint_failures = c.checkpoint_failures;
  status->checkpoint_seconds = written_seconds_;
  status->checkpoint_bytes = written_bytes_;
  status->last_checkpoint = written_at_;
  status->latency = latency_;
  for (const engine::RuleInfo& info : rules_->Rules()) {
    RuleStatus r{info.tenant, info.rule_id, info.version, info.paused, info.native, info.compile_seconds, info.source, {}};
    for (const auto& [partition, h] : held_) {
      if (const engine::RuleCounters* rc = h.worker->engine().rule_counters(info.id)) r.counters.Add(*rc);
    }
    status->rules.push_back(std::move(r));
  }
  status->deleted_versions = rules_->DeletedVersions();
  for (const auto& [partition, h] : held_) {
    status->latency.Add(h.worker->counts().latency);
    const engine::EngineStats stats = h.worker->engine().stats();
    status->engine.Add(stats);
    const auto checkpointed = checkpointed_.find(partition);
    status->partitions.push_back({TopicOf(config_.topics, partition), InTopic(partition), Routed(partition),
                                  checkpointed == checkpointed_.end() ? -1 : checkpointed->second,
                                  consumer_ ? consumer_->HighWatermark(partition) : -1, stats.events});
  }
  status_.Publish(std::move(status));
}

DaemonCounts Daemon::counts() const {
  DaemonCounts total = counts_;
  for (const auto& [partition, h] : held_) {
    const WorkerCounts& c = h.worker->counts();
    if (!h.worker->routed()) total.events += c.events;
    total.dead_letters.Add(c.bad);
    total.notifications += c.notifications;
  }
  return total;
}

}  // namespace alert::daemon
