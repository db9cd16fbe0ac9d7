// libFuzzer target over blocks of NDJSON lines: the block parser (parse_many
// over the block, falling back to lines where a line is not exactly one
// document) must give every line the verdict EventParser gives it alone:
// the same document or the same reason, and the same counts.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <simdjson.h>

#include "engine/source/block_parser.h"

namespace {

using alert::engine::BadEvents;
using alert::engine::EventLimits;

constexpr EventLimits kLimits{512, 8};

std::vector<std::string> Together(const alert::engine::LineBlock& block, BadEvents* bad) {
  static alert::engine::BlockParser parser(kLimits);  // kept, as a worker keeps it
  std::vector<std::string> out;
  parser.Parse(block, 0, bad, [&](const alert::engine::ParsedLine& line) {
    out.push_back(std::to_string(line.number) + (line.event ? " " + simdjson::to_string(*line.event)
                                                             : " bad " + std::string(line.reason)));
  });
  return out;
}

std::vector<std::string> OneByOne(const alert::engine::LineBlock& block, BadEvents* bad) {
  alert::engine::EventParser parser(kLimits);
  std::vector<std::string> out;
  std::string reason;
  block.ForEachLine([&](uint64_t number, std::string_view line) {
    simdjson::dom::element event;
    switch (parser.Parse(line, &event, bad, &reason)) {
      case alert::engine::EventParser::Outcome::kBlank: return;
      case alert::engine::EventParser::Outcome::kBad: out.push_back(std::to_string(number) + " bad " + reason); return;
      case alert::engine::EventParser::Outcome::kEvent:
        out.push_back(std::to_string(number) + " " + simdjson::to_string(event));
        return;
    }
  });
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string lines(reinterpret_cast<const char*>(data), size);
  if (!lines.empty() && lines.back() != '\n') lines += '\n';  // as LineReader ends a last line
  alert::engine::LineBlock block;
  block.data.assign(lines.begin(), lines.end());
  block.data.resize(lines.size() + simdjson::SIMDJSON_PADDING, '\0');
  block.size = lines.size();
  BadEvents together_bad, alone_bad;
  if (Together(block, &together_bad) != OneByOne(block, &alone_bad)) __builtin_trap();
  if (together_bad.malformed != alone_bad.malformed || together_bad.invalid_json != alone_bad.invalid_json ||
      together_bad.oversized != alone_bad.oversized || together_bad.too_deep != alone_bad.too_deep) {
    __builtin_trap();
  }
  return 0;
}
