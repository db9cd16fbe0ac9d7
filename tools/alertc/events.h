#pragma once

// Reads events for alertc: NDJSON (one event per line), or a file holding
// one JSON document. Malformed lines are reported and skipped, never fatal.

#include <functional>
#include <string>
#include <string_view>

#include <simdjson.h>

namespace alert::alertc {

struct EventReadStats {
  size_t events = 0;
  size_t malformed = 0;
};

// Calls `on_event(offset, event)` for each event of `text`, in order. The
// offset is the 0-based line number of an NDJSON line; a text that is one JSON
// document (over one or many lines) is one event at offset 0, or, with
// `split_array` and a top-level array, one event per element at offset = its
// index. Malformed lines are reported on stderr as NAME:LINE and skipped.
EventReadStats ReadEvents(const std::string& name, std::string_view text, bool split_array,
                          const std::function<void(size_t offset, simdjson::dom::element event)>& on_event);

}  // namespace alert::alertc
