#pragma once

// One rule's windows, aggregates, baselines, dedupe set and alert states in
// one source partition, and the steps LANGUAGE.md orders for each event:
// Advance is steps (2) and (3) — the watermark closes windows, oldest end
// first, and `absent for` timers fire; Process is step (4) — scope (decided
// by the caller), lateness, dedupe, `when`, baselines, windows and the early
// check. Notifications are appended to the caller's vector.
//
// State per group key: KeyState (key_state.h). A key with nothing left to
// remember is dropped. The event path is in rule_runner.cc, closing windows
// and alert transitions in rule_close.cc, the stored form in rule_state.cc.

#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <absl/container/btree_map.h>
#include <absl/container/btree_set.h>
#include <absl/container/flat_hash_map.h>
#include <absl/container/node_hash_map.h>
#include <absl/functional/function_ref.h>
#include <absl/status/status.h>
#include <simdjson.h>

#include "compiler/checked/checked.h"
#include "compiler/interp/interpreter.h"
#include "engine/alert/notification.h"
#include "engine/baseline/baseline_series.h"
#include "engine/state/codec.h"
#include "engine/state/state_store.h"
#include "engine/stream/key_state.h"
#include "engine/stream/rule_source.h"
#include "engine/window/aggregate_set.h"
#include "engine/window/windows.h"
#include "runtime/value/value.h"

namespace alert::engine {

// Before any event has a time.
inline constexpr int64_t kNoWatermark = -(int64_t{1} << 62);

struct RunnerOptions {
  // Default: AggregateLimits' defaults.
  AggregateLimits aggregates;
  // How long (event time, behind the watermark) `dedupe by` remembers a value,
  // and how many values per rule at most (the oldest are forgotten first).
  // Default: 24 h, 1,000,000.
  int64_t dedupe_retention_ms = 24 * 3600 * 1000;
  size_t dedupe_max_values = 1'000'000;
  // Samples one baseline keeps per key at most (the oldest are dropped
  // first). Default: 100,000.
  size_t baseline_max_samples = 100'000;
  // Group keys one rule holds at most. An event whose key would be one more
  // is not applied to the rule (counted in keys_refused); keys already held
  // go on. Default: 100,000.
  size_t max_keys = 100'000;
  // Open windows one rule holds at most, over all its keys. A window that
  // would be one more is not opened (the event joins the windows that are
  // open; counted in windows_refused). Default: 1,000,000.
  size_t max_open_windows = 1'000'000;
  // Estimated bytes of one rule's state (bytes()). While it is over, new
  // keys and windows are refused as above. It is measured when keys and
  // windows are created, once per as many creations as the state holds
  // (4,096 at least), so the state may grow past it by up to that much
  // before the bound bites. Default: 256 MiB.
  size_t max_state_bytes = size_t{256} << 20;
  // Distinct `across` sensors one window tracks at most; an event of one
  // more sensor still counts in the window's total (counted in
  // sensors_refused). Default: 10,000.
  size_t max_sensors_per_window = 10'000;
};

// Whether events that do not match change a rule's state (`dedupe by`,
// baselines, `across` sensors), so that it must see every event of its scope.
bool SeesEveryEvent(const checked::Rule& rule);

// Where one rule reads its paths in the matcher's slots.
struct RuleSlots {
  std::vector<size_t> group_by;
  std::optional<size_t> time, dedupe, across;
  std::vector<size_t> baseline_paths;  // by baseline id
  std::vector<std::pair<uint32_t, size_t>> template_paths;  // path id, slot
  std::vector<int64_t> aggregate_args;  // by aggregate id: the slot of a singular-path argument, or -1
  size_t event_id = 0;                  // the engine's $.eventId
};

// One event as the runners see it.
struct EventView {
  simdjson::dom::element event;
  const Value* slots = nullptr;
  std::string_view tenant;      // "" when the event has none
  std::optional<int64_t> time;  // from the engine's time path
  EventSource source;
  uint64_t seq = 0;             // arrival order
  bool backfill = false;        // replayed history
};

// Who decided a notification: the event being processed.
struct Decider {
  std::optional<int64_t> event_time;
  EventSource source;
  bool backfill = false;
  int64_t processing_time = 0;
};

struct RuleCounters {
  uint64_t matched = 0;
  uint64_t late_events = 0;
  uint64_t duplicates = 0;
  uint64_t untimed_events = 0;  // events the rule needed a time for and that had none
  uint64_t fired = 0;
  uint64_t resolved = 0;
  uint64_t keys_refused = 0;     // events not applied: their key was past max_keys
  uint64_t windows_refused = 0;  // windows not opened: past max_open_windows
  uint64_t sensors_refused = 0;  // sensors not tracked: past max_sensors_per_window

