// The batch path: counts of the compiled engine equal the reference
// interpreter's on generated rule sets; bad lines are counted, reported in
// order and affect nothing else; several threads give the same output.

#include "engine/run/event_run.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <thread>

#include "bench/common/workload.h"
#include "compiler/sema/check.h"
#include "tests/testing/rules.h"

namespace alert::engine {
namespace {

std::vector<checked::Rule> Rules(const std::string& text) { return testing::CheckedRules(text); }

class Collect : public RunOutput {
 public:
  void Lines(std::string_view ndjson) override { matches += ndjson; }
  void Bad(uint64_t line, std::string_view reason) override { bad += std::to_string(line) + ": " + std::string(reason) + "\n"; }
  std::string matches, bad;
};

struct Result {
  RunStats stats;
  std::string matches, bad;
};

Result RunText(const std::string& rules, const std::string& events, RuleSetOptions::Engine engine, RunOptions options = {}) {
  RuleSetOptions rule_set_options;
  rule_set_options.engine = engine;
  rule_set_options.tiered = false;
  auto matcher = RuleSet::Create(rule_set_options);
  EXPECT_TRUE(matcher.ok()) << matcher.status();
  EXPECT_TRUE((*matcher)->Add(Rules(rules)).ok());
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  std::thread writer([&] {
    for (size_t at = 0; at < events.size();) {
      const ssize_t n = ::write(fds[1], events.data() + at, events.size() - at);
      if (n <= 0) break;
      at += static_cast<size_t>(n);
    }
    ::close(fds[1]);
  });
  LineReader reader(fds[0], 4096, options.max_event_bytes);
  Collect output;
  auto stats = RunEvents(**matcher, reader, options, output);
  writer.join();
  ::close(fds[0]);
  EXPECT_TRUE(stats.ok()) << stats.status();
  return {*stats, output.matches, output.bad};
}

TEST(EventRun, CountsEqualTheInterpretersOnGeneratedRuleSets) {
  for (const int size : {1, 10, 100, 1000}) {
    bench::Workload workload(static_cast<uint64_t>(size));
    // The generated set, plus rules the index cannot key (residual lists),
    // keyed on numbers and booleans, and scoped to a tenant.
    const std::string rules = workload.Rules(size) + R"(
      rule x1 { when $.metrics.loss >= 5 || $.payload.bytes > 9000000 }
      rule x2 { scope tenant "tenant-007" when $.actor.isAdmin == true || $.metrics.loss > 10 }
      rule x3 { when $.target.port == 443.0 && $.agent.region != "us-east" }
      rule x4 { when $.actor.isAdmin == false && $.payload.items[0].shared == true })";
    std::string events;
    for (int i = 0; i < 3000; ++i) events += workload.Event() + "\n";
    const Result jit = RunText(rules, events, RuleSetOptions::Engine::kJit);
    const Result interp = RunText(rules, events, RuleSetOptions::Engine::kInterp);
    EXPECT_EQ(jit.stats.counts, interp.stats.counts) << size << " rules";
    EXPECT_EQ(jit.matches, interp.matches) << size << " rules";
    EXPECT_EQ(jit.stats.events, 3000u);
    if (size >= 100) {
      EXPECT_GT(jit.stats.matched, 0u);
      // The index: far fewer (rule, event) pairs decided than the interpreter's.
      EXPECT_LT(jit.stats.evaluated * 5, interp.stats.evaluated) << size << " rules";
    }
  }
}

TEST(EventRun, TenantScopeReadsTheTenantPath) {
  const std::string rules = R"(
    rule a { scope tenant "acme" when $.n > 1 }
    rule b { when $.n > 1 })";
  const std::string events = R"({"customerId": "acme", "n": 2}
{"customerId": "other", "n": 2}
{"customerId": 7, "n": 2}
{"n": 2}
)";
  for (const auto engine : {RuleSetOptions::Engine::kJit, RuleSetOptions::Engine::kInterp}) {
    const Result r = RunText(rules, events, engine);
    EXPECT_EQ(r.stats.counts, (std::vector<uint64_t>{1, 4}));
    EXPECT_EQ(r.matches,
              "{\"line\": 1, \"rule_id\": \"a\", \"tenant\": \"acme\"}\n"
              "{\"line\": 1, \"rule_id\": \"b\", \"tenant\": \"acme\"}\n"
              "{\"line\": 2, \"rule_id\": \"b\", \"tenant\": \"other\"}\n"
              "{\"line\": 3, \"rule_id\": \"b\", \"tenant\": null}\n"
              "{\"line\": 4, \"rule_id\": \"b\", \"tenant\": null}\n");
  }
}

