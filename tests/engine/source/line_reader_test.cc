// The line reader: whole lines in blocks, padded, numbered; long lines cut so
// memory stays bounded; a last line without a newline.

#include "engine/source/line_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <thread>
#include <vector>

#include <simdjson.h>

namespace alert::engine {
namespace {

struct Line {
  uint64_t number;
  std::string text;
  bool operator==(const Line&) const = default;
};

// Everything `input` reads as, written through a pipe in small pieces.
std::vector<Line> ReadAll(const std::string& input, size_t block_bytes, size_t max_line) {
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  std::thread writer([&] {
    for (size_t at = 0; at < input.size(); at += 7) {
      const size_t n = std::min<size_t>(7, input.size() - at);
      EXPECT_EQ(::write(fds[1], input.data() + at, n), static_cast<ssize_t>(n));
    }
    ::close(fds[1]);
  });
  LineReader reader(fds[0], block_bytes, max_line);
  LineBlock block;
  std::vector<Line> lines;
  for (;;) {
    auto more = reader.Next(&block);
    EXPECT_TRUE(more.ok());
    if (!*more) break;
    EXPECT_GE(block.data.size(), block.size + simdjson::SIMDJSON_PADDING);
    uint64_t number = block.first_line;
    std::string_view text = block.text();
    EXPECT_EQ(text.back(), '\n');
    while (!text.empty()) {
      const size_t newline = text.find('\n');
      lines.push_back({number++, std::string(text.substr(0, newline))});
      text.remove_prefix(newline + 1);
    }
  }
  writer.join();
  ::close(fds[0]);
  EXPECT_EQ(reader.bytes_read(), input.size());
  return lines;
}

TEST(LineReader, SplitsWholeLinesAcrossBlocksAndNumbersThem) {
  std::string input;
  std::vector<Line> want;
  for (int i = 1; i <= 500; ++i) {
    std::string line = "{\"n\": " + std::to_string(i) + ", \"pad\": \"" + std::string(static_cast<size_t>(i % 37), 'x') + "\"}";
    if (i % 50 == 0) line.clear();  // blank lines keep their numbers
    input += line + "\n";
    want.push_back({static_cast<uint64_t>(i), line});
  }
  EXPECT_EQ(ReadAll(input, 64, 1000), want);
  EXPECT_EQ(ReadAll(input, 1 << 20, 1000), want);
}

TEST(LineReader, CutsLongLinesToOneByteOverTheLimit) {
  const std::string input = "short\n" + std::string(5000, 'a') + "\nafter\n" + std::string(3000, 'b');
  const auto lines = ReadAll(input, 256, 100);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], (Line{1, "short"}));
  EXPECT_EQ(lines[1], (Line{2, std::string(101, 'a')}));
  EXPECT_EQ(lines[2], (Line{3, "after"}));
  EXPECT_EQ(lines[3], (Line{4, std::string(101, 'b')}));
}

TEST(LineReader, ALastLineWithoutNewlineAndEmptyInput) {
  EXPECT_EQ(ReadAll("{}\n{\"a\":1}", 1024, 100), (std::vector<Line>{{1, "{}"}, {2, "{\"a\":1}"}}));
  EXPECT_TRUE(ReadAll("", 1024, 100).empty());
}

TEST(LineReader, BuffersGrowWithTheInputNotWithTheLimit) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const std::string input = "{\"a\":1}\n" + std::string(300000, 'x') + "\n{\"b\":2}\n";
  std::thread writer([&] {
    EXPECT_EQ(::write(fds[1], input.data(), input.size()), static_cast<ssize_t>(input.size()));
    ::close(fds[1]);
  });
  // A limit of 4 GiB on a small input costs no more than the input.
  LineReader reader(fds[0], 4096, size_t{4} << 30);
  LineBlock block;
  size_t lines = 0, largest = 0;
  for (;;) {
    auto more = reader.Next(&block);
    ASSERT_TRUE(more.ok());
    if (!*more) break;
    block.ForEachLine([&](uint64_t, std::string_view) { ++lines; });
    largest = std::max(largest, block.data.capacity());
  }
  writer.join();
  ::close(fds[0]);
  EXPECT_EQ(lines, 3u);
  EXPECT_LT(largest, size_t{2} << 20);
}

}  // namespace
}  // namespace alert::engine