  // Sums of one rule's counters in two partitions.
  void Add(const RuleCounters& o) {
    matched += o.matched;
    late_events += o.late_events;
    duplicates += o.duplicates;
    untimed_events += o.untimed_events;
    fired += o.fired;
    resolved += o.resolved;
    keys_refused += o.keys_refused;
    windows_refused += o.windows_refused;
    sensors_refused += o.sensors_refused;
  }
};

class RuleRunner {
 public:
  // `view.rule` must outlive the runner; its meaning and interpreter are
  // taken from the view (made when it has none).
  RuleRunner(const RuleView& view, RuleSlots slots, const RunnerOptions& options);
  ~RuleRunner();

  const checked::Rule& rule() const { return *rule_; }
  int64_t version() const { return version_; }

  // A new version of the rule with the same meaning (checked::MeaningOf):
  // windows, aggregates, baselines, dedupe values and alert states stay;
  // later notifications carry the new version, message and labels.
  // `view.rule` must outlive the runner, as the first did.
  void Rebind(const RuleView& view, RuleSlots slots);
  const RuleCounters& counters() const { return counters_; }

  // The rule's start (its global window's start): the watermark when it was
  // installed, or that minus its backfill.
  void Start(int64_t start) { start_ = start; }
  bool started() const { return start_ != kNoWatermark; }
  // A paused rule takes no events and its windows wait (the engine skips it).
  void SetPaused(bool paused) { paused_ = paused; }
  bool paused() const { return paused_; }

  // The lowest watermark at which Advance has something to do (a window
  // closes, an `absent for` timer expires); INT64_MAX when nothing waits.
  int64_t next_deadline() const;

  // Steps (2) and (3): the watermark reached `watermark`. Closing decisions go
  // to `closed`, `absent for` ones to `absent`. A function of the state and
  // the watermark only: asked again at the same watermark, it decides what
  // came due since (a late event's `absent for` timer), so how often it is
  // asked (a restore asks once more) never changes a decision.
  void Advance(int64_t watermark, const Decider& decider, std::vector<Notification>* closed,
               std::vector<Notification>* absent);

  // Step (4) for one event in the rule's scope. `evaluate` decides `when`
  // with the rule's baseline values (by id). `check_lateness` is false while
  // a backfill replays history.
  using Evaluate = absl::FunctionRef<bool(const Value* baselines)>;
  void Process(const EventView& e, Evaluate evaluate, int64_t watermark, bool check_lateness,
               const Decider& decider, std::vector<Notification>* out);

  // Backfill: live events at or before these offsets were replayed.
  void MarkReplayed(int32_t partition, int64_t offset);

  // The rule's state as byte values under `prefix` in the state family
  // (rule_state.cc): `m` for the rule, `k/<key>` per group key, `b/<key>\0…`
  // per baseline sample, `d/<value>` per `dedupe by` value. SaveChanges
  // writes what changed since the last Committed (the first time: all of
  // it; `m` only when its bytes differ from the last written, so that a
  // checkpoint of many partitions costs what their events changed);
  // Committed says that batch was written. Load restores what was saved
  // for a version with the same meaning (checked::MeaningOf); another
  // meaning starts afresh.
  void SaveChanges(const std::string& prefix, WriteBatch* batch);
  void Committed();
  absl::Status Load(const std::string& prefix, const StateStore& store);
  // Whether Load found state for this rule.
  bool restored() const { return restored_; }

  // Open windows, keys and the bytes they hold (memory figures).
  size_t open_windows() const;
  size_t keys() const { return keys_.size(); }
  size_t bytes() const;

