// alertc run RULES --events EVENTS: streams NDJSON events through the rule
// index and the compiled predicates; prints a line per match, or with
// --counts only the number of matches of every rule.

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "compiler/sema/check.h"
#include "engine/match/matcher.h"
#include "engine/run/event_run.h"
#include "runtime/json/json_string.h"
#include "tools/alertc/commands.h"
#include "tools/alertc/input.h"

namespace alert::alertc {
namespace {

struct RunCommandOptions {
  std::string rules;
  std::string events;
  bool counts = false;
  std::string engine = "jit";
  int threads = 1;
  std::vector<std::string> settings;
  std::string stats;
};

// The settings --set takes, with their defaults.
struct Settings {
  std::string tenant_path = "$.customerId";
  std::string time_path = "$.ts";
  size_t max_event_bytes = size_t{1} << 20;
  size_t max_depth = 64;
};

bool ParseSettings(const std::vector<std::string>& pairs, Settings* settings) {
  for (const std::string& pair : pairs) {
    const size_t eq = pair.find('=');
    const std::string key = pair.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : pair.substr(eq + 1);
    auto number = [&](size_t* out) {
      try {
        size_t used = 0;
        const unsigned long long n = std::stoull(value, &used);
        if (value.empty() || value[0] < '0' || value[0] > '9' || used != value.size() || n == 0) {
          throw std::invalid_argument(value);
        }
        *out = n;
        return true;
      } catch (const std::exception&) {
        std::cerr << "alertc: --set " << key << " needs a positive integer, not '" << value << "'\n";
        return false;
      }
    };
    if (eq == std::string::npos) {
      std::cerr << "alertc: --set takes KEY=VALUE, not '" << pair << "'\n";
      return false;
    } else if (key == "tenant_path") {
      settings->tenant_path = value;
    } else if (key == "time_path") {
      settings->time_path = value;
    } else if (key == "max_event_bytes") {
      if (!number(&settings->max_event_bytes)) return false;
    } else if (key == "max_depth") {
      if (!number(&settings->max_depth)) return false;
    } else {
      std::cerr << "alertc: unknown setting '" << key << "' (tenant_path, time_path, max_event_bytes, max_depth)\n";
      return false;
    }
  }
  return true;
}

// Writes matches to stdout and the first bad lines to stderr.
class ConsoleOutput : public engine::RunOutput {
 public:
  explicit ConsoleOutput(std::string events_name) : events_name_(std::move(events_name)) {}
  void Matches(std::string_view ndjson) override { std::cout.write(ndjson.data(), static_cast<std::streamsize>(ndjson.size())); }
  void Bad(uint64_t line, std::string_view reason) override {
    if (++bad_ <= kShown) std::cerr << "alertc: " << events_name_ << ":" << line << ": " << reason << " (skipped)\n";
  }
  uint64_t bad() const { return bad_; }
  static constexpr uint64_t kShown = 10;

