#include "engine/source/line_reader.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <simdjson.h>

namespace alert::engine {

namespace {

constexpr size_t kSlack = size_t{1} << 16;  // read-ahead beyond one block

}  // namespace

// Buffers start at the block size and grow with the longest line seen, up to
// the line limit: a large limit costs nothing until a line needs it.
LineReader::LineReader(int fd, size_t block_bytes, size_t max_line_bytes)
    : fd_(fd), block_bytes_(block_bytes), max_line_bytes_(max_line_bytes), pending_(block_bytes + kSlack) {}

absl::StatusOr<bool> LineReader::ReadMore() {
  if (eof_) return false;
  if (start_ > 0) {
    std::memmove(pending_.data(), pending_.data() + start_, end_ - start_);
    end_ -= start_;
    start_ = 0;
  }
  if (end_ == pending_.size()) {
    // One unfinished line fills the buffer, and it is not over the limit
    // yet (Next cuts it once it is): room for the limit plus one byte is
    // the most ever needed.
    pending_.resize(std::min(pending_.size() * 2, max_line_bytes_ + 1 + kSlack));
  }
  for (;;) {
    const ssize_t n = ::read(fd_, pending_.data() + end_, pending_.size() - end_);
    if (n > 0) {
      end_ += static_cast<size_t>(n);
      bytes_read_ += static_cast<uint64_t>(n);
      return true;
    }
    if (n == 0) {
      eof_ = true;
      return false;
    }
    if (errno != EINTR) return absl::ErrnoToStatus(errno, "reading events");
  }
}

void LineReader::Append(LineBlock* block, const char* p, size_t n, bool add_newline) {
  const size_t need = block->size + n + 1 + simdjson::SIMDJSON_PADDING;
  if (block->data.size() < need) {
    block->data.resize(std::max({need, block->data.size() * 2, block_bytes_ + kSlack}));
  }
  std::memcpy(block->data.data() + block->size, p, n);
  block->size += n;
  if (add_newline) block->data[block->size++] = '\n';
  std::memset(block->data.data() + block->size, 0, simdjson::SIMDJSON_PADDING);
}

absl::StatusOr<bool> LineReader::Next(LineBlock* block) {
  block->size = 0;
  block->first_line = next_line_;
  while (block->size < block_bytes_) {
    const char* p = pending_.data() + start_;
    const size_t n = end_ - start_;
    const auto* newline = static_cast<const char*>(n ? std::memchr(p, '\n', n) : nullptr);
    if (discarding_) {
      if (newline) {
        start_ += static_cast<size_t>(newline - p) + 1;
        discarding_ = false;
        continue;
      }
      start_ = end_;
    } else if (newline) {
      const auto length = static_cast<size_t>(newline - p);
      if (length > max_line_bytes_) {
        Append(block, p, max_line_bytes_ + 1, true);
      } else {
        Append(block, p, length + 1, false);
      }
      start_ += length + 1;
      ++next_line_;
      continue;
    } else if (n > max_line_bytes_) {
      Append(block, p, max_line_bytes_ + 1, true);
      ++next_line_;
      discarding_ = true;
      start_ = end_;
    } else if (eof_) {
      if (n > 0) {
        Append(block, p, n, true);
        ++next_line_;
        start_ = end_;
      }
      break;
    }
    auto more = ReadMore();
    if (!more.ok()) return more.status();
    if (!*more && start_ == end_) break;
  }
  return block->size > 0;
}

}  // namespace alert::engine
