#pragma once

// The windowed engine of one source partition: events in, alert
// notifications out, deterministically. For each event, in LANGUAGE.md's
// order: (1) the watermark advances to its time; (2) the windows this closes
// are judged, oldest end first, then (3) `absent for` timers; (4) each rule
// in scope — the rule index's candidates, and every rule whose state
// non-matching events change — takes the event.
//
//   event ─► matcher.Prepare (path plan, tenant, candidates)
//         ─► watermark ─► RuleRunner::Advance for every rule
//         ─► RuleRunner::Process for each candidate (when: compiled, with baselines)
//
// Backfill: Install replays the history store through each rule that asks
// for it before the first live event.
//
// The rules come from a RuleSource shared by the engines of all partitions
// (engine/rules' RuleSet). When it changes, the engine syncs before its next
// event: a new rule starts at the watermark (replaying its backfill); a new
// version with another meaning starts afresh the same way, its old state
// deleted from the store at the next checkpoint; a new version with the
// same meaning keeps its state (RuleRunner::Rebind); a deleted rule's state
// goes, and a paused rule takes no events and closes no windows until it is
// resumed, when the windows whose end passed meanwhile are judged on the
// events they had.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <absl/status/statusor.h>
#include <simdjson.h>

#include "compiler/checked/checked.h"
#include "engine/alert/notification.h"
#include "engine/history/history_store.h"
#include "engine/state/state_store.h"
#include "engine/stream/rule_runner.h"
#include "engine/stream/rule_source.h"

namespace alert::engine {

// Where events have their tenant, time and id unless told otherwise.
inline constexpr char kDefaultTenantPath[] = "$.customerId";
inline constexpr char kDefaultTimePath[] = "$.ts";
inline constexpr char kDefaultEventIdPath[] = "$.eventId";

struct EngineOptions {
  // Where an event's tenant, time and id are (singular queries). The time is
  // epoch milliseconds or RFC 3339 text; events without one advance no
  // watermark and are ignored by the rules that need a time.
  // Default: $.customerId, $.ts, $.eventId.
  std::string tenant_path = kDefaultTenantPath;
  std::string time_path = kDefaultTimePath;
  std::string event_id_path = kDefaultEventIdPath;
  // The source partition this engine processes (notifications and state
  // keys name it). Default: 0.
  int32_t partition = 0;
  // Per rule bounds and retention. Default: RunnerOptions' defaults.
  RunnerOptions runner;
  // Wall-clock epoch milliseconds for `processing_time`. Default: the system clock.
  std::function<int64_t()> clock;
  // Append every live event to the history store (the daemon, `alertc run
  // --state`); otherwise history is only what AddHistory stores. Default: false.
  bool record_history = false;
  // Recorded history older than this behind the watermark (event time) is
  // expired at each checkpoint. Default: 7 days.
  int64_t history_retention_ms = int64_t{7} * 24 * 3600 * 1000;
};

struct EngineStats {
  uint64_t events = 0;          // events processed
  uint64_t matched = 0;         // (event, rule) pairs whose `when` held, late ones excluded
  uint64_t late_events = 0;     // (event, rule) pairs dropped as late that matched
  uint64_t duplicates = 0;      // (event, rule) pairs dropped by `dedupe by`
  uint64_t untimed_events = 0;  // events without a time at the time path
  uint64_t alerts_fired = 0;
  uint64_t alerts_resolved = 0;
  uint64_t evaluated = 0;       // (event, rule) `when` evaluations
  uint64_t keys_refused = 0;    // (event, rule) pairs not applied: the rule held max_keys keys
  uint64_t windows_refused = 0; // windows not opened: the rule held max_open_windows windows
  uint64_t sensors_refused = 0; // `across` sensors not tracked: the window held max_sensors_per_window
  uint64_t keys = 0;            // group keys with state, now
  uint64_t open_windows = 0;    // now
  uint64_t state_bytes = 0;     // estimated bytes of rule state, now

  // Sums of two engines' figures (a daemon's partitions).
  void Add(const EngineStats& o);
};

class Engine {
 public:
  // `rules` must read the engine's time and event id paths as its extra
  // paths 0 and 1 (engine/rules' NewRuleSetOptions). `history` (may be
  // null) must outlive the engine.
  static absl::StatusOr<std::unique_ptr<Engine>> Create(std::shared_ptr<const RuleSource> rules,
                                                        const EngineOptions& options, HistoryStore* history);
  ~Engine();

  // Stores an event read from history (before Install), as if seen live at
  // `source`. Returns false when it has no time.
  bool AddHistory(simdjson::dom::element event, std::string_view json, EventSource source);

