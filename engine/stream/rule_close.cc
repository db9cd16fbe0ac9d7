// Deciding a rule's alerts (steps 2 and 3 of LANGUAGE.md's order, and the
// early check): windows closed by the watermark are judged, oldest end
// first; firing keys are judged on the empty windows that follow their
// last one; `for N windows` counts adjacent satisfied windows; `absent for`
// timers fire; each transition becomes a notification.

#include <algorithm>
#include <map>

#include "engine/alert/message.h"
#include "engine/stream/rule_runner.h"
#include "runtime/json/json_string.h"
#include "runtime/json/write_value.h"

namespace alert::engine {

// What `fire when` and `clear when` read over one window: its aggregates,
// and the key's baselines at the watermark.
class RuleRunner::Reader final : public interp::AggregateSource, public interp::BaselineSource {
 public:
  Reader(const RuleRunner& runner, const KeyState& ks, const AggregateSet& set, int64_t watermark)
      : runner_(runner), ks_(ks), set_(set), watermark_(watermark) {}
  Value Read(uint32_t id) const override {
    return set_.Read(runner_.rule_->aggregates[id], id, runner_.spec_.size_ms);
  }
  Value Read(const checked::Baseline&, uint32_t id) const override {
    return runner_.BaselineAt(ks_, id, watermark_, nullptr);
  }

