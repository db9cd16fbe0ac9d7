// alertc run RULES --events EVENTS: streams NDJSON events through the
// windowed engine and prints alert notifications; with --counts, only the
// number of `when` matches of every rule (the stateless path, which can use
// several threads).

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "compiler/sema/check.h"
#include "engine/history/history_store.h"
#include "engine/rules/new_engine.h"
#include "engine/rules/rule_set.h"
#include "engine/run/event_run.h"
#include "engine/run/settings.h"
#include "engine/run/stream_run.h"
#include "engine/stream/engine.h"
#include "runtime/json/json_string.h"
#include "runtime/jsonpath/evaluate.h"
#include "tools/alertc/commands.h"
#include "tools/alertc/input.h"
#include "tools/alertc/run_state.h"

namespace alert::alertc {
namespace {

struct RunCommandOptions {
  std::string rules;
  std::string events;
  std::string history;
  bool counts = false;
  std::string engine = "jit";
  int threads = 1;
  std::vector<std::string> settings;
  std::string stats;
  std::string state;
  uint64_t checkpoint_every = 10'000;
  bool wait_for_compiles = false;
};

using Settings = engine::RunSettings;

bool ParseSettings(const std::vector<std::string>& pairs, Settings* settings) {
  for (const std::string& pair : pairs) {
    if (auto error = engine::ApplySetting(pair, settings)) {
      std::cerr << "alertc: " << *error << "\n";
      return false;
    }
  }
  return true;
}

// Writes output lines to stdout and the first bad lines to stderr.
class ConsoleOutput : public engine::RunOutput {
 public:
  explicit ConsoleOutput(std::string events_name) : events_name_(std::move(events_name)) {}
  void Lines(std::string_view ndjson) override { std::cout.write(ndjson.data(), static_cast<std::streamsize>(ndjson.size())); }
  void Bad(uint64_t line, std::string_view reason) override {
    if (++bad_ <= kShown) std::cerr << "alertc: " << events_name_ << ":" << line << ": " << reason << " (skipped)\n";
  }
  void Summary(uint64_t events, const engine::BadEvents& bad) const {
    if (bad_ == 0) return;
    std::cerr << "alertc: " << events_name_ << ": " << events << " events, " << bad.malformed
              << " not usable and skipped (" << bad.invalid_json << " invalid JSON, " << bad.oversized
              << " oversized, " << bad.too_deep << " too deep)"
              << (bad_ > kShown ? "; only the first 10 are shown" : "") << "\n";
  }
  uint64_t bad() const { return bad_; }
  static constexpr uint64_t kShown = 10;