TEST(EventRun, BadLinesAreCountedAndReportedAndNothingElseIsLost) {
  RunOptions options;
  options.max_event_bytes = 200;
  options.max_depth = 8;
  const std::string events = "{\"n\": 2}\n"
                             "{\"n\": 2,\n"                                  // invalid JSON
                             "\n"                                            // blank: not an event
                             "{\"n\": 2, \"pad\": \"" + std::string(300, 'x') + "\"}\n"  // oversized
                             "{\"n\": 2, \"a\": [[[[[[[[[[1]]]]]]]]]]}\n"    // too deep
                             "{\"n\": 2, \"s\": \"\xff\"}\n"                  // invalid UTF-8
                             "{\"n\": 3}";
  const Result r = RunText("rule b { when $.n > 1 }", events, RuleSetOptions::Engine::kJit, options);
  EXPECT_EQ(r.stats.events, 6u);
  EXPECT_EQ(r.stats.bad.malformed, 4u);
  EXPECT_EQ(r.stats.bad.invalid_json, 2u);
  EXPECT_EQ(r.stats.bad.oversized, 1u);
  EXPECT_EQ(r.stats.bad.too_deep, 1u);
  EXPECT_EQ(r.stats.counts, (std::vector<uint64_t>{2}));
  EXPECT_NE(r.bad.find("2: invalid JSON"), std::string::npos) << r.bad;
  EXPECT_NE(r.bad.find("4: event longer than max_event_bytes (200)"), std::string::npos) << r.bad;
  EXPECT_NE(r.bad.find("5: event nested deeper than max_depth (8)"), std::string::npos) << r.bad;
  EXPECT_NE(r.bad.find("6: invalid JSON"), std::string::npos) << r.bad;
  EXPECT_LT(r.bad.find("2: "), r.bad.find("6: "));
}

TEST(EventRun, ThreadsGiveTheSameOutputInInputOrder) {
  bench::Workload workload(3);
  const std::string rules = workload.Rules(100);
  std::string events;
  for (int i = 0; i < 20000; ++i) events += (i % 997 == 0 ? "{broken\n" : workload.Event() + "\n");
  const Result one = RunText(rules, events, RuleSetOptions::Engine::kJit);
  RunOptions four;
  four.threads = 4;
  const Result many = RunText(rules, events, RuleSetOptions::Engine::kJit, four);
  EXPECT_EQ(one.stats.counts, many.stats.counts);
  EXPECT_EQ(one.stats.bad.malformed, many.stats.bad.malformed);
  EXPECT_EQ(one.stats.bad.malformed, 21u);
  EXPECT_EQ(one.matches, many.matches);
  EXPECT_EQ(one.bad, many.bad);
  EXPECT_GT(one.stats.matched, 100u);
}

TEST(EventRun, ATenantPathThatIsNotSingularIsAnError) {
  RuleSetOptions options;
  options.tenant_path = "$.a[*]";
  EXPECT_FALSE(RuleSet::Create(options).ok());
  options.tenant_path = "$.a.";
  EXPECT_FALSE(RuleSet::Create(options).ok());
}

}  // namespace
}  // namespace alert::engine
