#pragma once

// NDJSON input as blocks of whole lines, padded as simdjson requires, so that
// a block can be handed to another thread and each line parsed in place.
// Memory grows with the input's longest line and is bounded by the block
// size and the line limit, whatever the input: a line longer than the limit
// is cut to one byte over it (the rest is dropped), so whoever reads the
// block sees it is too long.

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include <absl/status/statusor.h>

namespace alert::engine {

struct LineBlock {
  // The lines, each ending with '\n', followed by at least
  // simdjson::SIMDJSON_PADDING bytes the block owns.
  std::vector<char> data;
  size_t size = 0;
  uint64_t first_line = 1;  // the 1-based number of the block's first line
  std::string_view text() const { return {data.data(), size}; }

  // Calls visit(line_number, line) for each line, without its '\n'. The
  // bytes after a line (the rest of the block, then the padding) are
  // simdjson's padding for it.
  template <typename Visit>
  void ForEachLine(Visit&& visit) const {
    const char* p = data.data();
    const char* end = p + size;
    for (uint64_t number = first_line; p < end; ++number) {
      const auto* newline = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
      visit(number, std::string_view(p, static_cast<size_t>(newline - p)));
      p = newline + 1;
    }
  }
};

class LineReader {
 public:
  // Reads `fd` (not owned) in blocks of about `block_bytes`.
  LineReader(int fd, size_t block_bytes, size_t max_line_bytes);

  // Fills `block` with the next lines (a last line without '\n' gets one).
  // Returns false at the end of the input, with the block empty; an error
  // when reading fails.
  absl::StatusOr<bool> Next(LineBlock* block);

  uint64_t bytes_read() const { return bytes_read_; }

 private:
  // Reads more input after the pending bytes; false at the end.
  absl::StatusOr<bool> ReadMore();
  void Append(LineBlock* block, const char* p, size_t n, bool add_newline);

  int fd_;
  size_t block_bytes_;
  size_t max_line_bytes_;
  std::vector<char> pending_;
  size_t start_ = 0, end_ = 0;
  bool eof_ = false;
  bool discarding_ = false;  // inside a line past the limit: drop up to its '\n'
  uint64_t next_line_ = 1;
  uint64_t bytes_read_ = 0;
};

}  // namespace alert::engine