 private:
  std::string events_name_;
  uint64_t bad_ = 0;
};

uint64_t PeakRss() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<uint64_t>(usage.ru_maxrss) * 1024;
}

std::string MalformedJson(const engine::BadEvents& bad) {
  return fmt::format(
      "  \"malformed_events\": {},\n"
      "  \"malformed_by_reason\": {{\"invalid_json\": {}, \"oversized\": {}, \"too_deep\": {}}},\n",
      bad.malformed, bad.invalid_json, bad.oversized, bad.too_deep);
}

std::string ThroughputJson(uint64_t events, uint64_t bytes, double seconds) {
  return fmt::format(
      "  \"path_budget_exceeded\": {},\n"
      "  \"bytes\": {},\n  \"seconds\": {:.6f},\n  \"events_per_second\": {:.0f},\n"
      "  \"megabytes_per_second\": {:.1f},\n  \"peak_rss_bytes\": {}\n",
      jsonpath::ExhaustedEvaluations(), bytes, seconds, seconds > 0 ? static_cast<double>(events) / seconds : 0.0,
      seconds > 0 ? static_cast<double>(bytes) / seconds / 1e6 : 0.0, PeakRss());
}

// The JIT's batches: compiled, linked from the code cache (--state), failed.
std::string CodeJson(const engine::RuleSet& rules) {
  const engine::RuleCompiler::Counts c = rules.compile_counts();
  return fmt::format("  \"code_batches\": {{\"compiled\": {}, \"from_cache\": {}, \"failed\": {}}},\n", c.compiled,
                     c.from_cache, c.failed);
}

std::string CountsStatsJson(const engine::RunStats& stats, const RunCommandOptions& options, size_t rules,
                            const engine::RuleSet& rule_set, uint64_t bytes, double seconds) {
  return fmt::format(
             "{{\n  \"events\": {},\n  \"matched\": {},\n  \"events_matched\": {},\n", stats.events, stats.matched,
             stats.events_matched) +
         MalformedJson(stats.bad) +
         fmt::format("  \"evaluated\": {},\n  \"rules\": {},\n  \"engine\": \"{}\",\n  \"threads\": {},\n",
                     stats.evaluated, rules, options.engine, options.threads) +
         CodeJson(rule_set) + ThroughputJson(stats.events, bytes, seconds) + "}\n";
}

std::string AlertStatsJson(const engine::StreamStats& stream, const engine::EngineStats& e, uint64_t history,
                           const RunCommandOptions& options, size_t rules, const engine::RuleSet& rule_set,
                           uint64_t bytes, double seconds) {
  return fmt::format("{{\n  \"events\": {},\n  \"matched\": {},\n  \"late_events\": {},\n", stream.events,
                     e.matched, e.late_events) +
         MalformedJson(stream.bad) +
         fmt::format(
             "  \"alerts_fired\": {},\n  \"alerts_resolved\": {},\n  \"duplicates\": {},\n"
             "  \"untimed_events\": {},\n  \"history_events\": {},\n  \"evaluated\": {},\n  \"keys\": {},\n"
             "  \"open_windows\": {},\n  \"state_bytes\": {},\n  \"keys_refused\": {},\n  \"windows_refused\": {},\n"
             "  \"sensors_refused\": {},\n"
             "  \"rules\": {},\n  \"engine\": \"{}\",\n",
             e.alerts_fired, e.alerts_resolved, e.duplicates, e.untimed_events, history, e.evaluated, e.keys,
             e.open_windows, e.state_bytes, e.keys_refused, e.windows_refused, e.sensors_refused, rules,
             options.engine) +
         CodeJson(rule_set) + ThroughputJson(stream.events, bytes, seconds) + "}\n";
}

bool WriteStats(const std::string& path, const std::string& json) {
  if (path.empty()) return true;
  std::ofstream out(path);
  out << json;
  if (!out) {
    std::cerr << "alertc: cannot write " << path << "\n";
    return false;
  }
  return true;
}

// Opens `path` ("-": standard input) for a LineReader; -1 with a message on failure.
int OpenEvents(const std::string& path) {
  if (path == "-") return StandardInputReadable() ? STDIN_FILENO : -1;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) std::cerr << "alertc: cannot read " << path << ": " << std::strerror(errno) << "\n";
  return fd;
}

engine::RuleSetOptions::Engine EngineOf(const RunCommandOptions& options) {
  return options.engine == "interp" ? engine::RuleSetOptions::Engine::kInterp : engine::RuleSetOptions::Engine::kJit;
}

