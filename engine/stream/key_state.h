#pragma once

// What one rule remembers per group key (RuleRunner): the alert state, the
// open windows with their aggregates, the run of satisfied windows (`for N
// windows`), and — only for the rules that need them — the latest matching
// event (`absent for`, `{{$.path}}`) and the baseline samples.

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <absl/container/btree_map.h>

#include "engine/baseline/baseline_series.h"
#include "engine/window/aggregate_set.h"

namespace alert::engine {

// One open window of a key.
struct Window {
  int64_t start = 0, end = 0;
  AggregateSet total;
  std::unique_ptr<std::map<std::string, AggregateSet, std::less<>>> sensors;  // `across`: by sensor
  std::string sample_ids;  // up to 10 JSON values, one per line (JSON text has no raw newline)
  size_t samples() const {
    return sample_ids.empty() ? 0 : 1 + std::count(sample_ids.begin(), sample_ids.end(), '\n');
  }
};

// What only some rules keep per key, allocated when first needed.
struct KeyExtras {
  std::optional<int64_t> last_match;  // `absent for`: the latest matching event's time
  std::string last_event_id;          // and its id
  std::vector<std::pair<uint32_t, std::string>> paths;  // {{$.path}} from the latest match
  std::vector<BaselineSeries> series;                   // baselines
};

struct KeyState {
  bool firing = false;
  bool fresh = true;       // made since the last commit: its stored samples (if any) are stale
  uint32_t tenant = 0;     // of the key's latest event, in the runner's tenants (0: none)
  uint32_t scheduled = 0;  // the runner's closings naming this key
  int64_t run = 0;         // satisfied adjacent windows ending at run_start
  int64_t run_start = 0;
  absl::btree_map<int64_t, Window> windows;  // open windows by start
  // Positions scheduled for closing without an open window (start, end).
  std::vector<std::pair<int64_t, int64_t>> empty_scheduled;
  std::unique_ptr<KeyExtras> extras;
  KeyExtras& Extras() {
    if (!extras) extras = std::make_unique<KeyExtras>();
    return *extras;
  }
};

}  // namespace alert::engine
