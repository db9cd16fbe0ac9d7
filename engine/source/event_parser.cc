#include "engine/source/event_parser.h"

#include "runtime/json/error_location.h"
#include "runtime/json/parse_document.h"

namespace alert::engine {
bool BlankLine(std::string_view line) {
  for (const char c : line) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

EventParser::EventParser(const EventLimits& limits) : limits_(limits), parser_(limits.max_event_bytes) {
  // The parser's buffers grow with the events it sees, up to
  // max_event_bytes; only the depth is set now. simdjson counts the document
  // itself as a level: max_depth nested containers need one more.
  if (parser_.allocate(kInitialCapacity, limits.max_depth + 1)) parser_ = simdjson::dom::parser();
}

EventParser::Outcome EventParser::Parse(std::string_view line, simdjson::dom::element* event, BadEvents* bad,
                                        std::string* reason) {
  if (BlankLine(line)) return Outcome::kBlank;
  if (line.size() > limits_.max_event_bytes) {
    ++bad->malformed;
    ++bad->oversized;
    *reason = "event longer than max_event_bytes (" + std::to_string(limits_.max_event_bytes) + ")";
    return Outcome::kBad;
  }
  if (auto error = json::ParseDocument(parser_, line, /*padded=*/true, &narrowed_, event)) {
    ++bad->malformed;
    if (error == simdjson::DEPTH_ERROR) {
      ++bad->too_deep;
      *reason = "event nested deeper than max_depth (" + std::to_string(limits_.max_depth) + ")";
    } else {
      ++bad->invalid_json;
      *reason = "invalid JSON" + json::ErrorPlace(line) + ": " + simdjson::error_message(error);
    }
    return Outcome::kBad;
  }
  return Outcome::kEvent;
}

}  // namespace alert::engine
