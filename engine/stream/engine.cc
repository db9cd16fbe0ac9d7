#include "engine/stream/engine.h"

#include <algorithm>
#include <chrono>

#include <absl/container/flat_hash_set.h>
#include <absl/hash/hash.h>

#include "compiler/checked/meaning.h"
#include "engine/state/codec.h"
#include "engine/state/rule_records.h"
#include "runtime/json/json_string.h"
#include "engine/time/event_time.h"

namespace alert::engine {

// The rule's paths, aggregates and baselines, located in the rule source's slots.
RuleSlots Engine::SlotsOf(uint32_t id) const {
  const checked::Rule& rule = *rules_->rule(id)->rule;
  auto slot = [&](uint32_t path) { return rules_->slot_of(id, path); };
  RuleSlots s;
  for (uint32_t path : rule.group_by) s.group_by.push_back(slot(path));
  if (rule.time) s.time = slot(*rule.time);
  if (rule.dedupe_by) s.dedupe = slot(*rule.dedupe_by);
  if (rule.fire && rule.fire->across) s.across = slot(rule.fire->across->path);
  for (const auto& b : rule.baselines) s.baseline_paths.push_back(slot(b.path));
  auto templates = [&](const checked::Template& t) {
    for (const auto& part : t.parts) {
      if (part.kind == checked::Template::Part::Kind::kPath) s.template_paths.emplace_back(part.index, slot(part.index));
    }
  };
  if (rule.message) templates(*rule.message);
  for (const auto& label : rule.labels) templates(label.value);
  for (const auto& a : rule.aggregates) {
    const bool path = a.arg && a.arg->op == checked::Op::kPath && a.arg->type == checked::Type::kAny;
    s.aggregate_args.push_back(path ? static_cast<int64_t>(slot(a.arg->index)) : -1);
  }
  s.event_id = rules_->extra_slot(1);
  return s;
}

absl::StatusOr<std::unique_ptr<Engine>> Engine::Create(std::shared_ptr<const RuleSource> rules,
                                                       const EngineOptions& options, HistoryStore* history) {
  std::unique_ptr<Engine> engine(new Engine());
  engine->options_ = options;
  engine->history_ = history;
  engine->rules_ = std::move(rules);
  engine->scratch_ = engine->rules_->NewScratch();
  engine->time_slot_ = engine->rules_->extra_slot(0);
  if (auto synced = engine->Sync(nullptr); !synced.ok()) return synced;
  return engine;
}

absl::Status Engine::Sync(std::vector<Notification>* out) {
  if (generation_ == rules_->generation() && runners_.size() == rules_->capacity()) return absl::OkStatus();
  generation_ = rules_->generation();
  const uint32_t capacity = rules_->capacity();
  if (runners_.size() < capacity) {
    runners_.resize(capacity);
    running_.resize(capacity);
  }
  for (uint32_t id = 0; id < runners_.size(); ++id) {
    const std::optional<RuleView> view = id < capacity ? rules_->rule(id) : std::nullopt;
    std::unique_ptr<RuleRunner>& runner = runners_[id];
    Running& running = running_[id];
    // Another rule at this id (the old one deleted): its state goes.
    if (runner && (!view || RulePrefix(*view->rule) != RulePrefix(*running.rule))) {
      stale_rules_.push_back(RulePrefix(*running.rule));
      runner.reset();
      running = Running();
    }
    if (!view || (runner && running.revision == view->revision)) continue;
    if (runner && *running.meaning == *view->meaning) {
      runner->Rebind(*view, SlotsOf(id));
    } else {
      if (runner) stale_rules_.push_back(RulePrefix(*running.rule));  // its meaning changed: afresh
      runner = std::make_unique<RuleRunner>(*view, SlotsOf(id), options_.runner);
      if (installed_) {
        if (auto started = StartNow(id, out); !started.ok()) return started;
      }
    }
    runner->SetPaused(view->paused);
    running = Running{view->rule, view->meaning, view->revision};
  }
  next_deadline_ = INT64_MIN;  // every runner is asked at the next advance
  return absl::OkStatus();
}

absl::Status Engine::StartNow(uint32_t id, std::vector<Notification>* out) {
  RuleRunner& runner = *runners_[id];
  const checked::Rule& rule = runner.rule();
  if (watermark_ == kNoWatermark) return absl::OkStatus();  // the rule starts with the first event
  if (!rule.backfill_ms || history_ == nullptr) {
    runner.Start(watermark_);
    return absl::OkStatus();
  }
  runner.Start(watermark_ - *rule.backfill_ms);
  std::vector<Notification> replayed;
  const absl::Status status = Replay(id, watermark_ - *rule.backfill_ms, watermark_, out ? out : &replayed);
  next_deadline_ = std::min(next_deadline_, runner.next_deadline());
  return status;
}

Engine::~Engine() = default;

int64_t Engine::Now() const {
  if (options_.clock) return options_.clock();
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool Engine::AddHistory(simdjson::dom::element event, std::string_view json, EventSource source) {
  const std::string_view tenant = rules_->Prepare(event, *scratch_);
  const std::optional<int64_t> time = EventTime(scratch_->slots[time_slot_]);
  if (!time || history_ == nullptr) return false;
  return history_->Append(HistoryRecord{tenant, *time, source, json}).ok();
}

absl::Status Engine::Install(std::vector<Notification>* out) {
  if (auto synced = Sync(out); !synced.ok()) return synced;
  // T: the watermark when the rules are installed, history included.
  if (history_) {
    if (const auto latest = history_->max_time()) watermark_ = std::max(watermark_, *latest);
  }
  installed_ = true;
  for (uint32_t id = 0; id < runners_.size(); ++id) {
    if (!runners_[id] || runners_[id]->restored()) continue;  // none, or running since a checkpoint
    if (auto started = StartNow(id, out); !started.ok()) return started;
  }
  return absl::OkStatus();
}

// History events in [from, to] through rule `index` alone, in event-time
// order, without lateness checks; the rule's own watermark follows them, so
// that its windows close as they did live, and ends at `to`.
absl::Status Engine::Replay(size_t index, int64_t from, int64_t to, std::vector<Notification>* out) {
  RuleRunner& runner = *runners_[index];
  const checked::Rule& rule = runner.rule();
  std::optional<std::string_view> tenant;
  if (rule.tenant) tenant = *rule.tenant;
  int64_t watermark = kNoWatermark;
  std::vector<Notification> closed, absent;
  std::vector<std::pair<int32_t, int64_t>> replayed;
  auto advance = [&](int64_t to_time, const Decider& decider) {
    closed.clear();
    absent.clear();
    runner.Advance(to_time, decider, &closed, &absent);
    out->insert(out->end(), std::make_move_iterator(closed.begin()), std::make_move_iterator(closed.end()));
    out->insert(out->end(), std::make_move_iterator(absent.begin()), std::make_move_iterator(absent.end()));
  };
  const absl::Status scanned = history_->Scan(from, to, tenant, [&](const HistoryRecord& record) {
    simdjson::padded_string padded(record.json);
    simdjson::dom::element event;
    if (replay_parser_.parse(padded).get(event) != simdjson::SUCCESS) return;
    const std::string_view event_tenant = rules_->Prepare(event, *scratch_);
    const std::optional<int64_t> time = EventTime(scratch_->slots[time_slot_]);
    const Decider decider{record.time, record.source, /*backfill=*/true, Now()};
    if (watermark == kNoWatermark || record.time > watermark) {
      watermark = record.time;
      advance(watermark, decider);
    }
    const EventView view{event, scratch_->slots.data(), event_tenant, time, record.source, ++seq_, true};
    const uint32_t rule_index = static_cast<uint32_t>(index);
    runner.Process(
        view, [&](const Value* baselines) { return rules_->Evaluate(rule_index, event, *scratch_, baselines); },
        watermark, /*check_lateness=*/false, decider, out);
    replayed.emplace_back(record.source.partition, record.source.offset);
  });
  advance(to, Decider{to, EventSource{options_.partition, -1}, true, Now()});
  for (const auto& [partition, offset] : replayed) runner.MarkReplayed(partition, offset);
  return scanned;
}

absl::Status Engine::Process(simdjson::dom::element event, std::string_view json, int64_t offset,
                             std::vector<Notification>* out) {
  if (auto synced = Sync(out); !synced.ok()) return synced;
  ++events_;
  last_offset_ = offset;
  const std::string_view tenant = rules_->Prepare(event, *scratch_);
  const std::optional<int64_t> time = EventTime(scratch_->slots[time_slot_]);
  const EventSource source{options_.partition, offset};
  const Decider decider{time ? time : watermark_ == kNoWatermark ? std::nullopt : std::optional<int64_t>(watermark_),
                        source, false, Now()};
  if (!time) ++untimed_;
  // (1) the watermark, (2) closes, oldest end first, (3) absent timers.
  if (time && *time > watermark_) {
    if (watermark_ == kNoWatermark) {
      for (auto& runner : runners_) {
        if (runner && !runner->started()) runner->Start(*time);  // rules start with the first event
      }
    }
    watermark_ = *time;
  }
  if (watermark_ >= next_deadline_) {
    closed_.clear();
    absent_.clear();
    next_deadline_ = INT64_MAX;
    for (auto& runner : runners_) {
      if (!runner || runner->paused()) continue;  // a paused rule's windows wait for its resume
      runner->Advance(watermark_, decider, &closed_, &absent_);
      next_deadline_ = std::min(next_deadline_, runner->next_deadline());
    }
    std::stable_sort(closed_.begin(), closed_.end(), [](const Notification& a, const Notification& b) {
      const int64_t ea = a.window_end.value_or(INT64_MAX), eb = b.window_end.value_or(INT64_MAX);
      return ea != eb ? ea < eb : a.window_start < b.window_start;
    });
    out->insert(out->end(), std::make_move_iterator(closed_.begin()), std::make_move_iterator(closed_.end()));
    out->insert(out->end(), std::make_move_iterator(absent_.begin()), std::make_move_iterator(absent_.end()));
  }
  // (4) each rule in scope.
  const EventView view{event, scratch_->slots.data(), tenant, time, source, ++seq_, false};
  for (const uint32_t i : scratch_->candidates) {
    runners_[i]->Process(
        view, [&](const Value* baselines) { return rules_->Evaluate(i, event, *scratch_, baselines); },
        watermark_, /*check_lateness=*/true, decider, out);
    next_deadline_ = std::min(next_deadline_, runners_[i]->next_deadline());
  }
  if (options_.record_history && history_ && time) return history_->Append(HistoryRecord{tenant, *time, source, json});
  return absl::OkStatus();
}

// A rule's keys: its scope (the tenant quoted, so that no tenant text can
// make one rule's prefix another's) and its name.
std::string Engine::RulePrefix(const checked::Rule& rule) const {
  return Prefix() + "r/" + RuleRecordKey(rule.tenant, rule.id) + "/";
}

absl::Status Engine::Checkpoint(WriteBatch* batch) {
  // What goes away first; the puts below may write some of the same keys again.
  for (const std::string& prefix : stale_rules_) batch->DeletePrefix(Family::kState, prefix);
  Encoder meta;
  meta.I64(watermark_);
  meta.U64(seq_);
  meta.U64(events_);
  meta.U64(untimed_);
  batch->Put(Family::kState, Prefix() + "e", meta.Take());
  // The rules installed, so that a restore knows which stored ones went
  // away: written when they changed.
  std::vector<RuleRunner*> running;
  for (const auto& runner : runners_) {
    if (runner) running.push_back(runner.get());
  }
  Encoder list;
  list.U64(running.size());
  for (const RuleRunner* runner : running) list.String(RulePrefix(runner->rule()));
  const std::string list_bytes = list.Take();
  saved_list_ = absl::HashOf(list_bytes) | 1;
  if (saved_list_ != stored_list_) batch->Put(Family::kState, Prefix() + "l", list_bytes);
  for (RuleRunner* runner : running) runner->SaveChanges(RulePrefix(runner->rule()), batch);
  if (history_ && options_.record_history) {
    if (watermark_ != kNoWatermark && watermark_ > INT64_MIN + options_.history_retention_ms) {
      if (auto expired = history_->Expire(watermark_ - options_.history_retention_ms); !expired.ok()) return expired;
    }
    if (auto flushed = history_->Flush(batch); !flushed.ok()) return flushed;
  }
  if (last_offset_) {
    Encoder offset;
    offset.I64(*last_offset_);
    batch->Put(Family::kOffsets, OffsetKey(options_.partition), offset.Take());
  }
  return absl::OkStatus();
}

void Engine::Committed() {
  stale_rules_.clear();
  stored_list_ = saved_list_;
  for (const auto& runner : runners_) {
    if (runner) runner->Committed();
  }
  if (history_) history_->Committed();
}

absl::Status Engine::Restore(const StateStore& store) {
  auto meta_bytes = store.Get(Family::kState, Prefix() + "e");
  if (!meta_bytes.ok()) return meta_bytes.status();
  if (!*meta_bytes) return absl::OkStatus();  // no checkpoint yet
  auto corrupt = [&] { return absl::DataLossError("corrupt engine state at " + Prefix() + "e"); };
  Decoder meta(**meta_bytes);
  watermark_ = meta.I64();
  seq_ = meta.U64();
  events_ = meta.U64();
  untimed_ = meta.U64();
  if (!meta.ok()) return corrupt();
  // The rule list: in p<P>/l, or after the counters in a store written
  // before it had a key of its own.
  std::vector<std::string> stored;
  auto read_list = [&](Decoder& list) {
    const uint64_t rules = list.Count();
    for (uint64_t i = 0; i < rules && list.ok(); ++i) stored.push_back(list.String());
    return list.ok() && list.done();
  };
  if (!meta.done()) {
    if (!read_list(meta)) return corrupt();
  } else {
    auto list_bytes = store.Get(Family::kState, Prefix() + "l");
    if (!list_bytes.ok()) return list_bytes.status();
    if (*list_bytes) {
      Decoder list(**list_bytes);
      if (!read_list(list)) return absl::DataLossError("corrupt rule list at " + Prefix() + "l");
    }
  }
  auto offset_bytes = store.Get(Family::kOffsets, OffsetKey(options_.partition));
  if (!offset_bytes.ok()) return offset_bytes.status();
  if (*offset_bytes) {
    Decoder offset(**offset_bytes);
    const int64_t value = offset.I64();
    if (!offset.ok() || !offset.done()) return absl::DataLossError("corrupt offset of partition " + Prefix());
    restored_offset_ = last_offset_ = value;
  }
  const absl::flat_hash_set<std::string> stored_set(stored.begin(), stored.end());
  absl::flat_hash_set<std::string> installed;
  for (auto& runner : runners_) {
    if (!runner) continue;
    std::string prefix = RulePrefix(runner->rule());
    if (auto loaded = runner->Load(prefix, store); !loaded.ok()) return loaded;
    next_deadline_ = std::min(next_deadline_, runner->next_deadline());
    // Stored under this name but not restored: its text changed.
    if (!runner->restored() && stored_set.contains(prefix)) stale_rules_.push_back(prefix);
    installed.insert(std::move(prefix));
  }
  for (const std::string& prefix : stored) {
    if (!installed.contains(prefix)) stale_rules_.push_back(prefix);
  }
  return absl::OkStatus();
}

void EngineStats::Add(const EngineStats& o) {
  events += o.events;
  matched += o.matched;
  late_events += o.late_events;
  duplicates += o.duplicates;
  untimed_events += o.untimed_events;
  alerts_fired += o.alerts_fired;
  alerts_resolved += o.alerts_resolved;
  evaluated += o.evaluated;
  keys_refused += o.keys_refused;
  windows_refused += o.windows_refused;
  sensors_refused += o.sensors_refused;
  keys += o.keys;
  open_windows += o.open_windows;
  state_bytes += o.state_bytes;
}

EngineStats Engine::stats() const {
  EngineStats s;
  s.events = events_;
  s.untimed_events = untimed_;
  s.evaluated = scratch_->evaluated;
  for (const auto& runner : runners_) {
    if (!runner) continue;
    const RuleCounters& c = runner->counters();
    s.matched += c.matched;
    s.late_events += c.late_events;
    s.duplicates += c.duplicates;
    s.alerts_fired += c.fired;
    s.alerts_resolved += c.resolved;
    s.keys_refused += c.keys_refused;
    s.windows_refused += c.windows_refused;
    s.sensors_refused += c.sensors_refused;
    s.keys += runner->keys();
    s.open_windows += runner->open_windows();
    s.state_bytes += runner->bytes();
  }
  return s;
}

}  // namespace alert::engine
