#include "engine/source/event_parser.h"

namespace alert::engine {
namespace {

bool Blank(std::string_view line) {
  for (const char c : line) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

}  // namespace

EventParser::EventParser(const EventLimits& limits) : limits_(limits), parser_(limits.max_event_bytes) {
  // Capacity for the largest event; the depth limit is the parser's.
  if (parser_.allocate(limits.max_event_bytes, limits.max_depth)) parser_ = simdjson::dom::parser();
}

EventParser::Outcome EventParser::Parse(std::string_view line, simdjson::dom::element* event, BadEvents* bad,
                                        std::string* reason) {
  if (Blank(line)) return Outcome::kBlank;
  if (line.size() > limits_.max_event_bytes) {
    ++bad->malformed;
    ++bad->oversized;
    *reason = "event longer than max_event_bytes (" + std::to_string(limits_.max_event_bytes) + ")";
    return Outcome::kBad;
  }
  if (auto error = parser_.parse(line.data(), line.size(), false).get(*event)) {
    ++bad->malformed;
    if (error == simdjson::DEPTH_ERROR) {
      ++bad->too_deep;
      *reason = "event nested deeper than max_depth (" + std::to_string(limits_.max_depth) + ")";
    } else {
      ++bad->invalid_json;
      *reason = std::string("invalid JSON: ") + simdjson::error_message(error);
    }
    return Outcome::kBad;
  }
  return Outcome::kEvent;
}

}  // namespace alert::engine