  // Installs the rules: their start is the watermark (history included),
  // and each rule with `backfill D` replays the history of the last D
  // through itself alone. Decisions made during the replay go to `out`.
  absl::Status Install(std::vector<Notification>* out);

  // One live event at `offset` of the partition (`json`: its bytes, kept
  // when recording history). Notifications it decides are appended to
  // `out`, closes first (oldest end first), then absent timers, then rules
  // in order. Fails only when the history store does; the event's effect on
  // the rules stands.
  absl::Status Process(simdjson::dom::element event, std::string_view json, int64_t offset,
                       std::vector<Notification>* out);

  // An event at `offset` that could not be used (a source's dead letter):
  // the state includes it, so a restart does not read it again.
  void Skipped(int64_t offset) { last_offset_ = offset; }

  // Adds to `batch` what changed since the last commit — the watermark and
  // counters, the rules' changed keys, dedupe values and baseline samples,
  // deletes for what went away (keys, rules no longer installed, the state
  // of a rule whose meaning changed), recorded history — and the offset of the
  // last event processed, all in the state store's families. The caller
  // writes the batch atomically (with anything of its own) and then calls
  // Committed; if the write fails, the next Checkpoint includes it all again.
  // Committed may also come when the batch is handed to a BackgroundWriter,
  // once the batch before it was written: the engine must then not outlive
  // a failure of that write (it is restored from the store instead).
  absl::Status Checkpoint(WriteBatch* batch);
  void Committed();
  // Loads a checkpoint written by an engine of the same partition, before
  // Install (which then starts only the rules that had no state) and before
  // any event. A rule whose meaning changed starts afresh.
  absl::Status Restore(const StateStore& store);
  // The offset of the last event the restored state includes; events up to
  // it must not be processed again. Empty before any checkpoint.
  std::optional<int64_t> restored_offset() const { return restored_offset_; }

  int64_t watermark() const { return watermark_; }
  EngineStats stats() const;
  // Rule `id`'s counters in this partition; null when the engine runs no
  // rule there.
  const RuleCounters* rule_counters(uint32_t id) const {
    return id < runners_.size() && runners_[id] ? &runners_[id]->counters() : nullptr;
  }
  const RuleSource& rules() const { return *rules_; }

 private:
  Engine() = default;
  absl::Status Replay(size_t rule, int64_t from, int64_t to, std::vector<Notification>* out);
  // Brings the runners up to the rule source's generation (see above).
  absl::Status Sync(std::vector<Notification>* out);
  // Starts a rule that runs from now: at the watermark, after replaying its backfill.
  absl::Status StartNow(uint32_t id, std::vector<Notification>* out);
  RuleSlots SlotsOf(uint32_t id) const;
  std::string Prefix() const { return "p" + std::to_string(options_.partition) + "/"; }
  std::string RulePrefix(const checked::Rule& rule) const;
  int64_t Now() const;

  std::string StatePrefix() const { return Prefix() + "r/"; }
  static std::string OffsetKey(int32_t partition) { return "p" + std::to_string(partition); }

  EngineOptions options_;
  HistoryStore* history_ = nullptr;
  std::shared_ptr<const RuleSource> rules_;
  std::unique_ptr<RuleSource::Scratch> scratch_;
  // By rule id (null: no rule there), with the revision each was made for.
  std::vector<std::unique_ptr<RuleRunner>> runners_;
  struct Running {
    std::shared_ptr<const checked::Rule> rule;  // the version runners_[id] runs
    std::shared_ptr<const std::string> meaning;
    uint64_t revision = 0;
  };
  std::vector<Running> running_;
  uint64_t generation_ = 0;
  bool installed_ = false;
  size_t time_slot_ = 0;
  simdjson::dom::parser replay_parser_;
  int64_t watermark_ = kNoWatermark;
  // The lowest of the runners' next deadlines: below it, a watermark advance
  // closes nothing and fires no timer, and the runners are not called.
  int64_t next_deadline_ = INT64_MAX;
  uint64_t seq_ = 0;
  uint64_t events_ = 0;
  uint64_t untimed_ = 0;
  std::vector<Notification> closed_, absent_;  // scratch
  std::optional<int64_t> last_offset_, restored_offset_;
  // Rule prefixes to delete from the store at the next checkpoint: rules
  // that were stored and are no longer installed, or whose meaning changed.
  std::vector<std::string> stale_rules_;
  // A hash of the rule list (p<P>/l) in the store, and of the one in the
  // batch Checkpoint built (0: none).
  uint64_t stored_list_ = 0, saved_list_ = 0;
};

}  // namespace alert::engine
