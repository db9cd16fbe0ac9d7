#pragma once

// The settings a run takes as KEY=VALUE (`alertc run --set`), with their
// defaults and valid ranges: one table, validated where the text enters, so
// that no setting can ask for an allocation or a computation out of range.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "engine/stream/engine.h"

namespace alert::engine {

// Every default is the engine's own (EngineOptions, RunnerOptions,
// AggregateLimits): this table only names them and bounds them.
struct RunSettings {
  // The tenant of an event (a singular JSONPath). Default: $.customerId.
  std::string tenant_path = kDefaultTenantPath;
  // Event time: epoch milliseconds or RFC 3339 text. Default: $.ts.
  std::string time_path = kDefaultTimePath;
  // The id that notifications list among their sample events. Default: $.eventId.
  std::string event_id_path = kDefaultEventIdPath;
  // Longest event line, in bytes: 1 to 4,294,967,295 (simdjson's limit).
  // Buffers grow with the events, not with this limit. Default: 1 MiB.
  size_t max_event_bytes = size_t{1} << 20;
  // Arrays and objects one inside another in an event: 1 to 1,024. Default: 64.
  size_t max_depth = 64;
  // How long `dedupe by` remembers a value, in event-time milliseconds:
  // 1 to 100 years. Default: 24 h.
  size_t dedupe_retention_ms = static_cast<size_t>(RunnerOptions().dedupe_retention_ms);
  // Values a percentile keeps exactly before it switches to a sketch:
  // 1 to 1,000,000. Default: 10,000.
  size_t percentile_exact = AggregateLimits().percentile_exact;
  // Values count_distinct keeps exactly before it switches to a sketch:
  // 1 to 1,000,000. Default: 100,000.
  size_t distinct_exact = AggregateLimits().distinct_exact;
  // Group keys one rule holds at most; an event with one more key is not
  // applied to that rule (keys_refused): 1 to 100,000,000. Default: 100,000.
  size_t max_keys_per_rule = RunnerOptions().max_keys;
  // Open windows one rule holds at most, over its keys; a window past it is
  // not opened (windows_refused): 1 to 100,000,000. Default: 1,000,000.
  size_t max_windows_per_rule = RunnerOptions().max_open_windows;
  // Estimated bytes of one rule's state; while over it, the rule refuses new
  // keys and windows (measured as they are created, so it may be passed by
  // up to the growth between two measures): 1 MiB to 1 TiB. Default: 256 MiB.
  size_t max_state_bytes_per_rule = RunnerOptions().max_state_bytes;
  // With --state: record every event in the store's history, for the
  // backfill of rules added later. auto: when a rule of the file has
  // `backfill` (recording costs about 7 us and 1.2 KB of disk per event:
  // bench/RESULTS.md). Default: auto.
  std::string record_history = "auto";
  // Recorded history older than this behind the watermark is expired:
  // 1 ms to 100 years. Default: 7 days.
  size_t history_retention_ms = static_cast<size_t>(EngineOptions().history_retention_ms);
};

// The engine options the settings give (paths, bounds, retention).
EngineOptions EngineOptionsOf(const RunSettings& settings);

// Applies one "KEY=VALUE" to `settings`. Returns nullopt on success, else a
// message for the user naming the key and what it takes (`settings` is then
// unchanged).
std::optional<std::string> ApplySetting(std::string_view pair, RunSettings* settings);

// The keys ApplySetting knows, for help texts: "tenant_path, time_path, ...".
std::string SettingNames();
// Whether ApplySetting knows `key`.
bool IsSetting(std::string_view key);

}  // namespace alert::engine
