#include "daemon/run/partition_worker.h"

#include <chrono>

#include <fmt/format.h>

#include "engine/run/settings.h"

namespace alert::daemon {

engine::EngineOptions WorkerEngineOptions(const DaemonConfig& config, int32_t partition) {
  engine::EngineOptions options = engine::EngineOptionsOf(config.engine);
  options.partition = partition;
  // A rule with `backfill` can come by the control topic at any time, so
  // `auto` records history in the daemon.
  options.record_history = config.engine.record_history != "off";
  return options;
}

PartitionWorker::PartitionWorker(const WorkerContext& context, int32_t partition)
    : context_(context),
      partition_(partition),
      alerts_(std::make_shared<AlertTable>(partition)),
      parser_(engine::EventLimits{context.config->engine.max_event_bytes, context.config->engine.max_depth}) {}

absl::StatusOr<std::unique_ptr<PartitionWorker>> PartitionWorker::Open(const WorkerContext& context,
                                                                       int32_t partition) {
  std::unique_ptr<PartitionWorker> worker(new PartitionWorker(context, partition));
  auto history = engine::StoreHistory::Open(*context.store, partition);
  if (!history.ok()) return history.status();
  worker->history_ = std::move(*history);
  auto created = engine::Engine::Create(context.rules, WorkerEngineOptions(*context.config, partition),
                                        worker->history_.get());
  if (!created.ok()) return created.status();
  worker->engine_ = std::move(*created);
  if (auto restored = worker->engine_->Restore(*context.store); !restored.ok()) return restored;
  if (auto restored = worker->alerts_->Restore(*context.store); !restored.ok()) return restored;
  worker->last_offset_ = worker->engine_->restored_offset();
  if (auto installed = worker->engine_->Install(&worker->notifications_); !installed.ok()) return installed;
  if (auto sent = worker->Send(worker->notifications_); !sent.ok()) return sent;
  return worker;
}

int64_t PartitionWorker::start() const {
  const std::optional<int64_t> restored = engine_->restored_offset();
  return restored ? *restored + 1 : kFromBeginning;
}

std::optional<int64_t> PartitionWorker::next_offset() const {
  if (!last_offset_) return std::nullopt;
  return *last_offset_ + 1;
}

absl::Status PartitionWorker::Process(const Message& message) {
  if (last_offset_ && message.offset <= *last_offset_) return absl::OkStatus();
  last_offset_ = message.offset;
  ++uncommitted_;
  ++counts_.events;
  std::string_view json = message.value;
  if (!message.padded) {  // the consumer's buffer: copied, with simdjson's padding
    padded_.assign(message.value);
    padded_.append(simdjson::SIMDJSON_PADDING, '\0');
    json = std::string_view(padded_.data(), message.value.size());
  }
  simdjson::dom::element event;
  std::string reason;
  switch (parser_.Parse(json, &event, &counts_.bad, &reason)) {
    case engine::EventParser::Outcome::kEvent:
      break;
    case engine::EventParser::Outcome::kBlank:
      ++counts_.bad.malformed;
      ++counts_.bad.invalid_json;
      reason = "invalid JSON: an empty message";
      [[fallthrough]];
    case engine::EventParser::Outcome::kBad:
      engine_->Skipped(message.offset);
      return DeadLetter(message, reason);
  }
  const absl::Status processed = engine_->Process(event, json, message.offset, &notifications_);
  if (auto sent = Send(notifications_, message.timestamp_ms); !sent.ok()) return sent;
  return processed;
}

absl::Status PartitionWorker::Send(std::vector<engine::Notification>& notifications, int64_t event_timestamp_ms) {
  if (notifications.empty()) return absl::OkStatus();
  const Topics& topics = context_.config->topics;
  absl::Status status;
  std::string key;
  for (engine::Notification& n : notifications) {
    n.topic = topics.events;
    key = n.tenant.value_or("") + "/" + n.rule + "/" + n.key;
    std::string json = n.ToJson();
    if (status.ok()) status = context_.producer->Produce(topics.alerts, -1, key, json);
    if (!status.ok()) continue;
    ++counts_.notifications;
    alerts_->Record(n, std::move(json));
  }
  if (event_timestamp_ms >= 0) {
    const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch()).count();
    const double seconds = static_cast<double>(now_ms - event_timestamp_ms) / 1000.0;
    for (const engine::Notification& n : notifications) {
      if (!n.backfill) counts_.latency.Observe(seconds);
    }
  }
  notifications.clear();
  return status;
}

absl::Status PartitionWorker::DeadLetter(const Message& message, const std::string& reason) {
  const std::string partition = std::to_string(partition_), offset = std::to_string(message.offset);
  return context_.producer->Produce(context_.config->topics.dead_letter, -1, message.key, message.value,
                                    {{"alertjit.reason", reason},
                                     {"alertjit.topic", context_.config->topics.events},
                                     {"alertjit.partition", partition},
                                     {"alertjit.offset", offset}});
}

absl::Status PartitionWorker::Checkpoint(engine::WriteBatch* batch) {
  // An alert's tenant is its rule's scope, or for a global rule the tenant
  // of the events that decided it.
  alerts_->Checkpoint(
      [&](const std::optional<std::string>& tenant, const std::string& rule) {
        return context_.rules->Find(tenant, rule).has_value() || context_.rules->Find(std::nullopt, rule).has_value();
      },
      batch);
  return engine_->Checkpoint(batch);
}

void PartitionWorker::Committed() {
  engine_->Committed();
  uncommitted_ = 0;
}

}  // namespace alert::daemon
