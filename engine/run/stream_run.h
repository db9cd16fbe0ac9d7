#pragma once

// The windowed path for a file: NDJSON events in, alert notifications out,
// through one partition's Engine (partition 0; an event's offset is its
// 0-based line number). Lines that cannot be used are counted and reported
// as in RunEvents, and nothing else is affected.

#include <cstdint>
#include <functional>

#include <absl/status/statusor.h>

#include "engine/run/event_run.h"
#include "engine/source/event_parser.h"
#include "engine/source/line_reader.h"
#include "engine/stream/engine.h"

namespace alert::engine {

struct StreamStats {
  uint64_t events = 0;  // non-blank lines, skipped ones included
  uint64_t skipped = 0; // of which skipped (StreamOptions::skip_through)
  BadEvents bad;
};

// Stores the events of a history file in the engine's history store (before
// Engine::Install). Events without a time are counted as bad.
absl::StatusOr<StreamStats> LoadHistory(Engine& engine, LineReader& reader, const EventLimits& limits,
                                        RunOutput& output);

struct StreamOptions {
  // Lines at offsets up to this one were applied by an earlier run (the
  // restored state includes them): they are read and not processed.
  // Default: -1 (none).
  int64_t skip_through = -1;
  // Calls `checkpoint` after every this many processed events, and once at
  // the end, with the number of lines skipped so far. Default: 0 (never).
  uint64_t checkpoint_every = 0;
  std::function<absl::Status(const StreamStats& so_far)> checkpoint;
};

// Streams live events through the engine; `output` gets the notifications.
absl::StatusOr<StreamStats> RunStream(Engine& engine, LineReader& reader, const EventLimits& limits,
                                      RunOutput& output, const StreamOptions& options = {});

}  // namespace alert::engine