 private:
  enum class Kind : uint8_t { kEveryMatch, kAbsent, kGlobal, kWindowed };
  using Keys = absl::node_hash_map<std::string, KeyState>;
  // A window position of a key to judge once the watermark closes it: an
  // open window, or (for firing keys and runs of `for N windows`) the next
  // position, which may stay empty.
  struct Closing {
    int64_t end, start;
    const std::string* key;  // the key in keys_ (stable)
    bool operator<(const Closing& o) const {
      if (end != o.end) return end < o.end;
      if (start != o.start) return start < o.start;
      return *key < *o.key;
    }
  };
  class Reader;

  // rule_runner.cc: the event path
  std::optional<int64_t> TimeOf(const EventView& e) const;
  void KeyInto(const EventView& e, std::string* key) const;
  bool Duplicate(const EventView& e, int64_t time, int64_t watermark);
  void BaselineValues(const KeyState* ks, const EventView* e, int64_t t);
  void FeedBaselines(KeyState& ks, const EventView& e, int64_t t, int64_t watermark);
  void ComputeInputs(const EventView& e);
  void AddSample(Window& w, const EventView& e) const;
  std::string EventId(const EventView& e) const;  // JSON, or "" when the event has none
  // The key's window at `start`, opened if need be; nullptr when opening it
  // would pass max_open_windows (counted).
  Window* OpenWindow(KeyState& ks, const std::string& key, int64_t start, int64_t end);
  // Every window enters and leaves a key through these, which keep
  // open_windows_.
  Window& EmplaceWindow(KeyState& ks, Window w);
  void EraseWindow(KeyState& ks, int64_t start);
  void RegisterSensor(KeyState& ks, const std::string& key, const EventView& e, int64_t t, int64_t watermark,
                      bool check_lateness);
  void JoinWindows(KeyState& ks, const std::string& key, const EventView& e, int64_t t, int64_t watermark,
                   bool check_lateness, const Decider& decider, std::vector<Notification>* out);
  void JoinSession(KeyState& ks, const std::string& key, const EventView& e, int64_t t, int64_t watermark,
                   const Decider& decider, std::vector<Notification>* out);
  void AddEvent(Window& w, const EventView& e);
  // The event's sensor in `w`, made seen there; nullptr when that would
  // pass max_sensors_per_window (counted).
  AggregateSet* SensorOf(Window& w);
  // `key` is always the key's own string in keys_, which Closing points to.
  void Schedule(KeyState& ks, const std::string& key, int64_t start, int64_t end);
  // Process's parts: what comes before `when` (replayed, time, lateness,
  // dedupe: false when the event stops there), and each kind's step.
  bool Admit(const EventView& e, std::optional<int64_t>* time);
  // rule_state.cc: Load's parts, each false on bytes it cannot read.
  bool DecodeRule(Decoder& meta);
  bool DecodeDedupe(std::string_view value_text, std::string_view stored);
  bool DecodeKey(const std::string& key, std::string_view value);
  bool DecodeSample(std::string_view rest, std::string_view value);
  Keys::iterator FindKey(const EventView& e);  // the event's key (in key_) in keys_
  void ProcessAbsent(Keys::iterator found, const EventView& e, int64_t t, int64_t watermark, const Decider& decider,
                     std::vector<Notification>* out);
  void Unschedule(KeyState& ks, const std::string& key, int64_t start, int64_t end);
  // Schedules a position that has no open window (yet).
  void ScheduleEmpty(KeyState& ks, const std::string& key, int64_t start, int64_t end);

