#include "compiler/diag/source.h"

#include <algorithm>

namespace alert::diag {

Source::Source(std::string name, std::string text) : name_(std::move(name)), text_(std::move(text)) {
  line_begins_.push_back(0);
  for (uint32_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_begins_.push_back(i + 1);
  }
}

Position Source::PositionOf(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  auto it = std::upper_bound(line_begins_.begin(), line_begins_.end(), offset);
  const uint32_t line = static_cast<uint32_t>(it - line_begins_.begin());
  uint32_t column = 1;
  for (uint32_t i = line_begins_[line - 1]; i < offset; ++i) {
    // Count code points: every byte that is not a UTF-8 continuation byte.
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
  }
  return {line, column};
}

std::string_view Source::LineText(uint32_t line) const {
  const uint32_t begin = line_begins_[line - 1];
  uint32_t end = line < line_begins_.size() ? line_begins_[line] - 1 : static_cast<uint32_t>(text_.size());
  if (end > begin && text_[end - 1] == '\r') --end;
  return std::string_view(text_).substr(begin, end - begin);
}

}  // namespace alert::diag
