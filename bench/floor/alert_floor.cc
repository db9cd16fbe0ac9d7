// alert-floor EVENTS [--dom]: parsing alone, the floor of bench/run_bench.sh.
// Reads NDJSON the way `alertc run` does (engine::LineReader) and parses each
// block of lines with simdjson's document streams: on-demand with every key
// and value read (iterate_many, default), or the DOM parser (parse_many,
// --dom). Prints {"events": N, "malformed_events": M, "seconds": S, ...}.

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <iostream>
#include <string>
#include <type_traits>

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
  simdjson::ondemand::parser ondemand;
  simdjson::dom::parser parser;
  uint64_t events = 0, malformed = 0;
  size_t checksum = 0;
  const auto start = std::chrono::steady_clock::now();
  constexpr size_t kBatch = size_t{1} << 21;  // one batch per block of about 1 MiB
  for (;;) {
    auto more = reader.Next(&block);
    if (!more.ok() || !*more) break;
    const size_t batch = std::max(kBatch, block.size);
    // A block at a time, as simdjson recommends for NDJSON; a broken line
    // ends the block's stream (counted once): the workloads have none.
    auto each = [&](auto stream, auto use) {
      std::remove_cvref_t<decltype(stream.value_unsafe())> docs;
      if (std::move(stream).get(docs)) {
        ++malformed;
        return;
      }
      for (auto doc : docs) {
        ++events;
        if (doc.error()) {
          ++malformed;
          return;
        }
        use(doc.value_unsafe());
      }
    };
    if (dom) {
      each(parser.parse_many(block.data.data(), block.size, batch), [](simdjson::dom::element) {});
    } else {
      each(ondemand.iterate_many(block.data.data(), block.size, batch),
           [&](auto doc) { checksum += alert::bench::WalkOnDemand(doc); });
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::cout << fmt::format(
      "{{\"events\": {}, \"malformed_events\": {}, \"seconds\": {:.6f}, \"checksum\": {}, \"peak_rss_bytes\": {}}}\n",
      events, malformed, seconds, checksum, usage.ru_maxrss * 1024);
  return 0;
}
