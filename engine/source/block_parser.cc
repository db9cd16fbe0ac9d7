#include "engine/source/block_parser.h"

#include <algorithm>
#include <cstring>

namespace alert::engine {
namespace {

// The parser's buffers start small and grow with the blocks it is given.
constexpr size_t kInitialCapacity = 64 * 1024;

bool Blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Whether `doc`, found at `start` with source `source`, is exactly the
// content of `line`: blanks before and after it, nothing else.
bool IsTheLine(std::string_view line, const char* start, std::string_view source) {
  const char* begin = line.data();
  const char* end = line.data() + line.size();
  if (start < begin || start >= end || source.data() + source.size() > end) return false;
  // An object or array: simdjson's source() ends at its closing bracket (for
  // a scalar it runs on to the next document).
  if (*start != '{' && *start != '[') return false;
  return std::all_of(begin, start, Blank) && std::all_of(source.data() + source.size(), end, Blank);
}

}  // namespace

BlockParser::BlockParser(const EventLimits& limits) : limits_(limits), line_parser_(limits) {
  // As EventParser: the document itself counts as a level (simdjson keeps
  // the depth when its buffers grow).
  if (block_parser_.allocate(kInitialCapacity, limits.max_depth + 1)) block_parser_ = simdjson::dom::parser();
}

void BlockParser::Parse(const LineBlock& block, uint64_t parse_from, BadEvents* bad,
                        absl::FunctionRef<void(const ParsedLine&)> visit) {
  const char* p = block.data.data();
  const char* const end = p + block.size;
  ParsedLine parsed;
  parsed.number = block.first_line;
  auto next_line = [&] {
    const auto* newline = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    parsed.text = std::string_view(p, static_cast<size_t>(newline - p));
    p = newline + 1;
  };
  for (; p < end && parsed.number < parse_from; ++parsed.number) {
    next_line();
    if (BlankLine(parsed.text)) continue;
    parsed.skipped = true;
    visit(parsed);
  }
  parsed.skipped = false;
  if (p == end) return;

  const char* const stream_base = p;  // simdjson's indexes count from here
  simdjson::dom::document_stream stream;
  // One batch for the whole block: a second batch would start simdjson's
  // stage-1 thread for every block.
  const auto size = static_cast<size_t>(end - p);
  bool together = block_parser_.capacity() > 0 && !block_parser_.parse_many(p, size, size).get(stream);
  simdjson::dom::document_stream::iterator doc;
  if (together) doc = stream.begin();
  std::string reason;
  for (; p < end; ++parsed.number) {
    next_line();
    if (BlankLine(parsed.text)) continue;
    simdjson::dom::element event;
    if (together) {
      together = doc != stream.end() && parsed.text.size() <= limits_.max_event_bytes && !(*doc).get(event) &&
                 IsTheLine(parsed.text, stream_base + doc.current_index(), doc.source());
      if (together) {
        parsed.event = &event;
        parsed.reason = {};
        visit(parsed);
        ++doc;
        continue;
      }
      ++blocks_by_line_;
    }
    switch (line_parser_.Parse(parsed.text, &event, bad, &reason)) {
      case EventParser::Outcome::kBlank: continue;  // not reached: blank lines are skipped above
      case EventParser::Outcome::kBad:
        parsed.event = nullptr;
        parsed.reason = reason;
        break;
      case EventParser::Outcome::kEvent:
        parsed.event = &event;
        parsed.reason = {};
        break;
    }
    visit(parsed);
  }
}

}  // namespace alert::engine
