#pragma once

// An alert notification (LANGUAGE.md, "Alerts"): one JSON object per
// transition of an alert to `firing` or to `resolved`.

#include <cstdint>
#include <optional>
#include <string>

#include "compiler/checked/checked.h"

namespace alert::engine {

// Where an event came from: a source partition and the event's offset in it
// (for a file: partition 0, the 0-based line number).
struct EventSource {
  int32_t partition = 0;
  int64_t offset = 0;
};

struct Notification {
  enum class State : uint8_t { kFiring, kResolved };

  std::string rule;
  int64_t version = 1;
  std::optional<std::string> tenant;
  std::string key;  // the group-by values, a JSON array
  State state = State::kFiring;
  // The window that decided it, for windowed rules; a global window has no end.
  bool has_window = false;
  int64_t window_start = 0;
  std::optional<int64_t> window_end;
  std::string values;  // the aggregates and baselines the condition read, a JSON object
  std::string condition;
  checked::Severity severity = checked::Severity::kMinor;
  std::string labels;   // a JSON object
  std::string message;
  std::string sample_event_ids;  // a JSON array
  std::optional<int64_t> event_time;  // the deciding event's time, or the watermark (none before any)
  int64_t processing_time = 0;   // wall clock, epoch ms
  EventSource source;            // the deciding event
  std::string topic;             // its topic (alertd); empty for a file, and then not printed
  bool backfill = false;         // decided while a backfill replayed history

  // A stable id of (rule, version, key, window, state) and the source
  // partition (two partitions' engines deciding the same window are two
  // alerts), so that consumers can drop a notification sent twice: 16 hex
  // digits of FNV-1a 64.
  std::string AlertId() const;
  // The notification as one line of JSON (no newline).
  std::string ToJson() const;
};

const char* StateName(Notification::State state);

}  // namespace alert::engine