 private:
  std::string events_name_;
  uint64_t bad_ = 0;
};

std::string StatsJson(const engine::RunStats& stats, const RunCommandOptions& options, size_t rules, uint64_t bytes,
                      double seconds) {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return fmt::format(
      "{{\n  \"events\": {},\n  \"matched\": {},\n  \"events_matched\": {},\n  \"malformed_events\": {},\n"
      "  \"malformed_by_reason\": {{\"invalid_json\": {}, \"oversized\": {}, \"too_deep\": {}}},\n"
      "  \"evaluated\": {},\n  \"rules\": {},\n  \"engine\": \"{}\",\n  \"threads\": {},\n  \"bytes\": {},\n"
      "  \"seconds\": {:.6f},\n  \"events_per_second\": {:.0f},\n  \"megabytes_per_second\": {:.1f},\n"
      "  \"peak_rss_bytes\": {}\n}}\n",
      stats.events, stats.matched, stats.events_matched, stats.malformed, stats.invalid_json, stats.oversized,
      stats.too_deep, stats.evaluated, rules, options.engine, options.threads, bytes, seconds,
      seconds > 0 ? static_cast<double>(stats.events) / seconds : 0.0,
      seconds > 0 ? static_cast<double>(bytes) / seconds / 1e6 : 0.0, static_cast<uint64_t>(usage.ru_maxrss) * 1024);
}

int RunRun(const RunCommandOptions& options) {
  Settings settings;
  if (!ParseSettings(options.settings, &settings)) return 2;
  int exit_code = 0;
  auto rules = ReadRulesForEvents(options.rules, options.events, &exit_code);
  if (!rules) return exit_code;

  engine::MatcherOptions matcher_options;
  matcher_options.engine =
      options.engine == "interp" ? engine::MatcherOptions::Engine::kInterp : engine::MatcherOptions::Engine::kJit;
  matcher_options.tenant_path = settings.tenant_path;
  const size_t rule_count = rules->size();
  auto matcher = engine::Matcher::Create(std::move(*rules), matcher_options);
  if (!matcher.ok()) {
    std::cerr << "alertc: " << matcher.status().message() << "\n";
    return 2;
  }

  const int fd = options.events == "-" ? STDIN_FILENO : ::open(options.events.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    std::cerr << "alertc: cannot read " << options.events << ": " << std::strerror(errno) << "\n";
    return 2;
  }
  engine::RunOptions run_options;
  run_options.threads = options.threads;
  run_options.max_event_bytes = settings.max_event_bytes;
  run_options.max_depth = settings.max_depth;
  run_options.emit_matches = !options.counts;
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

  if (options.counts) {
    std::string counts = "{";
    for (size_t i = 0; i < rule_count; ++i) {
      if (i > 0) counts += ", ";
      json::AppendString(counts, (*matcher)->rule_id(i));
      counts += ": " + std::to_string(stats->counts[i]);
    }
    std::cout << counts << "}\n";
  }
  std::cout.flush();
  if (output.bad() > 0) {
    std::cerr << "alertc: " << stats->events << " events, " << stats->malformed << " not usable and skipped ("
              << stats->invalid_json << " invalid JSON, " << stats->oversized << " oversized, " << stats->too_deep
              << " too deep)" << (output.bad() > ConsoleOutput::kShown ? "; only the first 10 are shown" : "") << "\n";
  }
  if (!options.stats.empty()) {
    std::ofstream out(options.stats);
    out << StatsJson(*stats, options, rule_count, reader.bytes_read(), seconds);
    if (!out) {
      std::cerr << "alertc: cannot write " << options.stats << "\n";
      return 2;
    }
  }
  return 0;
}

}  // namespace

void RegisterRun(CLI::App& app, int* exit_code) {
  auto options = std::make_shared<RunCommandOptions>();
  CLI::App* cmd = app.add_subcommand("run", "Stream NDJSON events through the rules: matches, counts, stats");
  cmd->footer(
      "Each event (one JSON value per line) is parsed and validated whole, its tenant read from tenant_path;\n"
      "the rule index picks the rules it can match and their compiled predicates decide. Prints one line\n"
      "per match, {\"line\": N, \"rule_id\": ..., \"tenant\": ...}, in input order; with --counts prints only\n"
      "{\"rule_id\": matches, ...} for every rule (zeros included) at the end.\n"
      "Lines that are not valid JSON, longer than max_event_bytes or nested deeper than max_depth are\n"
      "counted and skipped (the first 10 are named on stderr); the run goes on and exits 0.\n"
      "Settings (--set KEY=VALUE): tenant_path (default $.customerId), time_path (default $.ts; read by\n"
      "windowed rules), max_event_bytes (default 1048576), max_depth (default 64).\n"
      "--stats writes events, matched (rule matches), events_matched, malformed_events (with reasons),\n"
      "evaluated (rule-event pairs decided), throughput and peak memory as JSON.");
  cmd->add_option("rules", options->rules, "A rule file")->required();
  cmd->add_option("--events", options->events, "NDJSON events; - reads standard input")->required();
  cmd->add_flag("--counts", options->counts, "Print only the number of matches of every rule, at the end");
  cmd->add_option("--engine", options->engine, "jit: index + compiled predicates (default); interp: the reference interpreter on every rule")
      ->check(CLI::IsMember({"jit", "interp"}));
  cmd->add_option("--threads", options->threads, "Worker threads (default 1)")->check(CLI::Range(1, 256));
  cmd->add_option("--set", options->settings, "KEY=VALUE: tenant_path, time_path, max_event_bytes, max_depth");
  cmd->add_option("--stats", options->stats, "Write run statistics as JSON to this file");
  cmd->callback([options, exit_code] { *exit_code = RunRun(*options); });
}

}  // namespace alert::alertc
