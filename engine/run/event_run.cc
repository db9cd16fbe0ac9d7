#include "engine/run/event_run.h"

#include <condition_variable>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include <simdjson.h>

#include "engine/source/block_parser.h"
#include "runtime/json/json_string.h"

namespace alert::engine {
namespace {

// What one worker thread owns.
struct Worker {
  BlockParser parser;
  std::unique_ptr<RuleSource::Scratch> scratch;
  std::vector<uint32_t> matched;
  RunStats stats;
  // Output of the current block, written in input order.
  std::string matches;
  std::vector<std::pair<uint64_t, std::string>> bad;

  Worker(const RuleSet& rules, const RunOptions& options)
      : parser(EventLimits{options.max_event_bytes, options.max_depth}), scratch(rules.NewScratch()) {
    stats.counts.resize(rules.capacity());
  }
};

void ProcessBlock(const RuleSet& rules, const RunOptions& options, const LineBlock& block, Worker& w) {
  w.matches.clear();
  w.bad.clear();
  w.parser.Parse(block, /*parse_from=*/0, &w.stats.bad, [&](const ParsedLine& line) {
    ++w.stats.events;
    if (!line.event) {
      w.bad.emplace_back(line.number, std::string(line.reason));
      return;
    }
    const uint64_t line_number = line.number;
    const std::string_view tenant = rules.Match(*line.event, *w.scratch, &w.matched);
    for (const uint32_t rule : w.matched) {
      ++w.stats.counts[rule];
      if (!options.emit_matches) continue;
      w.matches += "{\"line\": ";
      w.matches += std::to_string(line_number);
      w.matches += ", \"rule_id\": ";
      json::AppendString(w.matches, rules.rule(rule)->rule->id);
      w.matches += ", \"tenant\": ";
      if (tenant.empty()) {
        w.matches += "null";
      } else {
        json::AppendString(w.matches, tenant);
      }
      w.matches += "}\n";
    }
    const uint64_t matched = w.matched.size();
    w.stats.matched += matched;
    w.stats.events_matched += matched > 0;
  });
}

void Emit(const Worker& w, RunOutput& output) {
  for (const auto& [line, reason] : w.bad) output.Bad(line, reason);
  if (!w.matches.empty()) output.Lines(w.matches);
}

}  // namespace

void RunStats::Add(const RunStats& o) {
  events += o.events;
  matched += o.matched;
  events_matched += o.events_matched;
  bad.Add(o.bad);
  evaluated += o.evaluated;
  if (counts.size() < o.counts.size()) counts.resize(o.counts.size());
  for (size_t i = 0; i < o.counts.size(); ++i) counts[i] += o.counts[i];
}

absl::StatusOr<RunStats> RunEvents(const RuleSet& rules, LineReader& reader, const RunOptions& options,
                                   RunOutput& output) {
  RunStats total;
  total.counts.resize(rules.capacity());
  if (options.threads <= 1) {
    Worker worker(rules, options);
    LineBlock block;
    for (;;) {
      auto more = reader.Next(&block);
      if (!more.ok()) return more.status();
      if (!*more) break;
      ProcessBlock(rules, options, block, worker);
      Emit(worker, output);
    }
    worker.stats.evaluated = worker.scratch->evaluated;
    total.Add(worker.stats);
    return total;
  }

  // The reader fills free blocks and queues them; workers process them and
  // write their output in turn, by sequence number.
  struct Item {
    std::unique_ptr<LineBlock> block;
    uint64_t sequence = 0;
  };
  std::mutex mu;
  std::condition_variable changed;
  std::deque<std::unique_ptr<LineBlock>> free_blocks;
  std::deque<Item> work;
  bool done = false;
  uint64_t next_to_write = 0;
  for (int i = 0; i < 2 * options.threads + 1; ++i) free_blocks.push_back(std::make_unique<LineBlock>());

  std::vector<std::unique_ptr<Worker>> workers;
  for (int i = 0; i < options.threads; ++i) workers.push_back(std::make_unique<Worker>(rules, options));
  std::vector<std::thread> threads;
  for (int i = 0; i < options.threads; ++i) {
    threads.emplace_back([&, w = workers[static_cast<size_t>(i)].get()] {
      for (;;) {
        Item item;
        {
          std::unique_lock lock(mu);
          changed.wait(lock, [&] { return !work.empty() || done; });
          if (work.empty()) return;
          item = std::move(work.front());
          work.pop_front();
        }
        ProcessBlock(rules, options, *item.block, *w);
        std::unique_lock lock(mu);
        changed.wait(lock, [&] { return next_to_write == item.sequence; });
        Emit(*w, output);
        ++next_to_write;
        free_blocks.push_back(std::move(item.block));
        changed.notify_all();
      }
    });
  }

  absl::Status status;
  for (uint64_t sequence = 0;; ++sequence) {
    std::unique_ptr<LineBlock> block;
    {
      std::unique_lock lock(mu);
      changed.wait(lock, [&] { return !free_blocks.empty(); });
      block = std::move(free_blocks.front());
      free_blocks.pop_front();
    }
    auto more = reader.Next(block.get());
    std::unique_lock lock(mu);
    if (!more.ok() || !*more) {
      if (!more.ok()) status = more.status();
      done = true;
      changed.notify_all();
      break;
    }
    work.push_back(Item{std::move(block), sequence});
    changed.notify_all();
  }
  for (auto& t : threads) t.join();
  if (!status.ok()) return status;
  for (const auto& w : workers) {
    w->stats.evaluated = w->scratch->evaluated;
    total.Add(w->stats);
  }
  return total;
}

}  // namespace alert::engine