  // rule_close.cc: judging windows, alert transitions, notifications
  void CloseKey(const std::string& key, KeyState& ks, const std::vector<int64_t>& starts, int64_t watermark,
                const Decider& decider, std::vector<Notification>* out);
  void Judge(const std::string& key, KeyState& ks, const Window* w, int64_t start, int64_t watermark,
             const Decider& decider, std::vector<Notification>* out);
  bool Satisfied(const KeyState& ks, const Window& w, int64_t watermark) const;
  bool Holds(const checked::Expr& condition, const KeyState& ks, const AggregateSet& set, int64_t watermark) const;
  void Transition(const std::string& key, KeyState& ks, Notification::State state, const Window* w,
                  int64_t start, std::optional<int64_t> end, int64_t watermark, const Decider& decider,
                  std::vector<Notification>* out);
  void EarlyCheck(const std::string& key, KeyState& ks, const std::vector<int64_t>& starts, int64_t watermark,
                  const Decider& decider, std::vector<Notification>* out);
  Value BaselineAt(const KeyState& ks, uint32_t id, int64_t t, const Value* current) const;
  bool Keep(const KeyState& ks) const;
  std::vector<std::string> KeyTexts(const std::string& key);

  const checked::Rule* rule_;
  // checked::MeaningOf(*rule_), the same for every version Rebind takes;
  // the rule set's, shared.
  std::shared_ptr<const std::string> meaning_;
  // A hash of the `m` record in the store, and of the one in the batch
  // SaveChanges built (0: none).
  uint64_t stored_meta_ = 0, saved_meta_ = 0;
  int64_t version_;
  RuleSlots slots_;
  const RunnerOptions options_;
  const WindowSpec spec_;
  Kind kind_ = Kind::kEveryMatch;
  bool decided_at_close_ = false;  // `for` or `across`: never early
  std::shared_ptr<const interp::Interpreter> interpreter_;  // the rule set's, shared
  // Baselines with the same path and D share their samples: baseline id -> series.
  std::vector<size_t> series_of_baseline_;
  std::vector<int64_t> series_window_;  // D of each series
  std::vector<uint32_t> series_path_;   // path id of each series
  // What a notification's `values` lists: the aggregates and baselines of
  // `fire when` and `clear when`, by their text; the first is {{value}}.
  struct Shown {
    std::string name;
    bool aggregate;
    uint32_t id;
  };
  std::vector<Shown> shown_;
  AggregateSet empty_;  // an empty window's aggregates

  int64_t start_ = kNoWatermark;
  Keys keys_;
  size_t open_windows_ = 0;  // over all keys
  // Whether a key or window may be created under max_state_bytes: the last
  // measure, taken again when enough creations have passed.
  bool MayGrow();
  bool over_bytes_ = false;
  uint64_t creations_until_measure_ = 0;
  absl::btree_set<Closing> closing_;        // open fixed and session windows
  std::set<std::pair<int64_t, std::string_view>> waiting_;  // `absent for`: seen, not firing
  // `dedupe by`: value -> time, and the values in arrival order (the
  // oldest are forgotten first), each with its arrival number.
  struct Remembered {
    int64_t time;
    uint64_t seq;
    std::string value;
  };
  absl::flat_hash_map<std::string, int64_t> dedupe_;
  std::deque<Remembered> dedupe_order_;
  uint64_t dedupe_seq_ = 0;
  // What changed since the last commit (SaveChanges): the keys touched, and
  // the dedupe values remembered (put) and forgotten.
  void Touch(const std::string& key) { dirty_.emplace(key); }
  absl::flat_hash_set<std::string> dirty_;
  struct DedupeChange {
    bool put;
    Remembered remembered;
  };
  std::vector<DedupeChange> dedupe_changes_;
  absl::flat_hash_map<int32_t, int64_t> replayed_;
  // The tenants keys were last seen with; a key holds an index.
  std::vector<std::string> tenants_{std::string()};
  absl::flat_hash_map<std::string, uint32_t> tenant_ids_;
  uint32_t TenantId(std::string_view tenant);
  RuleCounters counters_;
  bool restored_ = false;
  bool paused_ = false;

  // Per-event scratch.
  std::vector<AggregateInput> inputs_;
  std::vector<Value> baseline_values_;
  std::string last_event_id_;  // the matching event's id, for rules without `fire when`
  std::string key_;            // the event's group key
  std::string sensor_;         // the event's sensor (`across`), canonical JSON
  bool has_sensor_ = false;
  std::string scratch_;        // dedupe values
  simdjson::dom::parser key_parser_;  // reads keys back for messages
};

}  // namespace alert::engine
