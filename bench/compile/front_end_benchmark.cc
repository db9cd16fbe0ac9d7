// The front end's cost per rule: parse + check, on the spec examples and on
// generated files of 1 to 1,000 rules.

#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "compiler/sema/check.h"

namespace alert {
namespace {

std::string SpecExamples() {
  std::string all;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(ALERT_SHARED_DIR) / "spec" / "examples")) {
    std::ifstream in(entry.path());
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // Rule names must stay unique across files.
    all += "\n" + text;
  }
  return all;
}

// A deterministic file of `n` rules in the shape of SaaS audit alerts.
std::string GeneratedRules(int n) {
  static const char* kApps[] = {"Dropbox", "Slack", "Google", "Box", "Zoom"};
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += "rule r" + std::to_string(i) + " {\n";
    if (i % 10 != 0) out += "  scope tenant \"tenant-" + std::to_string(i % 97) + "\"\n";
    out += "  when $.application == \"" + std::string(kApps[i % 5]) + "\" && $.eventType == \"Event" +
           std::to_string(i % 40) + "\"";
    if (i % 3 == 0) out += " && $.target.email =~ \"@example\\\\.com$\"";
    if (i % 4 == 0) out += " && $.payload.items[?@.size > " + std::to_string(i) + "].name starts with \"x\"";
    out += " && $.actor.count > " + std::to_string(i % 13) + "\n";
    if (i % 2 == 0) out += "  group by $.customerId\n  window tumbling 5m\n  fire when count() > 2\n";
    out += "}\n";
  }
  return out;
}

void Run(benchmark::State& state, const std::string& text) {
  const diag::Source source("bench.alert", text);
  size_t rules = 0;
  for (auto _ : state) {
    sema::CheckResult result = sema::CheckSource(source);
    if (result.diagnostics.HasErrors()) state.SkipWithError("rules did not check");
    rules = result.rules.size();
    benchmark::DoNotOptimize(result);
  }
  state.counters["rules"] = static_cast<double>(rules);
  state.counters["per_rule"] = benchmark::Counter(static_cast<double>(rules) * state.iterations(),
                                                  benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_FrontEnd_SpecExamples(benchmark::State& state) { Run(state, SpecExamples()); }
BENCHMARK(BM_FrontEnd_SpecExamples)->Unit(benchmark::kMicrosecond);

void BM_FrontEnd_Generated(benchmark::State& state) { Run(state, GeneratedRules(static_cast<int>(state.range(0)))); }
BENCHMARK(BM_FrontEnd_Generated)->RangeMultiplier(10)->Range(1, 1000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace alert

BENCHMARK_MAIN();