// --counts: `when` matches per rule, no window state; threads split the input.
int RunCounts(const RunCommandOptions& options, const Settings& settings, std::vector<checked::Rule> rules) {
  engine::RuleSetOptions rule_set_options;
  rule_set_options.engine = EngineOf(options);
  rule_set_options.tenant_path = settings.tenant_path;
  const size_t rule_count = rules.size();
  auto matcher = engine::RuleSet::Create(rule_set_options);
  if (matcher.ok()) {
    if (auto added = (*matcher)->Add(std::move(rules)); !added.ok()) matcher = added;
  }
  if (!matcher.ok()) {
    std::cerr << "alertc: " << matcher.status().message() << "\n";
    return 2;
  }
  const int fd = OpenEvents(options.events);
  if (fd < 0) return 2;
  engine::RunOptions run_options;
  run_options.threads = options.threads;
  run_options.max_event_bytes = settings.max_event_bytes;
  run_options.max_depth = settings.max_depth;
  run_options.emit_matches = false;
  engine::LineReader reader(fd, size_t{1} << 20, settings.max_event_bytes);
  ConsoleOutput output(DisplayName(options.events));
  std::ios::sync_with_stdio(false);

  const auto start = std::chrono::steady_clock::now();
  auto stats = engine::RunEvents(**matcher, reader, run_options, output);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (fd != STDIN_FILENO) ::close(fd);
  if (!stats.ok()) {
    std::cerr << "alertc: " << stats.status().message() << "\n";
    return 2;
  }
  std::string counts = "{";
  for (size_t i = 0; i < rule_count; ++i) {
    if (i > 0) counts += ", ";
    json::AppendString(counts, (*matcher)->rule(static_cast<uint32_t>(i))->rule->id);
    counts += ": " + std::to_string(stats->counts[i]);
  }
  std::cout << counts << "}\n";
  std::cout.flush();
  output.Summary(stats->events, stats->bad);
  return WriteStats(options.stats, CountsStatsJson(*stats, options, rule_count, **matcher, reader.bytes_read(), seconds)) ? 0 : 2;
}

