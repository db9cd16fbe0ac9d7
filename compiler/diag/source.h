#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace alert::diag {

// A half-open byte range [begin, end) in one Source.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;

  static Span Join(Span a, Span b) { return {a.begin < b.begin ? a.begin : b.begin, a.end > b.end ? a.end : b.end}; }
};

// A 1-based position as rule authors count: the column counts Unicode code
// points from the start of the line, a tab being one column.
struct Position {
  uint32_t line = 1;
  uint32_t column = 1;
};

// The text of one rule file (or one query) and its name. Owns the text; maps
// byte offsets to lines and columns. Immutable once built, so it may be shared
// between threads.
class Source {
 public:
  Source(std::string name, std::string text);

  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }

  // O(1) in the text's size: a long line costs no more than a short one.
  Position PositionOf(uint32_t offset) const;
  // The text of the 1-based `line`, without its line terminator (`\n`, `\r\n`).
  std::string_view LineText(uint32_t line) const;
  // The byte offset where the 1-based `line` begins.
  uint32_t LineBegin(uint32_t line) const { return line_begins_[line - 1]; }
  uint32_t LineCount() const { return static_cast<uint32_t>(line_begins_.size()); }

 private:
  // Code points before each multiple of kStride bytes: a position's column
  // is counted from the nearest one, never from the line's start.
  static constexpr uint32_t kStride = 4096;
  uint32_t CodePointsBefore(uint32_t offset) const;

  std::string name_;
  std::string text_;
  std::vector<uint32_t> line_begins_;
  std::vector<uint32_t> code_points_at_stride_;
};

}  // namespace alert::diag
