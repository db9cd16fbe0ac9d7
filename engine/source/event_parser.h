#pragma once

// One NDJSON line to a validated JSON document: simdjson's DOM parser,
// which validates the whole line, with limits on size and depth. Lines that
// cannot be used are classified and counted, never fatal.

#include <cstdint>
#include <string>
#include <string_view>

#include <simdjson.h>

namespace alert::engine {

struct EventLimits {
  // Lines longer than this (bytes, without the newline) are not parsed.
  // Default: 1 MiB.
  size_t max_event_bytes = size_t{1} << 20;
  // Events with more arrays and objects one inside another than this are
  // not used ({"a":{"b":1}} is 2 deep, as is [[1]]). Default: 64.
  size_t max_depth = 64;
};

// Counts of lines that could not be used, by reason.
struct BadEvents {
  uint64_t malformed = 0;  // all of them
  uint64_t invalid_json = 0;
  uint64_t oversized = 0;
  uint64_t too_deep = 0;

  void Add(const BadEvents& o) {
    malformed += o.malformed;
    invalid_json += o.invalid_json;
    oversized += o.oversized;
    too_deep += o.too_deep;
  }
};

// Whether a line holds only spaces, tabs and carriage returns.
bool BlankLine(std::string_view line);

class EventParser {
 public:
  explicit EventParser(const EventLimits& limits);

  enum class Outcome { kEvent, kBlank, kBad };
  // Parses `line`, which must be followed by simdjson::SIMDJSON_PADDING
  // readable bytes (a LineBlock's lines are). On kBad, `bad` is counted and
  // `*reason` says why. The document lives until the next call.
  Outcome Parse(std::string_view line, simdjson::dom::element* event, BadEvents* bad, std::string* reason);

 private:
  static constexpr size_t kInitialCapacity = 64 * 1024;

  EventLimits limits_;
  simdjson::dom::parser parser_;
  std::string narrowed_;  // a line whose wide numbers were narrowed (json/parse_document.h)
};

}  // namespace alert::engine