// Alert notifications: the windowed engine, events in input order.
int RunAlerts(const RunCommandOptions& options, const Settings& settings, std::vector<checked::Rule> rules) {
  if (options.threads > 1) {
    std::cerr << "alertc: --threads applies to --counts; alerts are decided in event order, on one thread\n";
    return 2;
  }
  engine::EngineOptions engine_options = engine::EngineOptionsOf(settings);
  const size_t rule_count = rules.size();
  // --state: the store's history and state; otherwise all in memory.
  std::unique_ptr<RunState> state;
  std::vector<int64_t> versions;
  engine::MemoryHistory memory_history;
  engine::HistoryStore* history = &memory_history;
  if (!options.state.empty()) {
    auto opened = RunState::Open(options.state, options.events);
    absl::Status status = opened.status();
    if (opened.ok()) {
      state = std::move(*opened);
      auto applied = state->ApplyRules(rules);
      if (applied.ok()) versions = std::move(*applied);
      status = applied.status();
    }
    if (!status.ok()) {
      std::cerr << "alertc: --state " << options.state << ": " << status.message() << "\n";
      return 2;
    }
    history = &state->history();
    const bool backfill = std::any_of(rules.begin(), rules.end(), [](const checked::Rule& r) { return r.backfill_ms; });
    engine_options.record_history = settings.record_history == "on" || (settings.record_history == "auto" && backfill);
  }
  engine::RuleSetOptions rule_set_options;
  rule_set_options.engine = EngineOf(options);
  if (state) rule_set_options.cache = &state->code_cache();
  std::shared_ptr<engine::RuleSet> rule_set;
  absl::StatusOr<std::unique_ptr<engine::Engine>> created = absl::UnknownError("");
  if (auto set = engine::RuleSet::Create(engine::ForEngine(engine_options, rule_set_options)); !set.ok()) {
    created = set.status();
  } else if (auto added = (*set)->Add(std::move(rules), versions); !added.ok()) {
    created = added;
  } else {
    rule_set = std::move(*set);
    created = engine::Engine::Create(rule_set, engine_options, history);
  }
  if (!created.ok()) {
    std::cerr << "alertc: " << created.status().message() << "\n";
    return 2;
  }
  engine::Engine& engine = **created;
  if (state) {
    if (auto restored = engine.Restore(state->store()); !restored.ok()) {
      std::cerr << "alertc: --state " << options.state << ": " << restored.message() << "\n";
      return 2;
    }
  }
  const engine::EventLimits limits{settings.max_event_bytes, settings.max_depth};
  std::ios::sync_with_stdio(false);

  uint64_t history_events = 0;
  if (!options.history.empty() && state && state->resumed()) {
    std::cerr << "alertc: --history: the history is already in " << options.state << " (loaded by its first run)\n";
  } else if (!options.history.empty()) {
    const int fd = OpenEvents(options.history);
    if (fd < 0) return 2;
    engine::LineReader reader(fd, size_t{1} << 20, settings.max_event_bytes);
    ConsoleOutput output(DisplayName(options.history));
    auto loaded = engine::LoadHistory(engine, reader, limits, output);
    if (fd != STDIN_FILENO) ::close(fd);
    if (!loaded.ok()) {
      std::cerr << "alertc: " << loaded.status().message() << "\n";
      return 2;
    }
    output.Summary(loaded->events, loaded->bad);
    history_events = loaded->events - loaded->bad.malformed;
  }
  std::vector<engine::Notification> replayed;
  if (auto installed = engine.Install(&replayed); !installed.ok()) {
    std::cerr << "alertc: " << installed.message() << "\n";
    return 2;
  }
  for (const auto& n : replayed) {
    if (!options.counts) std::cout << n.ToJson() << "\n";
  }

  engine::StreamOptions stream_options;
  if (state) {
    stream_options.skip_through = engine.restored_offset().value_or(-1);
    stream_options.checkpoint_every = options.checkpoint_every;
    stream_options.checkpoint = [&](const engine::StreamStats& so_far) { return state->Checkpoint(engine, so_far); };
  }
  const int fd = OpenEvents(options.events);
  if (fd < 0) return 2;
  engine::LineReader reader(fd, size_t{1} << 20, settings.max_event_bytes);
  ConsoleOutput output(DisplayName(options.events));
  const auto start = std::chrono::steady_clock::now();
  auto stats = engine::RunStream(engine, reader, limits, output, stream_options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (fd != STDIN_FILENO) ::close(fd);
  if (stats.ok() && state) {
    if (auto written = state->Finish(); !written.ok()) stats = written;
  }
  if (!stats.ok()) {
    std::cerr << "alertc: " << stats.status().message() << "\n";
    return 2;
  }
  std::cout.flush();
  if (options.wait_for_compiles) rule_set->WaitForCompiles();
  if (state) stats->bad.Add(state->earlier_bad());
  output.Summary(stats->events, stats->bad);
  return WriteStats(options.stats, AlertStatsJson(*stats, engine.stats(), history_events, options, rule_count,
                                                  *rule_set, reader.bytes_read(), seconds))
             ? 0
             : 2;
}

int RunRun(const RunCommandOptions& options) {
  Settings settings;
  if (!ParseSettings(options.settings, &settings)) return 2;
  if (options.history == "-" && options.events == "-") {
    std::cerr << "alertc: history and events cannot both come from standard input\n";
    return 2;
  }
  int exit_code = 0;
  auto rules = ReadRulesForEvents(options.rules, options.events, &exit_code);
  if (!rules) return exit_code;
  if (options.counts && !options.state.empty()) {
    std::cerr << "alertc: --state keeps the windowed engine's state; --counts has none\n";
    return 2;
  }
  if (options.counts) return RunCounts(options, settings, std::move(*rules));
  return RunAlerts(options, settings, std::move(*rules));
}

}  // namespace

