#pragma once

// The standard process_* metrics of Prometheus's client libraries, read
// from /proc/self: CPU seconds, resident and virtual memory, open and
// maximum file descriptors, start time.

#include "daemon/http/metrics_text.h"

namespace alert::daemon {

// Appends the process_* families to `out`; a value /proc does not give is
// left out.
void AppendProcessMetrics(MetricsText* out);

}  // namespace alert::daemon