 private:
  const RuleRunner& runner_;
  const KeyState& ks_;
  const AggregateSet& set_;
  int64_t watermark_;
};

Value RuleRunner::BaselineAt(const KeyState& ks, uint32_t id, int64_t t, const Value* current) const {
  const checked::Baseline& b = rule_->baselines[id];
  const size_t series = series_of_baseline_[id];
  if (!ks.extras || series >= ks.extras->series.size()) return Value();
  const BaselineSeries& s = ks.extras->series[series];
  const BaselineSeries::Stats stats = s.Read(t - b.window_ms, t);
  if (stats.n < BaselineSeries::kMinSamples) return Value();
  switch (b.kind) {
    case checked::Baseline::Kind::kMean: return Value::Num(Number::Double(stats.mean));
    case checked::Baseline::Kind::kStddev: return Value::Num(Number::Double(stats.stddev));
    case checked::Baseline::Kind::kZscore: {
      if (stats.stddev == 0) return Value();
      // The current event's value; in `fire when`, the key's latest sample.
      std::optional<double> x;
      if (current) {
        if (current->kind() == Value::Kind::kNumber) x = current->number().ToDouble();
      } else {
        x = s.last();
      }
      if (!x) return Value();
      return Value::Num(Number::Double((*x - stats.mean) / stats.stddev));
    }
  }
  return Value();
}

bool RuleRunner::Holds(const checked::Expr& condition, const KeyState& ks, const AggregateSet& set,
                       int64_t watermark) const {
  const Reader reader(*this, ks, set, watermark);
  return interpreter_->Holds(condition, reader, &reader);
}

bool RuleRunner::Satisfied(const KeyState& ks, const Window& w, int64_t watermark) const {
  const checked::Fire& fire = *rule_->fire;
  if (!fire.across) return Holds(*fire.condition, ks, w.total, watermark);
  // Each sensor seen is judged on its own matching events.
  const int64_t seen = w.sensors ? static_cast<int64_t>(w.sensors->size()) : 0;
  int64_t satisfying = 0;
  if (w.sensors) {
    for (const auto& [sensor, set] : *w.sensors) satisfying += Holds(*fire.condition, ks, set, watermark) ? 1 : 0;
  }
  const checked::Across& a = *fire.across;
  if (!a.percent) return satisfying >= a.min_sensors;
  // satisfying × 100 ≥ P × seen, exactly: P = num / den.
  return seen > 0 && static_cast<__int128>(satisfying) * 100 * a.percent_den >=
                         static_cast<__int128>(a.percent_num) * seen;
}

void RuleRunner::EarlyCheck(const std::string& key, KeyState& ks, const std::vector<int64_t>& starts,
                            int64_t watermark, const Decider& decider, std::vector<Notification>* out) {
  if (ks.firing || decided_at_close_) return;
  // The earliest window the event made satisfy the condition.
  for (int64_t start : starts) {
    const Window& w = ks.windows.at(start);
    if (!Holds(*rule_->fire->condition, ks, w.total, watermark)) continue;
    const std::optional<int64_t> end = kind_ == Kind::kGlobal ? std::nullopt : std::optional<int64_t>(w.end);
    Transition(key, ks, Notification::State::kFiring, &w, w.start, end, watermark, decider, out);
    return;
  }
}

// One window of a key at its close, or an empty position (w null) of a
// firing key: the run of `for N windows`, then the transition if any.
void RuleRunner::Judge(const std::string& key, KeyState& ks, const Window* w, int64_t start, int64_t watermark,
                       const Decider& decider, std::vector<Notification>* out) {
  struct {
    int64_t start, end;
  } window{start, w ? w->end : start + spec_.size_ms};
  const AggregateSet& total = w ? w->total : empty_;
  bool satisfied = false;
  if (w == nullptr) {
    satisfied = rule_->fire->across ? false : Holds(*rule_->fire->condition, ks, empty_, watermark);
    ks.run = 0;  // a window without events of the key breaks the run
  } else {
    satisfied = Satisfied(ks, *w, watermark);
    if (satisfied) {
      const bool adjacent = ks.run > 0 && (spec_.kind == checked::Window::Kind::kSession ||
                                           start == ks.run_start + spec_.slide_ms);
      ks.run = adjacent ? ks.run + 1 : 1;
      ks.run_start = start;
    } else {
      ks.run = 0;
    }
  }
  if (ks.firing) {
    const bool release = rule_->clear ? Holds(*rule_->clear, ks, total, watermark) : !satisfied;
    if (release) {
      Transition(key, ks, Notification::State::kResolved, w, window.start, window.end, watermark, decider, out);
    }
  } else if (satisfied && w != nullptr && ks.run >= rule_->fire->for_windows) {
    Transition(key, ks, Notification::State::kFiring, w, window.start, window.end, watermark, decider, out);
  }
}

// The closing positions of one key, in order. Fixed windows: after each
// judged position comes the next (while the key fires or counts a run), as
// an empty window when it has no events; a firing key that an empty window
// left firing is left so by every empty window up to its next open one.
void RuleRunner::CloseKey(const std::string& key, KeyState& ks, const std::vector<int64_t>& starts,
                          int64_t watermark, const Decider& decider, std::vector<Notification>* out) {
  if (!spec_.fixed()) {
    for (int64_t start : starts) {
      auto it = ks.windows.find(start);
      if (it == ks.windows.end()) continue;
      Judge(key, ks, &it->second, start, watermark, decider, out);
      EraseWindow(ks, start);
    }
    return;
  }
  const int64_t step = spec_.slide_ms;
  // The last position this watermark closes.
  const int64_t last = FloorDiv(watermark - spec_.lateness_ms - spec_.size_ms, step) * step;
  std::set<int64_t> todo(starts.begin(), starts.end());
  while (!todo.empty()) {
    const int64_t p = *todo.begin();
    todo.erase(todo.begin());
    auto it = ks.windows.find(p);
    if (it != ks.windows.end()) {
      Judge(key, ks, &it->second, p, watermark, decider, out);
      EraseWindow(ks, p);
    } else {
      const bool was_firing = ks.firing;
      if (was_firing) {
        Judge(key, ks, nullptr, p, watermark, decider, out);
      } else {
        ks.run = 0;
      }
      if (was_firing && ks.firing) continue;  // the empty windows up to the next open one change nothing
    }
    if (p + step <= last && (ks.firing || ks.run > 0)) todo.insert(p + step);
  }
  // Come back when the next position closes, to judge it even if empty.
  if (ks.firing || ks.run > 0) {
    const int64_t next = last + step;
    if (!ks.windows.contains(next)) ScheduleEmpty(ks, key, next, next + spec_.size_ms);
  }
}

void RuleRunner::Advance(int64_t watermark, const Decider& decider, std::vector<Notification>* closed,
                         std::vector<Notification>* absent) {
  if (kind_ == Kind::kWindowed) {
    // The positions this closes, by key (each key's node in keys_).
    std::map<std::string_view, std::pair<const std::string*, std::vector<int64_t>>> by_key;
    while (!closing_.empty() && spec_.Closed(closing_.begin()->end, watermark)) {
      const Closing c = *closing_.begin();
      closing_.erase(closing_.begin());
      auto& [key, starts] = by_key[*c.key];
      key = c.key;
      starts.push_back(c.start);
    }
    for (auto& [key_bytes, entry] : by_key) {
      auto& [key, starts] = entry;
      const auto it = keys_.find(absl::string_view(*key));
      KeyState& ks = it->second;
      Touch(it->first);
      ks.scheduled -= static_cast<uint32_t>(starts.size());
      std::erase_if(ks.empty_scheduled, [&](const std::pair<int64_t, int64_t>& p) {
        return std::find(starts.begin(), starts.end(), p.first) != starts.end();
      });
      std::sort(starts.begin(), starts.end());
      CloseKey(*key, ks, starts, watermark, decider, closed);
      if (!Keep(ks)) keys_.erase(it);
    }
  }
  if (kind_ == Kind::kAbsent) {
    const int64_t d = *rule_->fire->absent_ms;
    while (!waiting_.empty() && watermark - waiting_.begin()->first >= d) {
      const std::string_view key = waiting_.begin()->second;
      const auto it = keys_.find(absl::string_view(key.data(), key.size()));
      waiting_.erase(waiting_.begin());
      Transition(it->first, it->second, Notification::State::kFiring, nullptr, 0, std::nullopt, watermark, decider,
                 absent);
    }
  }
}

int64_t RuleRunner::next_deadline() const {
  if (kind_ == Kind::kWindowed && !closing_.empty()) return closing_.begin()->end + spec_.lateness_ms;
  if (kind_ == Kind::kAbsent && !waiting_.empty()) return waiting_.begin()->first + *rule_->fire->absent_ms;
  return INT64_MAX;
}

void RuleRunner::Transition(const std::string& key, KeyState& ks, Notification::State state, const Window* w,
                            int64_t start, std::optional<int64_t> end, int64_t watermark, const Decider& decider,
                            std::vector<Notification>* out) {
  Touch(key);
  ks.firing = state == Notification::State::kFiring;
  (ks.firing ? counters_.fired : counters_.resolved) += 1;
  const AggregateSet& set = w ? w->total : empty_;

  Notification n;
  n.rule = rule_->id;
  n.version = version_;
  if (rule_->tenant) {
    n.tenant = *rule_->tenant;
  } else if (ks.tenant != 0) {
    n.tenant = tenants_[ks.tenant];
  }
  n.key = key;
  n.state = state;
  if (kind_ == Kind::kGlobal || kind_ == Kind::kWindowed) {
    n.has_window = true;
    n.window_start = start;
    n.window_end = end;
  }
  Value first;
  if (!shown_.empty()) {
    const Reader reader(*this, ks, set, watermark);
    n.values = "{";
    for (size_t i = 0; i < shown_.size(); ++i) {
      const Shown& s = shown_[i];
      const Value v = s.aggregate ? reader.Read(s.id) : BaselineAt(ks, s.id, watermark, nullptr);
      if (i == 0) first = v;
      if (i > 0) n.values += ',';
      json::AppendString(n.values, s.name);
      n.values += ':';
      json::AppendValue(n.values, v);
    }
    n.values += '}';
  }
  n.condition = rule_->fire ? rule_->fire->text : rule_->when_text;
  n.severity = rule_->severity;

  MessageContext context;
  context.rule = rule_;
  context.count = kind_ == Kind::kEveryMatch ? 1 : kind_ == Kind::kAbsent ? (ks.firing ? 0 : 1) : set.count();
  context.value = first;
  const std::vector<std::string> key_texts = KeyTexts(key);
  context.key = &key_texts;
  if (n.has_window) {
    context.window_start = start;
    context.window_end = end;
  }
  if (ks.extras) context.paths = &ks.extras->paths;
  if (rule_->message) n.message = RenderTemplate(*rule_->message, context);
  if (!rule_->labels.empty()) {
    n.labels = "{";
    for (size_t i = 0; i < rule_->labels.size(); ++i) {
      if (i > 0) n.labels += ',';
      json::AppendString(n.labels, rule_->labels[i].name);
      n.labels += ':';
      json::AppendString(n.labels, RenderTemplate(rule_->labels[i].value, context));
    }
    n.labels += '}';
  }
  std::string samples = w                             ? w->sample_ids
                        : kind_ == Kind::kEveryMatch ? last_event_id_
                        : ks.extras                  ? ks.extras->last_event_id
                                                     : std::string();
  std::replace(samples.begin(), samples.end(), '\n', ',');
  n.sample_event_ids = "[" + samples + "]";
  n.event_time = decider.event_time;
  n.processing_time = decider.processing_time;
  n.source = decider.source;
  n.backfill = decider.backfill;
  out->push_back(std::move(n));
}

// Each group-by value as placeholders write it, from the key's canonical JSON.
std::vector<std::string> RuleRunner::KeyTexts(const std::string& key) {
  std::vector<std::string> texts;
  simdjson::dom::array values;
  if (key_parser_.parse(key).get(values)) return texts;
  for (simdjson::dom::element v : values) texts.push_back(PlaceholderText(Value::Of(v)));
  return texts;
}

bool RuleRunner::Keep(const KeyState& ks) const {
  if (ks.firing || !ks.windows.empty() || ks.scheduled > 0) return true;
  // Sessions have no empty windows to break a run: a key in a run waits for its next session.
  if (ks.run > 0 && spec_.kind == checked::Window::Kind::kSession) return true;
  if (!ks.extras) return false;
  const KeyExtras& x = *ks.extras;
  return x.last_match || std::any_of(x.series.begin(), x.series.end(), [](const BaselineSeries& s) { return s.size() > 0; });
}

size_t RuleRunner::open_windows() const { return open_windows_; }

size_t RuleRunner::bytes() const {
  size_t b = sizeof(*this);
  for (const auto& [key, ks] : keys_) {
    b += sizeof(std::string) + (key.capacity() > 15 ? key.capacity() : 0) + sizeof(KeyState) + 16 + 9;  // node, slot
    for (const auto& [start, w] : ks.windows) {
      b += sizeof(Window) + 24 + w.total.bytes() - sizeof(AggregateSet) +
           (w.sample_ids.capacity() > 15 ? w.sample_ids.capacity() : 0);
      if (w.sensors) {
        for (const auto& [sensor, set] : *w.sensors) b += 48 + sensor.capacity() + set.bytes();
      }
    }
    if (ks.extras) {
      b += sizeof(KeyExtras) + ks.extras->last_event_id.capacity();
      for (const auto& s : ks.extras->series) b += s.bytes();
      for (const auto& [path, text] : ks.extras->paths) b += sizeof(std::string) + 8 + text.capacity();
    }
  }
  b += closing_.size() * (sizeof(Closing) + 8);
  // The dedupe set: each value in the map and in the order of expiry.
  for (const Remembered& r : dedupe_order_) {
    b += 2 * (sizeof(std::string) + (r.value.capacity() > 15 ? r.value.capacity() : 0)) + 3 * sizeof(int64_t) + 8;
  }
  for (const auto& tenant : tenants_) b += sizeof(std::string) + tenant.capacity() + 24;
  return b;
}

}  // namespace alert::engine
