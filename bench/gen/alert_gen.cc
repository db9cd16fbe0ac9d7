// alert-gen: writes the benchmark workload (bench/common/workload.h) to
// stdout: `alert-gen events --count N [--seed S]` as NDJSON, or
// `alert-gen rules --count N [--seed S]` as a rule file; `--mix wide` for
// the wider mix of events and rules.

#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

#include "bench/common/workload.h"

int main(int argc, char** argv) {
  CLI::App app{"alert-gen: deterministic events and rule sets for alertjit's benchmarks"};
  app.require_subcommand(1);
  int count = 1000;
  uint64_t seed = 1;
  std::string mix = "generated";
  for (const char* what : {"events", "rules"}) {
    CLI::App* cmd = app.add_subcommand(what, std::string("Write ") + what);
    cmd->add_option("--count", count, "How many")->required();
    cmd->add_option("--seed", seed, "Random seed (the same seed gives the same output)");
    cmd->add_option("--mix", mix, "generated (default) or wide (bench/common/workload.h)")
        ->check(CLI::IsMember({"generated", "wide"}));
  }
  CLI11_PARSE(app, argc, argv);
  alert::bench::Workload workload(
      seed, mix == "wide" ? alert::bench::Workload::Mix::kWide : alert::bench::Workload::Mix::kGenerated);
  if (app.got_subcommand("rules")) {
    std::cout << workload.Rules(count);
    return 0;
  }
  std::string line;
  for (int i = 0; i < count; ++i) {
    line = workload.Event();
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stdout);
  }
  return 0;
}
