// alert-floor EVENTS [--dom]: parsing alone, the floor of bench/run_bench.sh.
// Reads NDJSON the way `alertc run` does (engine::LineReader) and parses each
// line with simdjson: on-demand, every key and value read (default), or the
// DOM parser (--dom). Prints {"events": N, "malformed_events": M, "seconds": S, ...}.

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <iostream>
#include <string>

#include <fmt/format.h>
#include <simdjson.h>

#include "bench/common/ondemand_walk.h"
#include "engine/source/line_reader.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: alert-floor EVENTS.ndjson|- [--dom]\n";
    return 2;
  }
  const std::string path = argv[1];
  const bool dom = argc > 2 && std::string(argv[2]) == "--dom";
  const int fd = path == "-" ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    std::cerr << "alert-floor: cannot read " << path << "\n";
    return 2;
  }
  constexpr size_t kMaxEvent = size_t{1} << 20;
  alert::engine::LineReader reader(fd, size_t{1} << 20, kMaxEvent);
  alert::engine::LineBlock block;
  simdjson::ondemand::parser ondemand(kMaxEvent);
  simdjson::dom::parser parser(kMaxEvent);
  uint64_t events = 0, malformed = 0;
  size_t checksum = 0;
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    auto more = reader.Next(&block);
    if (!more.ok() || !*more) break;
    const char* end = block.data.data() + block.size;
    block.ForEachLine([&](uint64_t, std::string_view line) {
      if (line.empty()) return;
      ++events;
      if (dom) {
        malformed += parser.parse(line.data(), line.size(), false).error() != simdjson::SUCCESS;
        return;
      }
      // The line's padding is the rest of the block, as in alertc run.
      simdjson::ondemand::document doc;
      const simdjson::padded_string_view view(line.data(), line.size(),
                                              static_cast<size_t>(end - line.data()) + simdjson::SIMDJSON_PADDING);
      if (ondemand.iterate(view).get(doc)) {
        ++malformed;
      } else {
        checksum += alert::bench::WalkOnDemand(doc);
      }
    });
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::cout << fmt::format(
      "{{\"events\": {}, \"malformed_events\": {}, \"seconds\": {:.6f}, \"checksum\": {}, \"peak_rss_bytes\": {}}}\n",
      events, malformed, seconds, checksum, usage.ru_maxrss * 1024);
  return 0;
}
