// Hostile input against the whole alertc process, family by family: each
// runs under a memory limit and a kill timeout and asserts the outcome —
// the exit status, the message, the answer — not only the absence of a
// crash. The timeouts are hang guards, not speed measurements (those are in
// bench/RESULTS.md): each sits several times above what the case takes
// under the sanitizers, and below what the super-linear version took.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/testing/alertc_process.h"

namespace alert::testing {
namespace {

constexpr uint64_t kMemoryMb = 1500;
constexpr int kTimeout = 120;

AlertcOutcome Bounded(const std::string& args, const std::string& stdin_text = "") {
  return RunAlertc(args, {stdin_text, kMemoryMb, kTimeout});
}

// A case whose work was super-linear: killed after `seconds`.
AlertcOutcome Guarded(const std::string& args, int seconds) { return RunAlertc(args, {"", kMemoryMb, seconds}); }

std::string Repeat(const std::string& item, const std::string& separator, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += (i ? separator : "") + item;
  return out;
}

bool Contains(const AlertcOutcome& o, const std::string& text) { return o.out.find(text) != std::string::npos; }

// ---- Long flat operator chains: bounded height, n-ary && and || --------------

TEST(HostileRules, LongArithmeticChainIsRejectedWithADiagnostic) {
  const std::string file = WriteTempFile("add.alert", "rule r { when " + Repeat("1", "+", 10000) + " > 0 }");
  const AlertcOutcome o = Bounded("check " + file);
  EXPECT_EQ(o.status, 1) << o.out;
  EXPECT_TRUE(Contains(o, "add.alert:1:15: error: expression too deep: more than 256 operators")) << o.out;
  // Chains inside nesting add up.
  std::string nested = "1";
  for (int i = 0; i < 60; ++i) nested = "(" + nested + "+" + Repeat("1", "-", 8) + ")";
  const AlertcOutcome n = Bounded("check " + WriteTempFile("nested.alert", "rule r { when " + nested + " > 0 }"));
  EXPECT_EQ(n.status, 1) << n.out;
  EXPECT_TRUE(Contains(n, "expression too deep")) << n.out;
}

TEST(HostileRules, LongLogicalChainsCheckCompileAndDecide) {
  // Each rule just under 64 KiB: 6,000 alternatives, 12,000 conjuncts (bare
  // paths: 12,000 warnings too). The recursive checker overflowed its stack.
  std::string ors;
  for (int i = 0; i < 6000; ++i) ors += (i ? "||" : "") + std::string("$.a==") + std::to_string(i);
  const std::string file = WriteTempFile("or.alert", "rule r { when " + ors + " }\nrule s { when " +
                                                         Repeat("$.a", "&&", 12000) + " }");
  EXPECT_EQ(Bounded("check " + file).status, 0);
  const std::string events = WriteTempFile("or.ndjson", "{\"a\":5999}\n{\"a\":6000}\n{\"b\":1}\n");
  for (const char* engine : {"jit", "interp"}) {
    const AlertcOutcome o = RunAlertc("run --counts --engine " + std::string(engine) + " " + file + " --events " + events,
                                      {"", kMemoryMb, kTimeout, SIZE_MAX});
    EXPECT_EQ(o.status, 0) << o.out;
    EXPECT_TRUE(Contains(o, "{\"r\": 1, \"s\": 2}")) << engine << ": " << o.out.substr(o.out.size() - 300);
  }
}

TEST(HostileRules, QueryWithTwentyThousandAlternativesInAFilter) {
  const std::string doc = WriteTempFile("alternatives.json", "[{\"a\":1},{\"b\":2},{\"a\":3}]");
  const AlertcOutcome o = Bounded("query '$[?" + Repeat("@.a", "||", 20000) + "]' " + doc);
  EXPECT_EQ(o.status, 0) << o.out.substr(0, 500);
  EXPECT_EQ(o.out, "[{\"a\":1},{\"a\":3}]\n");
}

TEST(HostileRules, ExplainOfALongChainIsLinearInItsLength) {
  const std::string file = WriteTempFile("explain.alert", "rule r { when " + Repeat("$.a == 1", " && ", 3000) + " }");
  for (const char* stage : {"ast", "checked", "opt"}) {
    const AlertcOutcome o = Bounded("explain --stage " + std::string(stage) + " " + file);
    EXPECT_EQ(o.status, 0) << stage << ": " << o.out.substr(0, 500);
    EXPECT_LT(o.out_bytes, 1u << 20) << stage;  // 18 MB before: quadratic indentation
  }
}

// ---- JSONPath: memory, budget, slices ---------------------------------------

TEST(HostileQueries, ChainedDescendantsOnADeepDocumentStreamInBoundedMemory) {
  std::string deep = "1";
  for (int i = 0; i < 600; ++i) deep = "[" + deep + "]";
  const std::string doc = WriteTempFile("deep.json", deep);
  const AlertcOutcome o = RunAlertc("query '$..*..*' " + doc, {"", kMemoryMb, kTimeout, 1 << 10});
  EXPECT_EQ(o.status, 0) << o.out;
  // Node k (1..600) is selected once per proper ancestor below the root it
  // has, and serialized with its 600 - k brackets on each side.
  uint64_t expected = 2;  // [ and ]\n, less the first comma
  for (uint64_t k = 2; k <= 600; ++k) expected += (k - 1) * (2 * (600 - k) + 1 + 1);
  EXPECT_EQ(o.out_bytes, expected);
}

TEST(HostileQueries, SlicesAreLinear) {
  std::string array = "[";
  for (int i = 0; i < 300000; ++i) array += (i ? "," : "") + std::to_string(i);
  array += "]";
  const std::string doc = WriteTempFile("array.json", array);
  // Quadratic before: 3.4 s at 100,000 elements, so about 30 s here.
  const AlertcOutcome slice = RunAlertc("query '$[::1]' " + doc, {"", kMemoryMb, 20, size_t{8} << 20});
  const AlertcOutcome reversed = RunAlertc("query '$[::-1]' " + doc, {"", kMemoryMb, 20, 64});
  EXPECT_EQ(slice.status, 0);
  EXPECT_EQ(slice.out, array + "\n");
  EXPECT_EQ(reversed.status, 0);
  EXPECT_EQ(reversed.out.substr(0, 16), "[299999,299998,2");
  // One 2 MB event through slice rules.
  const std::string events = WriteTempFile("slice.ndjson", "{\"ts\":1,\"a\":" + array + "}\n");
  const std::string rules = WriteTempFile("slice.alert", "rule s1 { when $.a[::1] == 5 } rule s2 { when $.a[-3:] == 299997 }");
  const AlertcOutcome run =
      Guarded("run --counts " + rules + " --events " + events + " --set max_event_bytes=4000000", 20);
  EXPECT_EQ(run.status, 0) << run.out;
  EXPECT_TRUE(Contains(run, "{\"s1\": 1, \"s2\": 1}")) << run.out;
}

TEST(HostileQueries, TheVisitBudgetIsCountedNotSilent) {
  // 60 levels of 3,000 numbers each (360 KB, 61 deep): `$..*..*` visits each
  // number once per ancestor, past the budget of 4,194,304 visits.
  const std::string level = Repeat("1", ",", 3000);
  std::string deep = "[" + level + "]";
  for (int i = 0; i < 59; ++i) deep = "[" + level + "," + deep + "]";
  const std::string events = WriteTempFile("budget.ndjson", "{\"ts\":1,\"d\":" + deep + "}\n{\"ts\":2,\"d\":[1]}\n");
  const std::string rules = WriteTempFile("budget.alert", "rule many { when count($..*..*) >= 1 } rule one { when $.d[0] == 1 }");
  const std::string stats = WriteTempFile("budget.stats", "");
  const AlertcOutcome o = Bounded("run --counts " + rules + " --events " + events + " --stats " + stats);
  EXPECT_EQ(o.status, 0) << o.out;
  // Past the budget the path selects nothing (the small event still counts)...
  EXPECT_TRUE(Contains(o, "{\"many\": 1, \"one\": 2}")) << o.out;
  const AlertcOutcome read = Bounded("query '$.path_budget_exceeded' " + stats);
  EXPECT_EQ(read.out, "[1]\n");  // ...and that is counted
  const AlertcOutcome query = Bounded("query '$..*..*' " + WriteTempFile("budget.json", deep));
  EXPECT_EQ(query.status, 2);
  EXPECT_TRUE(Contains(query, "the query was stopped after visiting 4194304 nodes")) << query.out;
}

// ---- Events and settings ----------------------------------------------------

TEST(HostileEvents, NumbersBeyondSixtyFourBitsOrTheDoubleRangeAreEvaluated) {
  const std::string events = WriteTempFile("numbers.ndjson",
                                           "{\"ts\":1,\"x\":1e400}\n{\"ts\":2,\"x\":-1e400}\n"
                                           "{\"ts\":3,\"x\":18446744073709551616}\n{\"ts\":4,\"x\":1e-400}\n");
  const std::string rules = WriteTempFile("numbers.alert",
                                          "rule huge { when $.x > 1e308 } rule tiny { when $.x < -1e308 }\n"
                                          "rule wide { when $.x == 18446744073709551616 && $.x > 18446744073709551615 }\n"
                                          "rule zero { when $.x == 0 }");
  const AlertcOutcome o = Bounded("run --counts " + rules + " --events " + events);
  EXPECT_EQ(o.status, 0) << o.out;
  EXPECT_EQ(o.out, "{\"huge\": 1, \"tiny\": 1, \"wide\": 1, \"zero\": 1}\n");
}

TEST(HostileEvents, MaxDepthCountsObjectsAndArraysAlike) {
  const std::string events = WriteTempFile("depth.ndjson", "{\"ts\":1,\"x\":{\"y\":1}}\n[[1]]\n[[[1]]]\n");
  const std::string rules = WriteTempFile("depth.alert", "rule r { when $.x.y == 1 || $[0][0] == 1 }");
  const AlertcOutcome two = Bounded("run --counts " + rules + " --events " + events + " --set max_depth=2");
  EXPECT_EQ(two.status, 0) << two.out;
  EXPECT_TRUE(Contains(two, "{\"r\": 2}")) << two.out;
  EXPECT_TRUE(Contains(two, "depth.ndjson:3: event nested deeper than max_depth (2)")) << two.out;
  const AlertcOutcome one = Bounded("run --counts " + rules + " --events " + events + " --set max_depth=1");
  EXPECT_TRUE(Contains(one, "{\"r\": 0}")) << one.out;
}

TEST(HostileSettings, OutOfRangeValuesAreRejectedAndLimitsCostNothingUntilUsed) {
  const std::string rules = WriteTempFile("settings.alert", "rule r { when $.a == 1 }");
  const std::string events = WriteTempFile("settings.ndjson", "{\"ts\":1,\"a\":1}\n");
  for (const char* bad : {"max_event_bytes=4294967296", "max_event_bytes=9223372036854775000", "max_event_bytes=0",
                          "max_event_bytes=-1", "max_depth=1025", "distinct_exact=1e6", "percentile_exact=",
                          "dedupe_retention_ms=99999999999999999999", "time_path=ts", "nonsense=1", "noequals"}) {
    const AlertcOutcome o = Bounded("run --counts " + rules + " --events " + events + " --set '" + std::string(bad) + "'");
    EXPECT_EQ(o.status, 2) << bad << ": " << o.out;
    EXPECT_TRUE(Contains(o, "alertc: ")) << bad << ": " << o.out;
  }
  const AlertcOutcome range = Bounded("run --counts " + rules + " --events " + events + " --set max_event_bytes=4294967296");
  EXPECT_TRUE(Contains(range, "--set max_event_bytes takes an integer from 1 to 4294967295 bytes, not '4294967296'"))
      << range.out;
  // The largest limits on a 20-byte input, in 400 MiB: buffers grow with the input.
  for (const char* big : {"max_event_bytes=4294967295", "max_event_bytes=1000000000"}) {
    const AlertcOutcome o = RunAlertc("run " + rules + " --events " + events + " --set " + std::string(big),
                                      {"", 400, kTimeout});
    EXPECT_EQ(o.status, 0) << big << ": " << o.out;
  }
}

// ---- Work per diagnostic, per event -------------------------------------------

TEST(HostileRules, TenThousandWarningsOnOneLine) {
  std::string line;
  for (int i = 0; i < 10000; ++i) line += "rule r" + std::to_string(i) + " { when $.a } ";
  const std::string file = WriteTempFile("warnings.alert", line + "\n");  // 170 KB, one line
  // 47 s before (each caret laid out its whole line), 1 s now.
  const AlertcOutcome o = RunAlertc("check " + file, {"", kMemoryMb, 40, 1 << 24});
  EXPECT_EQ(o.status, 0);
  EXPECT_TRUE(Contains(o, "OK, 10000 rules, 10000 warnings")) << o.out.substr(o.out.size() - 200);
  // Each quoted line is cut to a window around its caret: the output grows
  // with the warnings, not with the warnings times the line.
  EXPECT_LT(o.out_bytes, 10000u * 600);
}

TEST(HostileEvents, CountDistinctPastItsExactBoundCostsConstantWorkPerEvent) {
  std::string events;
  for (int i = 0; i < 500000; ++i) events += "{\"ts\":" + std::to_string(i) + ",\"u\":" + std::to_string(i) + "}\n";
  const std::string file = WriteTempFile("distinct.ndjson", events);
  const std::string rules = WriteTempFile(
      "distinct.alert", "rule d { when exists $.u window tumbling 1d fire when count_distinct($.u) > 450000 }");
  const std::string stats = WriteTempFile("distinct.stats", "");
  // 66 us an event past the exact bound before (about 45 s here), constant now.
  const AlertcOutcome o = Guarded("run " + rules + " --events " + file + " --stats " + stats, 30);
  EXPECT_EQ(o.status, 0) << o.out.substr(0, 500);
  EXPECT_TRUE(Contains(o, "\"rule\":\"d\"")) << o.out.substr(0, 500);  // fired once past 450,000 (estimated)
  EXPECT_EQ(Bounded("query '$.alerts_fired' " + stats).out, "[1]\n");
}

// ---- State bounds -------------------------------------------------------------

TEST(HostileEvents, SlidingWindowStateIsBoundedPerRule) {
  // 10,000 keys x 720 windows each (1 day every 2 minutes): 7.2 million
  // windows and 923 MB before, with no bound; 1,000,000 by default now.
  std::string events;
  for (int i = 0; i < 10000; ++i) events += "{\"ts\":" + std::to_string(i * 1000) + ",\"id\":\"id" + std::to_string(i) + "\"}\n";
  const std::string file = WriteTempFile("sliding.ndjson", events);
  const std::string rules =
      WriteTempFile("sliding.alert", "rule s { when exists $.id group by $.id window sliding 1d every 2m fire when count() > 5 }");
  const std::string stats = WriteTempFile("sliding.stats", "");
  const AlertcOutcome o = RunAlertc("run " + rules + " --events " + file + " --stats " + stats, {"", 1200, kTimeout});
  EXPECT_EQ(o.status, 0) << o.out.substr(0, 500);
  EXPECT_EQ(Bounded("query '$.open_windows' " + stats).out, "[1000000]\n");
  EXPECT_EQ(Bounded("query '$.windows_refused' " + stats).out, "[6085223]\n");
  const AlertcOutcome keys = RunAlertc("run " + rules + " --events " + file + " --stats " + stats +
                                           " --set max_keys_per_rule=100",
                                       {"", 1200, kTimeout});
  EXPECT_EQ(keys.status, 0);
  EXPECT_EQ(Bounded("query '$.keys_refused' " + stats).out, "[9900]\n");
}

// ---- Out of memory ------------------------------------------------------------

TEST(HostileRules, OutOfMemoryIsAMessageAndAnExitCodeNotAnAbort) {
  if (UnderAddressSanitizer()) {
    GTEST_SKIP() << "AddressSanitizer replaces operator new and never calls the new-handler";
  }
  std::string many;
  for (int i = 0; i < 300000; ++i) many += "rule r" + std::to_string(i) + " { when $.a == " + std::to_string(i) + " }\n";
  const std::string file = WriteTempFile("many.alert", many);
  const AlertcOutcome o = RunAlertc("check " + file, {"", 600, kTimeout});
  EXPECT_EQ(o.status, 3) << o.out.substr(0, 500);
  EXPECT_TRUE(Contains(o, "alertc: out of memory")) << o.out.substr(0, 500);
}

// ---- Messages and inputs ------------------------------------------------------

TEST(HostileInputs, AnUnreadableStandardInputIsAnErrorNotAnEmptyInput) {
  const std::string rules = WriteTempFile("stdin.alert", "rule r { when $.a == 1 }");
  for (const std::string& args : std::vector<std::string>{"check -", "eval " + rules + " --events -",
                                                          "run " + rules + " --events -", "query '$' -", "test -"}) {
    AlertcLimits unreadable;
    unreadable.unreadable_stdin = true;
    const AlertcOutcome o = RunAlertc(args, unreadable);
    EXPECT_EQ(o.status, 2) << args << ": " << o.out;
    EXPECT_TRUE(Contains(o, "alertc: cannot read standard input: Bad file descriptor")) << args << ": " << o.out;
  }
}

TEST(HostileInputs, AByteOrderMarkIsIgnoredAndFarTimesAreNumbers) {
  const AlertcOutcome bom = Bounded("query '$.a' " + WriteTempFile("bom.json", "\xEF\xBB\xBF{\"a\":[1e400]}"));
  EXPECT_EQ(bom.status, 0) << bom.out;
  EXPECT_EQ(bom.out, "[[1.7976931348623157e+308]]\n");
  const std::string rules = WriteTempFile(
      "far.alert", "rule far { when exists $.k window tumbling 1d fire when count() > 0 message \"{{window.end}}\" }");
  const std::string events = WriteTempFile("far.ndjson", "\xEF\xBB\xBF{\"ts\":253402300800000,\"k\":1}\n");
  const AlertcOutcome far = Bounded("run " + rules + " --events " + events);
  EXPECT_EQ(far.status, 0) << far.out;
  EXPECT_TRUE(Contains(far, "\"message\":\"253402387200000\"")) << far.out;  // beyond year 9999
}

}  // namespace
}  // namespace alert::testing
