#pragma once

// The batch path: NDJSON events in, matches out. Each line is parsed (and so
// validated) whole by simdjson's DOM parser into a per-thread document, then
// decided by the rule set. Lines that cannot be used (invalid JSON, longer than
// the limit, nested deeper than the limit) are counted and reported, and
// nothing else is affected. With several threads, blocks of lines go to the
// workers and their output is written in input order.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <absl/status/statusor.h>

#include "engine/rules/rule_set.h"
#include "engine/source/event_parser.h"
#include "engine/source/line_reader.h"

namespace alert::engine {

struct RunOptions {
  // Worker threads; 1 runs on the calling thread. Default: 1.
  int threads = 1;
  // Lines longer than this (bytes, without the newline) are not parsed.
  // Default: 1 MiB.
  size_t max_event_bytes = size_t{1} << 20;
  // Events nested deeper than this (arrays and objects) are not used.
  // Default: 64.
  size_t max_depth = 64;
  // Write one line per match; false counts only (alertc run --counts).
  bool emit_matches = true;
};

struct RunStats {
  uint64_t events = 0;          // non-blank lines
  uint64_t matched = 0;         // (event, rule) pairs whose `when` held
  uint64_t events_matched = 0;  // events with at least one match
  BadEvents bad;                // lines that could not be used
  uint64_t evaluated = 0;  // (event, rule) pairs decided
  std::vector<uint64_t> counts;  // matches per rule

  void Add(const RunStats& other);
};

// Where a run's results go; calls come in input order, one at a time.
class RunOutput {
 public:
  virtual ~RunOutput() = default;
  // Output lines, NDJSON: match lines {"line": N, "rule_id": "...", "tenant":
  // "..." | null} from RunEvents, notifications from RunStream.
  virtual void Lines(std::string_view ndjson) = 0;
  // A line that could not be used.
  virtual void Bad(uint64_t line, std::string_view reason) = 0;
};

absl::StatusOr<RunStats> RunEvents(const RuleSet& rules, LineReader& reader, const RunOptions& options,
                                   RunOutput& output);

}  // namespace alert::engine
