#include "compiler/diag/source.h"

#include <algorithm>

namespace alert::diag {

namespace {

// Every byte that is not a UTF-8 continuation byte starts a code point.
bool StartsCodePoint(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

}  // namespace

Source::Source(std::string name, std::string text) : name_(std::move(name)), text_(std::move(text)) {
  line_begins_.push_back(0);
  uint32_t code_points = 0;
  for (uint32_t i = 0; i < text_.size(); ++i) {
    if (i % kStride == 0) code_points_at_stride_.push_back(code_points);
    if (text_[i] == '\n') line_begins_.push_back(i + 1);
    code_points += StartsCodePoint(text_[i]);
  }
}

uint32_t Source::CodePointsBefore(uint32_t offset) const {
  if (code_points_at_stride_.empty()) return 0;
  const uint32_t stride = std::min<uint32_t>(offset / kStride, static_cast<uint32_t>(code_points_at_stride_.size() - 1));
  uint32_t n = code_points_at_stride_[stride];
  for (uint32_t i = stride * kStride; i < offset; ++i) n += StartsCodePoint(text_[i]);
  return n;
}

Position Source::PositionOf(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  auto it = std::upper_bound(line_begins_.begin(), line_begins_.end(), offset);
  const uint32_t line = static_cast<uint32_t>(it - line_begins_.begin());
  return {line, CodePointsBefore(offset) - CodePointsBefore(line_begins_[line - 1]) + 1};
}

std::string_view Source::LineText(uint32_t line) const {
  const uint32_t begin = line_begins_[line - 1];
  uint32_t end = line < line_begins_.size() ? line_begins_[line] - 1 : static_cast<uint32_t>(text_.size());
  if (end > begin && text_[end - 1] == '\r') --end;
  return std::string_view(text_).substr(begin, end - begin);
}

}  // namespace alert::diag
