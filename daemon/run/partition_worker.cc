#include "daemon/run/partition_worker.h"

#include <algorithm>
#include <charconv>
#include <chrono>

#include <fmt/format.h>

#include "daemon/run/partition_number.h"
#include "engine/run/settings.h"
#include "engine/state/codec.h"
#include "runtime/json/write_value.h"
#include "runtime/jsonpath/evaluate.h"
#include "runtime/text/fnv.h"

namespace alert::daemon {
namespace {

constexpr std::string_view kRouteHeader = "alertjit.route";
constexpr std::string_view kFromPartitionHeader = "alertjit.partition";
constexpr std::string_view kFromOffsetHeader = "alertjit.offset";

// A repartition partition's last source offsets taken, in the state family.
std::string TakenKey(int32_t partition) { return "p" + std::to_string(partition) + "/f"; }

// The repartition partition of a group key.
int32_t RoutePartition(std::string_view key, int32_t partitions) {
  return static_cast<int32_t>(Fnv1a64(key) % static_cast<uint64_t>(partitions));
}

// A header's non-negative integer, whole.
std::optional<int64_t> Integer(std::optional<std::string_view> text) {
  int64_t value = -1;
  if (!text) return std::nullopt;
  const char* end = text->data() + text->size();
  const auto [at, error] = std::from_chars(text->data(), end, value);
  if (error != std::errc() || at != end || value < 0) return std::nullopt;
  return value;
}

}  // namespace

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
      routed_(Routed(partition)),
      number_(InTopic(partition)),
      topic_(TopicOf(context.config->topics, partition)),
      subset_(std::make_shared<engine::RuleSubset>(
          context.rules, routed_ ? engine::RuleSubset::Keep::kRouted : engine::RuleSubset::Keep::kByTenant)),
      alerts_(std::make_shared<AlertTable>(partition)),
      parser_(engine::EventLimits{context.config->engine.max_event_bytes, context.config->engine.max_depth}),
      from_(std::to_string(number_)),
      forward_headers_{{kRouteHeader, {}}, {kFromPartitionHeader, from_}, {kFromOffsetHeader, {}}} {}

absl::StatusOr<std::unique_ptr<PartitionWorker>> PartitionWorker::Open(const WorkerContext& context,
                                                                       int32_t partition) {
  std::unique_ptr<PartitionWorker> worker(new PartitionWorker(context, partition));
  auto history = engine::StoreHistory::Open(*context.store, partition);
  if (!history.ok()) return history.status();
  worker->history_ = std::move(*history);
  auto created = engine::Engine::Create(worker->subset_, WorkerEngineOptions(*context.config, partition),
                                        worker->history_.get());
  if (!created.ok()) return created.status();
  worker->engine_ = std::move(*created);
  if (auto restored = worker->engine_->Restore(*context.store); !restored.ok()) return restored;
  if (auto restored = worker->alerts_->Restore(*context.store); !restored.ok()) return restored;
  if (auto restored = worker->RestoreTaken(); !restored.ok()) return restored;
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
  if (routed_ && !TakeRouted(message, &reason)) {
    engine_->Skipped(message.offset);
    if (reason.empty()) return absl::OkStatus();  // a repeat, or a route no rule has now
    ++counts_.bad.malformed;
    return DeadLetter(message, reason);
  }
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
  if (!routed_ && context_.route_partitions > 0) {
    if (auto sent = SendOn(message, event); !sent.ok()) return sent;
  }
  return processed;
}

absl::Status PartitionWorker::SendOn(const Message& message, simdjson::dom::element event) {
  const std::vector<uint32_t>& hit = subset_->routes_hit();
  if (hit.empty()) return absl::OkStatus();
  char offset[24];
  const auto [end, error] = std::to_chars(offset, offset + sizeof offset, message.offset);
  forward_headers_[2].value = std::string_view(offset, static_cast<size_t>(end - offset));
  for (const uint32_t i : hit) {
    const engine::RuleSubset::Route& route = subset_->routes()[i];
    // The key as the engine there makes it (RuleRunner::KeyInto).
    key_.assign(1, '[');
    for (const uint32_t path : route.rule->group_by) {
      if (key_.size() > 1) key_ += ',';
      json::AppendCanonical(key_, jsonpath::QueryValue(route.rule->paths[path].query, event, event));
    }
    key_ += ']';
    forward_headers_[0].value = route.text;
    auto sent = context_.producer->Produce(context_.config->topics.repartition,
                                           RoutePartition(key_, context_.route_partitions), key_, message.value,
                                           forward_headers_, std::max<int64_t>(message.timestamp_ms, 0));
    if (!sent.ok()) return sent;
  }
  return absl::OkStatus();
}

bool PartitionWorker::TakeRouted(const Message& message, std::string* problem) {
  const std::optional<std::string_view> route = message.Header(kRouteHeader);
  const std::optional<int64_t> from = Integer(message.Header(kFromPartitionHeader));
  const std::optional<int64_t> offset = Integer(message.Header(kFromOffsetHeader));
  if (!route || !from || !offset || *from >= context_.route_partitions) {
    *problem = "not sent on by alertd: headers alertjit.route, alertjit.partition (an events partition) and "
               "alertjit.offset are needed";
    return false;
  }
  // A route no rule has any more (its rules deleted or changed since the
  // message was sent) decides nothing, and is not remembered.
  const std::vector<engine::RuleSubset::Route>& routes = subset_->routes();
  if (std::none_of(routes.begin(), routes.end(), [&](const auto& r) { return r.text == *route; })) return false;
  const auto [it, added] = taken_.try_emplace({static_cast<int32_t>(*from), std::string(*route)}, *offset);
  if (!added) {
    if (*offset <= it->second) return false;  // sent again after a restart of its source
    it->second = *offset;
  }
  taken_changed_ = true;
  subset_->SetRoute(*route);
  return true;
}

absl::Status PartitionWorker::RestoreTaken() {
  if (!routed_) return absl::OkStatus();
  auto stored = context_.store->Get(engine::Family::kState, TakenKey(partition_));
  if (!stored.ok()) return stored.status();
  if (!*stored) return absl::OkStatus();
  engine::Decoder in(**stored);
  for (uint64_t n = in.Count(); n > 0 && in.ok(); --n) {
    const auto from = static_cast<int32_t>(in.I64());
    std::string route = in.String();
    const int64_t offset = in.I64();
    taken_[{from, std::move(route)}] = offset;
  }
  if (!in.ok() || !in.done()) {
    return absl::DataLossError("corrupt source offsets of " + topic_ + " partition " + std::to_string(number_));
  }
  return absl::OkStatus();
}

absl::Status PartitionWorker::Send(std::vector<engine::Notification>& notifications, int64_t event_timestamp_ms) {
  if (notifications.empty()) return absl::OkStatus();
  const Topics& topics = context_.config->topics;
  absl::Status status;
  std::string key;
  for (engine::Notification& n : notifications) {
    n.topic = topic_;
    n.source.partition = number_;
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
  const std::string partition = std::to_string(number_), offset = std::to_string(message.offset);
  return context_.producer->Produce(context_.config->topics.dead_letter, -1, message.key, message.value,
                                    {{"alertjit.reason", reason},
                                     {"alertjit.topic", topic_},
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
  if (taken_changed_) {
    engine::Encoder out;
    out.U64(taken_.size());
    for (const auto& [from, offset] : taken_) {
      out.I64(from.first);
      out.String(from.second);
      out.I64(offset);
    }
    batch->Put(engine::Family::kState, TakenKey(partition_), out.Take());
  }
  return engine_->Checkpoint(batch);
}

void PartitionWorker::Committed() {
  engine_->Committed();
  taken_changed_ = false;
  uncommitted_ = 0;
  committed_once_ = true;
}

}  // namespace alert::daemon
