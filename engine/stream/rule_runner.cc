// The event path of a rule (step 4 of LANGUAGE.md's order): lateness,
// dedupe, `when` with the key's baselines, then the key's windows and the
// early check.

#include "engine/stream/rule_runner.h"

#include <algorithm>
#include <functional>

#include "compiler/checked/meaning.h"
#include "engine/alert/message.h"
#include "engine/time/event_time.h"
#include "runtime/json/write_value.h"

namespace alert::engine {

using checked::Op;

namespace {

// The view's interpreter, or one of the runner's own.
std::shared_ptr<const interp::Interpreter> InterpreterOf(const RuleView& view) {
  return view.interpreter ? view.interpreter : std::make_shared<const interp::Interpreter>(*view.rule);
}

}  // namespace

RuleRunner::RuleRunner(const RuleView& view, RuleSlots slots, const RunnerOptions& options)
    : rule_(view.rule.get()),
      meaning_(view.meaning ? view.meaning : std::make_shared<const std::string>(checked::MeaningOf(*view.rule))),
      version_(view.version),
      slots_(std::move(slots)),
      options_(options),
      spec_(WindowSpec::Of(*view.rule)),
      interpreter_(InterpreterOf(view)),
      empty_(view.rule->aggregates, options.aggregates) {
  const checked::Rule& rule = *view.rule;
  if (rule.fire && rule.fire->absent_ms) {
    kind_ = Kind::kAbsent;
  } else if (rule.fire) {
    kind_ = spec_.kind == checked::Window::Kind::kGlobal ? Kind::kGlobal : Kind::kWindowed;
    decided_at_close_ = rule.fire->has_for || rule.fire->across.has_value();
  }
  for (const checked::Baseline& b : rule.baselines) {
    size_t series = 0;
    while (series < series_path_.size() && (series_path_[series] != b.path || series_window_[series] != b.window_ms)) {
      ++series;
    }
    if (series == series_path_.size()) {
      series_path_.push_back(b.path);
      series_window_.push_back(b.window_ms);
    }
    series_of_baseline_.push_back(series);
  }
  // `values`: the aggregates and baselines of the conditions, in source order.
  std::vector<const checked::Expr*> reads;
  std::function<void(const checked::Expr&)> collect = [&](const checked::Expr& e) {
    if (e.op == Op::kAggregate || e.op == Op::kBaseline) reads.push_back(&e);
    for (const auto& arg : e.args) collect(*arg);
  };
  if (rule.fire && rule.fire->condition) collect(*rule.fire->condition);
  if (rule.clear) collect(*rule.clear);
  std::stable_sort(reads.begin(), reads.end(),
                   [](const checked::Expr* a, const checked::Expr* b) { return a->span.begin < b->span.begin; });
  for (const checked::Expr* e : reads) {
    const bool aggregate = e->op == Op::kAggregate;
    std::string name = aggregate ? rule.aggregates[e->index].text : rule.baselines[e->index].text;
    const bool seen = std::any_of(shown_.begin(), shown_.end(), [&](const Shown& s) { return s.name == name; });
    if (!seen) shown_.push_back({std::move(name), aggregate, e->index});
  }
  inputs_.resize(rule.aggregates.size());
  baseline_values_.resize(std::max<size_t>(rule.baselines.size(), 1));
}

RuleRunner::~RuleRunner() = default;

void RuleRunner::Rebind(const RuleView& view, RuleSlots slots) {
  const checked::Rule& rule = *view.rule;
  // {{$.path}} texts kept from the latest match: by path text, into the new
  // version's path ids (a path the new message no longer names is dropped).
  for (auto& [key, ks] : keys_) {
    if (!ks.extras) continue;
    std::vector<std::pair<uint32_t, std::string>> kept;
    for (auto& [path, text] : ks.extras->paths) {
      for (const auto& [id, slot] : slots.template_paths) {
        if (rule.paths[id].text == rule_->paths[path].text) kept.emplace_back(id, text);
      }
    }
    ks.extras->paths = std::move(kept);
  }
  rule_ = &rule;
  version_ = view.version;
  slots_ = std::move(slots);
  interpreter_ = InterpreterOf(view);
}

bool SeesEveryEvent(const checked::Rule& rule) {
  return rule.dedupe_by.has_value() || !rule.baselines.empty() || (rule.fire && rule.fire->across);
}

void RuleRunner::MarkReplayed(int32_t partition, int64_t offset) {
  auto [it, added] = replayed_.emplace(partition, offset);
  if (!added) it->second = std::max(it->second, offset);
}

std::optional<int64_t> RuleRunner::TimeOf(const EventView& e) const {
  if (slots_.time) return EventTime(e.slots[*slots_.time]);
  return e.time;
}

// The group key: the canonical JSON array of the `group by` values (null for
// a path that selects nothing), or of the tenant, written into `key`.
void RuleRunner::KeyInto(const EventView& e, std::string* out) const {
  std::string& key = *out;
  key.assign(1, '[');
  auto add = [&](const Value& v) {
    if (key.size() > 1) key += ',';
    json::AppendCanonical(key, v);
  };
  if (slots_.group_by.empty()) {
    add(e.tenant.empty() ? Value::Null() : Value::Str(e.tenant));
  } else {
    for (size_t slot : slots_.group_by) add(e.slots[slot]);
  }
  key += ']';
}

bool RuleRunner::Duplicate(const EventView& e, int64_t time, int64_t watermark) {
  const Value& id = e.slots[*slots_.dedupe];
  if (id.is_nothing()) return false;
  // Forget what fell out of the retention, and the oldest beyond the bound.
  while (!dedupe_order_.empty() && (dedupe_order_.size() >= options_.dedupe_max_values ||
                                    (watermark != kNoWatermark &&
                                     dedupe_order_.front().time < watermark - options_.dedupe_retention_ms))) {
    dedupe_.erase(dedupe_order_.front().value);
    dedupe_changes_.push_back({false, std::move(dedupe_order_.front())});
    dedupe_order_.pop_front();
  }
  scratch_.clear();
  json::AppendCanonical(scratch_, id);
  if (dedupe_.contains(absl::string_view(scratch_))) return true;
  dedupe_.emplace(scratch_, time);
  dedupe_order_.push_back({time, dedupe_seq_++, scratch_});
  dedupe_changes_.push_back({true, dedupe_order_.back()});
  return false;
}

void RuleRunner::BaselineValues(const KeyState* ks, const EventView* e, int64_t t) {
  for (uint32_t id = 0; id < rule_->baselines.size(); ++id) {
    baseline_values_[id] = ks ? BaselineAt(*ks, id, t, e ? &e->slots[slots_.baseline_paths[id]] : nullptr) : Value();
  }
}

uint32_t RuleRunner::TenantId(std::string_view tenant) {
  if (tenant.empty()) return 0;
  const auto it = tenant_ids_.find(absl::string_view(tenant.data(), tenant.size()));
  if (it != tenant_ids_.end()) return it->second;
  const auto id = static_cast<uint32_t>(tenants_.size());
  tenants_.emplace_back(tenant);
  tenant_ids_.emplace(std::string(tenant), id);
  return id;
}

void RuleRunner::FeedBaselines(KeyState& ks, const EventView& e, int64_t t, int64_t watermark) {
  std::vector<BaselineSeries>& all = ks.Extras().series;
  all.resize(series_path_.size());
  for (uint32_t id = 0; id < rule_->baselines.size(); ++id) {
    const size_t series = series_of_baseline_[id];
    // Each series once: at the first baseline that reads it.
    if (std::find(series_of_baseline_.begin(), series_of_baseline_.end(), series) - series_of_baseline_.begin() != id) {
      continue;
    }
    const Value& v = e.slots[slots_.baseline_paths[id]];
    if (v.kind() != Value::Kind::kNumber) continue;
    BaselineSeries& s = all[series];
    s.Add(t, v.number().ToDouble(), options_.baseline_max_samples);
    if (watermark != kNoWatermark) s.Expire(watermark - series_window_[series] - spec_.lateness_ms);
  }
}

void RuleRunner::ComputeInputs(const EventView& e) {
  const interp::BaselineValues baselines(baseline_values_.data());
  for (uint32_t id = 0; id < rule_->aggregates.size(); ++id) {
    const checked::Aggregate& a = rule_->aggregates[id];
    if (!a.arg) continue;
    if (slots_.aggregate_args[id] >= 0) {
      inputs_[id].Set(a.kind, e.slots[slots_.aggregate_args[id]]);
    } else if (a.kind == checked::Aggregate::Kind::kCountIf) {
      inputs_[id].Set(a.kind, Value::Bool(interpreter_->EvaluateCondition(*a.arg, e.event, &baselines)));
    } else {
      interpreter_->EvaluateValue(*a.arg, e.event, &baselines, [&](const Value& v) { inputs_[id].Set(a.kind, v); });
    }
  }
}

std::string RuleRunner::EventId(const EventView& e) const {
  const Value& id = e.slots[slots_.event_id];
  return id.is_nothing() ? std::string() : json::ValueToJson(id);
}

// Up to 10 sample event ids per window, from the engine's event id path.
void RuleRunner::AddSample(Window& w, const EventView& e) const {
  if (w.samples() >= 10) return;
  const Value& id = e.slots[slots_.event_id];
  if (id.is_nothing()) return;
  if (!w.sample_ids.empty()) w.sample_ids += '\n';
  json::AppendValue(w.sample_ids, id);
}

void RuleRunner::Schedule(KeyState& ks, const std::string& key, int64_t start, int64_t end) {
  if (closing_.insert(Closing{end, start, &key}).second) ++ks.scheduled;
}

void RuleRunner::ScheduleEmpty(KeyState& ks, const std::string& key, int64_t start, int64_t end) {
  if (closing_.insert(Closing{end, start, &key}).second) {
    ++ks.scheduled;
    ks.empty_scheduled.emplace_back(start, end);
  }
}

void RuleRunner::Unschedule(KeyState& ks, const std::string& key, int64_t start, int64_t end) {
  if (closing_.erase(Closing{end, start, &key}) > 0) --ks.scheduled;
}

Window* RuleRunner::OpenWindow(KeyState& ks, const std::string& key, int64_t start, int64_t end) {
  if (auto it = ks.windows.find(start); it != ks.windows.end()) return &it->second;
  if (open_windows_ >= options_.max_open_windows || !MayGrow()) {
    ++counters_.windows_refused;
    return nullptr;
  }
  Window w;
  w.start = start;
  w.end = end;
  w.total = AggregateSet(rule_->aggregates, options_.aggregates);
  if (rule_->fire && rule_->fire->across) w.sensors = std::make_unique<std::map<std::string, AggregateSet, std::less<>>>();
  Window& opened = EmplaceWindow(ks, std::move(w));
  if (kind_ == Kind::kWindowed) Schedule(ks, key, start, end);
  return &opened;
}

Window& RuleRunner::EmplaceWindow(KeyState& ks, Window w) {
  const int64_t start = w.start;
  auto [it, added] = ks.windows.emplace(start, std::move(w));
  open_windows_ += added;
  return it->second;
}

void RuleRunner::EraseWindow(KeyState& ks, int64_t start) { open_windows_ -= ks.windows.erase(start); }

void RuleRunner::AddEvent(Window& w, const EventView& e) {
  w.total.Add(rule_->aggregates, inputs_, e.seq);
  AddSample(w, e);
  if (w.sensors && has_sensor_) {
    if (AggregateSet* sensor = SensorOf(w)) sensor->Add(rule_->aggregates, inputs_, e.seq);
  }
}

// The event's sensor (sensor_) in window `w`, made seen there.
AggregateSet* RuleRunner::SensorOf(Window& w) {
  auto it = w.sensors->find(sensor_);
  if (it == w.sensors->end()) {
    if (w.sensors->size() >= options_.max_sensors_per_window) {
      ++counters_.sensors_refused;
      return nullptr;
    }
    it = w.sensors->emplace(sensor_, AggregateSet(rule_->aggregates, options_.aggregates)).first;
  }
  return &it->second;
}

// `across`: an event that does not match still makes its sensor seen in the
// windows it falls in.
void RuleRunner::RegisterSensor(KeyState& ks, const std::string& key, const EventView& e, int64_t t,
                                int64_t watermark, bool check_lateness) {
  if (!has_sensor_) return;
  auto seen = [&](Window* w) {
    if (w) SensorOf(*w);
  };
  if (spec_.fixed()) {
    for (int64_t start = spec_.FirstStart(t); start <= spec_.LastStart(t); start += spec_.slide_ms) {
      if (check_lateness && spec_.Closed(start + spec_.size_ms, watermark)) continue;
      seen(OpenWindow(ks, key, start, start + spec_.size_ms));
    }
    return;
  }
  // A session: the key's open session that contains t, if any.
  auto it = ks.windows.upper_bound(t);
  if (it == ks.windows.begin()) return;
  --it;
  if (t < it->second.end) seen(&it->second);
}

void RuleRunner::JoinWindows(KeyState& ks, const std::string& key, const EventView& e, int64_t t, int64_t watermark,
                             bool check_lateness, const Decider& decider, std::vector<Notification>* out) {
  std::vector<int64_t> joined;
  for (int64_t start = spec_.FirstStart(t); start <= spec_.LastStart(t); start += spec_.slide_ms) {
    if (check_lateness && spec_.Closed(start + spec_.size_ms, watermark)) continue;
    Window* w = OpenWindow(ks, key, start, start + spec_.size_ms);
    if (w == nullptr) continue;
    AddEvent(*w, e);
    joined.push_back(start);
  }
  EarlyCheck(key, ks, joined, watermark, decider, out);
}

// Session windows: the event joins every session it is less than a gap
// from, merging them, or starts one.
void RuleRunner::JoinSession(KeyState& ks, const std::string& key, const EventView& e, int64_t t, int64_t watermark,
                             const Decider& decider, std::vector<Notification>* out) {
  const int64_t gap = spec_.gap_ms;
  std::vector<int64_t> near;
  auto it = ks.windows.upper_bound(t);
  if (it != ks.windows.begin() && t < std::prev(it)->second.end) near.push_back(std::prev(it)->first);
  for (; it != ks.windows.end() && it->first < t + gap; ++it) near.push_back(it->first);

  int64_t start = t, end = t + gap;
  for (int64_t s : near) {
    start = std::min(start, s);
    end = std::max(end, ks.windows.at(s).end);
  }
  if (near.empty() && (open_windows_ >= options_.max_open_windows || !MayGrow())) {
    ++counters_.windows_refused;
    return;
  }
  Window merged;
  if (near.empty()) {
    merged.total = AggregateSet(rule_->aggregates, options_.aggregates);
    if (rule_->fire->across) merged.sensors = std::make_unique<std::map<std::string, AggregateSet, std::less<>>>();
  } else {
    auto first = ks.windows.find(near.front());
    merged = std::move(first->second);
    for (size_t i = 1; i < near.size(); ++i) {
      Window& other = ks.windows.at(near[i]);
      merged.total.Merge(rule_->aggregates, other.total);
      if (merged.sensors) {
        for (auto& [sensor, set] : *other.sensors) {
          auto [at, added] = merged.sensors->try_emplace(sensor);
          if (added) {
            at->second = std::move(set);
          } else {
            at->second.Merge(rule_->aggregates, set);
          }
        }
      }
      for (size_t pos = 0, n = merged.samples(); pos < other.sample_ids.size() && n < 10; ++n) {
        const size_t next = std::min(other.sample_ids.find('\n', pos), other.sample_ids.size());
        if (!merged.sample_ids.empty()) merged.sample_ids += '\n';
        merged.sample_ids.append(other.sample_ids, pos, next - pos);
        pos = next + 1;
      }
    }
    for (int64_t s : near) {
      Unschedule(ks, key, s, ks.windows.at(s).end);
      EraseWindow(ks, s);
    }
  }
  merged.start = start;
  merged.end = end;
  Window& w = EmplaceWindow(ks, std::move(merged));
  Schedule(ks, key, start, end);
  AddEvent(w, e);
  EarlyCheck(key, ks, {start}, watermark, decider, out);
}

bool RuleRunner::MayGrow() {
  if (creations_until_measure_ > 0) {
    --creations_until_measure_;
    return !over_bytes_;
  }
  over_bytes_ = bytes() > options_.max_state_bytes;
  // Measuring walks the state: spread its cost over as many creations as
  // the state has keys and windows (4,096 at least), a few nanoseconds each.
  creations_until_measure_ = std::max<uint64_t>(4096, keys_.size() + open_windows_);
  return !over_bytes_;
}

// Before the key: an event a backfill already applied, or without the time
// the rule needs, stops here (counted).
bool RuleRunner::Admit(const EventView& e, std::optional<int64_t>* time) {
  if (!e.backfill && !replayed_.empty()) {
    const auto it = replayed_.find(e.source.partition);
    if (it != replayed_.end() && e.source.offset <= it->second) return false;  // applied by the backfill
  }
  *time = TimeOf(e);
  const bool needs_time = kind_ != Kind::kEveryMatch || !rule_->baselines.empty();
  if (!*time && needs_time) {
    ++counters_.untimed_events;
    return false;
  }
  return true;
}

RuleRunner::Keys::iterator RuleRunner::FindKey(const EventView& e) {
  KeyInto(e, &key_);
  return keys_.find(absl::string_view(key_));
}

void RuleRunner::Process(const EventView& e, Evaluate evaluate, int64_t watermark, bool check_lateness,
                         const Decider& decider, std::vector<Notification>* out) {
  std::optional<int64_t> time;
  if (!Admit(e, &time)) return;
  const int64_t t = time ? *time : watermark;
  if (start_ == kNoWatermark) start_ = watermark != kNoWatermark ? watermark : t;

  // The key is read before `when` only for baselines; other rules read it
  // for matching events (and `across` rules for every event).
  const bool baselines = !rule_->baselines.empty();
  const bool across = rule_->fire && rule_->fire->across;
  Keys::iterator found = baselines ? FindKey(e) : keys_.end();
  auto decide = [&] {
    if (baselines) BaselineValues(found == keys_.end() ? nullptr : &found->second, &e, t);
    return evaluate(baselines ? baseline_values_.data() : nullptr);
  };
  if (check_lateness && kind_ == Kind::kWindowed && spec_.Late(t, watermark)) {
    if (decide()) ++counters_.late_events;  // ignored entirely; counted when it matches
    return;
  }
  if (rule_->dedupe_by && Duplicate(e, t, watermark)) {
    ++counters_.duplicates;
    return;
  }
  const bool matched = decide();
  if (!matched && !baselines && !across) return;

  if (!baselines) found = FindKey(e);
  if (found == keys_.end()) {
    if (keys_.size() >= options_.max_keys || !MayGrow()) {
      ++counters_.keys_refused;
      return;
    }
    found = keys_.try_emplace(key_).first;
  }
  const std::string& key = found->first;
  KeyState& ks = found->second;
  Touch(key);
  if (baselines) FeedBaselines(ks, e, t, watermark);
  if (across) {
    // The event's sensor, once for every window it joins.
    const Value& sensor = e.slots[*slots_.across];
    has_sensor_ = !sensor.is_nothing();
    sensor_.clear();
    if (has_sensor_) json::AppendCanonical(sensor_, sensor);
  }
  if (!matched) {
    if (across && kind_ == Kind::kWindowed) RegisterSensor(ks, key, e, t, watermark, check_lateness);
    if (!Keep(ks)) keys_.erase(found);
    return;
  }

  ++counters_.matched;
  if (!rule_->tenant) ks.tenant = TenantId(e.tenant);
  if (!slots_.template_paths.empty()) {
    auto& paths = ks.Extras().paths;
    paths.clear();
    for (const auto& [path, slot] : slots_.template_paths) paths.emplace_back(path, PlaceholderText(e.slots[slot]));
  }
  switch (kind_) {
    case Kind::kEveryMatch:
      last_event_id_ = EventId(e);
      Transition(key, ks, Notification::State::kFiring, nullptr, 0, std::nullopt, watermark, decider, out);
      ks.firing = false;  // one notification per matching event, never resolved
      if (!Keep(ks)) keys_.erase(found);
      return;
    case Kind::kAbsent: return ProcessAbsent(found, e, t, watermark, decider, out);
    case Kind::kGlobal:
      ComputeInputs(e);
      if (Window* w = OpenWindow(ks, key, start_, start_)) {
        AddEvent(*w, e);
        EarlyCheck(key, ks, {start_}, watermark, decider, out);
      } else if (!Keep(ks)) {
        keys_.erase(found);
      }
      return;
    case Kind::kWindowed:
      ComputeInputs(e);
      if (spec_.kind == checked::Window::Kind::kSession) {
        JoinSession(ks, key, e, t, watermark, decider, out);
      } else {
        JoinWindows(ks, key, e, t, watermark, check_lateness, decider, out);
      }
      return;
  }
}

// `absent for`: a matching event resolves a firing alert, and (re)starts the key's timer.
void RuleRunner::ProcessAbsent(Keys::iterator found, const EventView& e, int64_t t, int64_t watermark,
                               const Decider& decider, std::vector<Notification>* out) {
  KeyState& ks = found->second;
  KeyExtras& x = ks.Extras();
  x.last_event_id = EventId(e);
  if (ks.firing) {
    Transition(found->first, ks, Notification::State::kResolved, nullptr, 0, std::nullopt, watermark, decider, out);
  } else if (x.last_match) {
    waiting_.erase({*x.last_match, found->first});
  }
  x.last_match = std::max(x.last_match.value_or(t), t);
  waiting_.emplace(*x.last_match, found->first);
}

}  // namespace alert::engine
