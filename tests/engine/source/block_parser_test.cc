// The block parser: every line of a block gets the verdict EventParser gives
// it alone (the same document, or the same reason and count), whether the
// block was parsed together or fell back to lines; clean blocks are parsed
// together.

#include "engine/source/block_parser.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include <simdjson.h>

namespace alert::engine {
namespace {

struct Verdict {
  uint64_t number;
  std::string text;
  std::string event;  // the document, minified; empty when not usable
  std::string reason;
  bool skipped = false;
  bool operator==(const Verdict&) const = default;
};

LineBlock BlockOf(const std::string& lines, uint64_t first_line = 1) {
  LineBlock block;
  block.data.assign(lines.begin(), lines.end());
  block.data.resize(lines.size() + simdjson::SIMDJSON_PADDING, '\0');
  block.size = lines.size();
  block.first_line = first_line;
  return block;
}

std::vector<Verdict> Together(BlockParser& parser, const LineBlock& block, uint64_t parse_from, BadEvents* bad) {
  std::vector<Verdict> out;
  parser.Parse(block, parse_from, bad, [&](const ParsedLine& line) {
    out.push_back(Verdict{line.number, std::string(line.text),
                          line.event ? simdjson::to_string(*line.event) : std::string(), std::string(line.reason),
                          line.skipped});
  });
  return out;
}

// The reference: each line alone through EventParser.
std::vector<Verdict> OneByOne(const EventLimits& limits, const LineBlock& block, uint64_t parse_from, BadEvents* bad) {
  EventParser parser(limits);
  std::vector<Verdict> out;
  block.ForEachLine([&](uint64_t number, std::string_view line) {
    if (BlankLine(line)) return;
    if (number < parse_from) {
      out.push_back(Verdict{number, std::string(line), "", "", true});
      return;
    }
    simdjson::dom::element event;
    std::string reason;
    const auto outcome = parser.Parse(line, &event, bad, &reason);
    out.push_back(Verdict{number, std::string(line),
                          outcome == EventParser::Outcome::kEvent ? simdjson::to_string(event) : std::string(), reason});
  });
  return out;
}

void ExpectSameAsOneByOne(const std::string& lines, const EventLimits& limits = {}, uint64_t parse_from = 0) {
  const LineBlock block = BlockOf(lines, 10);
  BlockParser parser(limits);
  BadEvents together_bad, alone_bad;
  EXPECT_EQ(Together(parser, block, parse_from, &together_bad), OneByOne(limits, block, parse_from, &alone_bad))
      << lines;
  EXPECT_EQ(together_bad.malformed, alone_bad.malformed) << lines;
  EXPECT_EQ(together_bad.invalid_json, alone_bad.invalid_json) << lines;
  EXPECT_EQ(together_bad.oversized, alone_bad.oversized) << lines;
  EXPECT_EQ(together_bad.too_deep, alone_bad.too_deep) << lines;
}

TEST(BlockParser, ParsesACleanBlockTogether) {
  const LineBlock block = BlockOf("{\"a\":1}\n\n  [2, 3] \r\n{\"b\":{\"c\":\"d\"}}\n", 5);
  BlockParser parser(EventLimits{});
  BadEvents bad;
  const auto verdicts = Together(parser, block, 0, &bad);
  ASSERT_EQ(verdicts.size(), 3u);
  EXPECT_EQ(verdicts[0], (Verdict{5, "{\"a\":1}", "{\"a\":1}", ""}));
  EXPECT_EQ(verdicts[1], (Verdict{7, "  [2, 3] \r", "[2,3]", ""}));
  EXPECT_EQ(verdicts[2], (Verdict{8, "{\"b\":{\"c\":\"d\"}}", "{\"b\":{\"c\":\"d\"}}", ""}));
  EXPECT_EQ(parser.blocks_by_line(), 0u);
  EXPECT_EQ(bad.malformed, 0u);
}

TEST(BlockParser, ALineThatIsNotOneDocumentGetsItsOwnVerdict) {
  const std::vector<std::string> odd = {
      "{\"a\":",                 // cut short: with the next line it would be a document
      "1 2",                     // two documents on one line
      "{\"a\":1}{\"b\":2}",      // two, no space between
      "{\"a\":1} x",             // trailing garbage
      "\xEF\xBB\xBF{\"bom\":1}",  // a byte order mark, which a line may start with
      "{\"n\":1e999}",           // out of range
      "{\"n\":123456789012345678901234567890}",  // wider than simdjson holds: narrowed
      "\"a string\"",            // a scalar
      "17",
      "{\"s\":\"\xC3\x28\"}",     // not UTF-8
      "{\"a\":[[[[1]]]]}",       // deeper than the limit below
      "{\"long\":\"" + std::string(200, 'x') + "\"}",  // over the size limit below
      "}",
  };
  const EventLimits limits{100, 4};
  for (const std::string& line : odd) {
    ExpectSameAsOneByOne("{\"before\":1}\n" + line + "\n{\"after\":2}\n1}\n{\"last\":3}\n", limits);
    ExpectSameAsOneByOne(line + "\n{\"after\":2}\n", limits);
  }
}

TEST(BlockParser, FallsBackOnlyForABlockWithAnOddLine) {
  BlockParser parser(EventLimits{});
  BadEvents bad;
  Together(parser, BlockOf("{\"a\":1}\n{\"b\":2}\n"), 0, &bad);
  EXPECT_EQ(parser.blocks_by_line(), 0u);
  Together(parser, BlockOf("{\"a\":1}\n{\"b\":\n"), 0, &bad);
  EXPECT_EQ(parser.blocks_by_line(), 1u);
  Together(parser, BlockOf("{\"c\":3}\n"), 0, &bad);
  EXPECT_EQ(parser.blocks_by_line(), 1u);
  EXPECT_EQ(bad.invalid_json, 1u);
}

TEST(BlockParser, LinesBeforeTheStartAreSkippedNotParsed) {
  ExpectSameAsOneByOne("{\"a\":1}\nnot json\n\n{\"b\":2}\n{\"c\":\n{\"d\":4}\n", EventLimits{}, 13);
  ExpectSameAsOneByOne("{\"a\":1}\nnot json\n", EventLimits{}, 100);
}

// Random blocks of good and bad lines against the reference.
TEST(BlockParser, AgreesWithEventParserOnRandomBlocks) {
  const std::vector<std::string> pieces = {
      "{\"a\":1}", "{\"b\":[1,2,{\"c\":null}]}", "  {\"t\":true} ", "[]", "{}", "", "   ", "\r",
      "{\"a\":", "1}", "]", "{\"x\":1}{\"y\":2}", "3", "\"s\"", "{\"d\":[[[[[1]]]]]}", "nul", "{\"u\":\"\\u00e9\"}",
      "{\"big\":99999999999999999999999}", "{\"k\":\"" + std::string(70, 'k') + "\"}"};
  std::mt19937 rng(7);
  for (int round = 0; round < 300; ++round) {
    std::string lines;
    const int n = 1 + static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) lines += pieces[rng() % pieces.size()] + "\n";
    ExpectSameAsOneByOne(lines, EventLimits{64, 5}, rng() % 3 == 0 ? 10 + rng() % 6 : 0);
  }
}

}  // namespace
}  // namespace alert::engine
