#pragma once

// A block of NDJSON lines to documents, parsed together: simdjson's
// parse_many runs its first stage (the structural index and the UTF-8
// check) once over the whole block rather than once per line. Each document
// it yields is taken only when it is exactly one line's content (starting at
// the line's first byte that is not a space, tab or carriage return, ending
// where the rest of the line is blank). Where that does not hold (a line
// that is not valid JSON, two documents on one line, one document over two
// lines, a line over the size limit, a byte order mark, a number wider than
// simdjson holds), the rest of the block is parsed line by line with
// EventParser, so that every line gets the verdict it would get alone and
// bad lines are counted exactly as before.

#include <cstdint>
#include <string_view>

#include <absl/functional/function_ref.h>
#include <simdjson.h>

#include "engine/source/event_parser.h"
#include "engine/source/line_reader.h"

namespace alert::engine {

// One non-blank line of a block: its event, or why it cannot be used.
struct ParsedLine {
  uint64_t number = 0;                         // 1-based line number
  std::string_view text;                       // without its '\n'
  const simdjson::dom::element* event = nullptr;  // null when not usable or skipped
  std::string_view reason;                     // why not usable; empty when skipped
  bool skipped = false;                        // before `parse_from`: not parsed
};

class BlockParser {
 public:
  explicit BlockParser(const EventLimits& limits);

  // Calls visit for each non-blank line of `block` in order. Lines numbered
  // below `parse_from` are only reported as skipped. Lines that cannot be
  // used are counted in `bad`. Each event lives until visit returns.
  void Parse(const LineBlock& block, uint64_t parse_from, BadEvents* bad,
             absl::FunctionRef<void(const ParsedLine&)> visit);

  // Blocks of which some lines were parsed one by one (tests).
  uint64_t blocks_by_line() const { return blocks_by_line_; }

 private:
  EventLimits limits_;
  EventParser line_parser_;
  simdjson::dom::parser block_parser_;
  uint64_t blocks_by_line_ = 0;
};

}  // namespace alert::engine
