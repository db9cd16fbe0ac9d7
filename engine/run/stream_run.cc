#include "engine/run/stream_run.h"

#include <algorithm>
#include <string>
#include <vector>

#include "engine/source/block_parser.h"

namespace alert::engine {
namespace {

// Calls use(offset, line, event) for each usable line after `skip_through`,
// counting the others, until `use` fails.
template <typename Use>
absl::StatusOr<StreamStats> ForEachEvent(LineReader& reader, const EventLimits& limits, RunOutput& output,
                                         int64_t skip_through, Use use) {
  StreamStats stats;
  BlockParser parser(limits);
  LineBlock block;
  absl::Status failed;
  // Line N is offset N - 1; lines up to skip_through's are only counted.
  const auto parse_from = static_cast<uint64_t>(std::max<int64_t>(skip_through + 2, 0));
  while (failed.ok()) {
    auto more = reader.Next(&block);
    if (!more.ok()) return more.status();
    if (!*more) break;
    parser.Parse(block, parse_from, &stats.bad, [&](const ParsedLine& line) {
      if (!failed.ok()) return;
      ++stats.events;
      if (line.skipped) {
        ++stats.skipped;
      } else if (!line.event) {
        output.Bad(line.number, line.reason);
      } else {
        failed = use(static_cast<int64_t>(line.number - 1), line.text, *line.event, stats);
      }
    });
  }
  if (!failed.ok()) return failed;
  return stats;
}

}  // namespace

absl::StatusOr<StreamStats> LoadHistory(Engine& engine, LineReader& reader, const EventLimits& limits,
                                        RunOutput& output) {
  return ForEachEvent(reader, limits, output, /*skip_through=*/-1,
                      [&](int64_t offset, std::string_view line, simdjson::dom::element event, StreamStats& stats) {
                        // History read from a file was seen live nowhere: partition -1.
                        if (engine.AddHistory(event, line, EventSource{-1, offset})) return absl::OkStatus();
                        ++stats.bad.malformed;
                        output.Bad(static_cast<uint64_t>(offset + 1), "history event without a time at the time path");
                        return absl::OkStatus();
                      });
}

absl::StatusOr<StreamStats> RunStream(Engine& engine, LineReader& reader, const EventLimits& limits,
                                      RunOutput& output, const StreamOptions& options) {
  std::vector<Notification> decided;
  std::string lines;
  uint64_t since_checkpoint = 0;
  auto stats = ForEachEvent(
      reader, limits, output, options.skip_through,
      [&](int64_t offset, std::string_view line, simdjson::dom::element event, StreamStats& so_far) {
        decided.clear();
        const absl::Status processed = engine.Process(event, line, offset, &decided);
        if (!decided.empty()) {
          lines.clear();
          for (const Notification& n : decided) {
            lines += n.ToJson();
            lines += '\n';
          }
          output.Lines(lines);
        }
        if (!processed.ok()) return processed;
        if (options.checkpoint && options.checkpoint_every > 0 && ++since_checkpoint >= options.checkpoint_every) {
          since_checkpoint = 0;
          return options.checkpoint(so_far);
        }
        return absl::OkStatus();
      });
  if (stats.ok() && options.checkpoint) {
    if (auto done = options.checkpoint(*stats); !done.ok()) return done;
  }
  return stats;
}

}  // namespace alert::engine