void RegisterRun(CLI::App& app, int* exit_code) {
  auto options = std::make_shared<RunCommandOptions>();
  CLI::App* cmd = app.add_subcommand("run", "Stream NDJSON events through the rules: alert notifications, counts, stats");
  cmd->footer(
      "Each event (one JSON value per line) is parsed and validated whole; its tenant is read from tenant_path,\n"
      "its time from time_path (epoch ms or RFC 3339). The windowed engine applies every rule in event order\n"
      "(LANGUAGE.md: watermark, window closes, absent timers, then each rule) and prints one JSON object per\n"
      "alert transition, firing or resolved, with the deciding event's offset: its 0-based line number.\n"
      "--history loads earlier events first: rules with `backfill D` replay the last D of them before the\n"
      "first live event. With --counts prints only {\"rule_id\": matches, ...}: how often each rule's `when`\n"
      "held (zeros included), without windows; only this mode takes --threads.\n"
      "Lines that are not valid JSON, longer than max_event_bytes or nested deeper than max_depth are\n"
      "counted and skipped (the first 10 are named on stderr); the run goes on and exits 0.\n"
      "Settings (--set KEY=VALUE): tenant_path (default $.customerId), time_path (default $.ts),\n"
      "event_id_path (default $.eventId: sample_event_ids), max_event_bytes (default 1048576, at most\n"
      "4294967295), max_depth (default 64, at most 1024), dedupe_retention_ms (default 86400000),\n"
      "percentile_exact and distinct_exact (values a percentile() or count_distinct() keeps exactly before\n"
      "it becomes a sketch; defaults 10000, 100000; at most 1000000), max_keys_per_rule (default 100000)\n"
      "max_windows_per_rule (default 1000000) and max_state_bytes_per_rule (default 268435456): past them a\n"
      "rule refuses new keys and windows, counted in keys_refused and windows_refused; keys it holds go on.\n"
      "record_history (auto, on, off; default auto: when a rule has `backfill`) and history_retention_ms\n"
      "(default 604800000, 7 days) apply with --state. A value out of range exits 2.\n"
      "--stats writes the counters as JSON: events, matched, late_events, malformed_events (with reasons),\n"
      "alerts_fired, alerts_resolved, duplicates, untimed_events, keys, open_windows, path_budget_exceeded\n"
      "(JSONPath evaluations stopped at their budget: their paths selected nothing), throughput, peak memory.\n"
      "--state DIR keeps the run in a RocksDB store (made when DIR is missing or empty): rules, windows,\n"
      "aggregates, baselines, dedupe values, alert states, recorded history and the input offset, written\n"
      "together every --checkpoint-every events and at the end. Run again with the same DIR and events file\n"
      "and it resumes after the last checkpoint: lines up to it are skipped, every event counts once, and a\n"
      "notification printed after the last checkpoint of a killed run is printed again (same alert_id). The\n"
      "rules file is applied as upserts: a changed rule becomes its next version and starts afresh, a removed\n"
      "rule's state is deleted. A DIR that is not a store, was made by a newer alertc or holds another\n"
      "input's run exits 2.");
  cmd->add_option("rules", options->rules, "A rule file")->required();
  cmd->add_option("--events", options->events, "NDJSON events; - reads standard input")->required();
  cmd->add_option("--history", options->history, "NDJSON events already in the history store (for backfill)");
  cmd->add_flag("--counts", options->counts, "Print only the number of `when` matches of every rule, at the end");
  cmd->add_option("--engine", options->engine, "jit: index + compiled predicates (default); interp: the reference interpreter on every rule")
      ->check(CLI::IsMember({"jit", "interp"}));
  cmd->add_option("--threads", options->threads, "Worker threads, with --counts (default 1)")->check(CLI::Range(1, 256));
  cmd->add_option("--set", options->settings, "KEY=VALUE: tenant_path, time_path, event_id_path, max_event_bytes, "
                                              "max_depth, dedupe_retention_ms, percentile_exact, distinct_exact");
  cmd->add_option("--stats", options->stats, "Write run statistics as JSON to this file");
  cmd->add_option("--state", options->state,
                  "Keep the rules, state and history in a RocksDB store in this directory, and resume from it");
  cmd->add_option("--checkpoint-every", options->checkpoint_every,
                  "With --state: write a checkpoint after every N events, and at the end (default 10000)")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40));
  cmd->add_flag("--wait-for-compiles", options->wait_for_compiles,
                "Before exiting, finish compiling every rule (with --state: the code cache then holds them all)");
  cmd->callback([options, exit_code] { *exit_code = RunRun(*options); });
}

}  // namespace alert::alertc
