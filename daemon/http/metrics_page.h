#pragma once

// GET /metrics: a daemon's status snapshot, its HTTP server's own counters
// and the process, in Prometheus's text format. Names follow Prometheus's
// practice: the alertd_ prefix, base units (seconds, bytes), counters
// ending in _total. Counters of the engines (matches, alerts, late,
// duplicates, per rule) belong to the partitions this daemon holds: they
// are part of each partition's checkpointed state and move with it.

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include "daemon/run/daemon_status.h"

namespace alert::daemon {

// What the HTTP server counts of itself.
struct HttpCounts {
  std::map<int, uint64_t> responses;  // by status code
  uint64_t unauthorized = 0;          // requests refused for a missing, unknown or other tenant's token
};

std::string MetricsPage(const DaemonStatus& status, const HttpCounts& http, std::chrono::system_clock::time_point now);

}  // namespace alert::daemon
