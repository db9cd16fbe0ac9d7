// alertc end to end: the built binary, its output and its exit codes.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "bench/common/workload.h"
#include "tests/testing/alertc_process.h"
#include "tests/testing/shared_dir.h"

namespace alert {
namespace {

using Outcome = testing::AlertcOutcome;

// Runs alertc with `args` (shell words) and `stdin_text` on its input.
Outcome Alertc(const std::string& args, const std::string& stdin_text = "") {
  return testing::RunAlertc(args, {stdin_text, 0, 0, SIZE_MAX});
}

std::string Write(const std::string& name, const std::string& text) { return testing::WriteTempFile(name, text); }

TEST(AlertcCheck, ExitCodes) {
  const std::string good = Write("good.alert", "rule a { when $.a == 1 }");
  const std::string warn = Write("warn.alert", "rule a { when $.a }");
  const std::string bad = Write("bad.alert", "rule a { when $.a == }");
  EXPECT_EQ(Alertc("check " + good).status, 0);
  EXPECT_EQ(Alertc("check " + warn).status, 0);
  const Outcome rejected = Alertc("check " + good + " " + bad);
  EXPECT_EQ(rejected.status, 1);
  EXPECT_NE(rejected.out.find("bad.alert:1:22: error: unexpected '}'; expected an expression"), std::string::npos)
      << rejected.out;
  EXPECT_EQ(Alertc("check /nonexistent.alert").status, 2);
  EXPECT_EQ(Alertc("check --bogus " + good).status, 2);
  EXPECT_EQ(Alertc("").status, 2);
  EXPECT_EQ(Alertc("check --help").status, 0);
  EXPECT_EQ(Alertc("check -", "rule a { when $.a == 1 }").status, 0);
  const Outcome json = Alertc("check --format json " + bad);
  EXPECT_EQ(json.status, 1);
  EXPECT_NE(json.out.find("\"line\":1,\"column\":22"), std::string::npos) << json.out;
}

TEST(AlertcQuery, PrintsTheNodelistOrPaths) {
  const std::string doc = Write("doc.json", R"({"a": [{"b": 1}, {"b": "x"}, {"c": 2}]})");
  EXPECT_EQ(Alertc("query '$.a[*].b' " + doc).out, "[1,\"x\"]\n");
  EXPECT_EQ(Alertc("query --paths '$..b' " + doc).out, "[\"$['a'][0]['b']\",\"$['a'][1]['b']\"]\n");
  EXPECT_EQ(Alertc("query '$.a.length()' " + doc).out, "[3]\n");
  EXPECT_EQ(Alertc("query '$.zz' " + doc).out, "[]\n");
  const Outcome invalid = Alertc("query '$[?@.b == ]' " + doc);
  EXPECT_EQ(invalid.status, 1);
  EXPECT_NE(invalid.out.find("<query>:1:11: error:"), std::string::npos) << invalid.out;
  EXPECT_EQ(Alertc("query '$' " + Write("broken.json", "{")).status, 2);
}

TEST(AlertcEval, NdjsonWithMalformedLines) {
  const std::string rules = Write("r.alert", "rule big { when $.n > 10 }\nrule named { when exists $.name }");
  const std::string events = Write("e.ndjson", "{\"n\": 11}\n{oops\n\n{\"n\": 1, \"name\": \"é\"}\n[1]\n");
  const Outcome run = Alertc("eval " + rules + " --events " + events);
  EXPECT_EQ(run.status, 0);
  EXPECT_NE(run.out.find("{\"offset\": 0, \"matched\": [\"big\"]}\n"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("e.ndjson:2: malformed event skipped"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("{\"offset\": 3, \"matched\": [\"named\"]}\n"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("{\"offset\": 4, \"matched\": []}\n"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("\"offset\": 1"), std::string::npos) << run.out;
}

TEST(AlertcEval, OneDocumentOrAnArrayOfEvents) {
  const std::string rules = Write("r2.alert", "rule push { when $.type == \"PushEvent\" }");
  const std::string github = (testing::SharedDir() / "data" / "real" / "github_events.json").string();
  const Outcome whole = Alertc("eval " + rules + " --events " + github);
  EXPECT_EQ(whole.out, "{\"offset\": 0, \"matched\": []}\n");
  const Outcome each = Alertc("eval " + rules + " --array --events " + github);
  EXPECT_NE(each.out.find("{\"offset\": 0, \"matched\": [\"push\"]}"), std::string::npos) << each.out;
  EXPECT_EQ(Alertc("eval " + rules + " --events -", "{\"type\": \"PushEvent\"}\n").out,
            "{\"offset\": 0, \"matched\": [\"push\"]}\n");
  EXPECT_EQ(Alertc("eval " + Write("bad.alert", "rule { }") + " --events -", "{}").status, 1);
}

TEST(AlertcExplain, EveryStage) {
  const std::string rules = Write("x.alert", "rule x { when $.app == \"Dropbox\" && 2 > 1 && $.n > 5 }");
  EXPECT_NE(Alertc("explain --stage ast " + rules).out.find("(== @1:15"), std::string::npos);
  EXPECT_NE(Alertc("explain " + rules).out.find("(2 > 1)"), std::string::npos);
  const std::string opt = Alertc("explain --stage opt " + rules).out;
  EXPECT_EQ(opt.find("(2 > 1)"), std::string::npos) << opt;
  const std::string llvm = Alertc("explain --stage llvm " + rules).out;
  EXPECT_NE(llvm.find("define void @alert_batch("), std::string::npos) << llvm;
  EXPECT_NE(llvm.find("; rule x: 2 tests native, 0 handed to the interpreter"), std::string::npos) << llvm;
  EXPECT_NE(Alertc("explain --stage asm " + rules).out.find("alert_batch:"), std::string::npos);
  EXPECT_EQ(Alertc("explain --stage bogus " + rules).status, 2);
}

TEST(AlertcEval, BothEnginesAgree) {
  const std::string github = (testing::SharedDir() / "data" / "real" / "github_events.json").string();
  const std::string rules =
      Write("g.alert", "rule push { when $.type == \"PushEvent\" && $.payload.size > 1 }\n"
                       "rule any_c { when any($.payload.commits[*], @.message contains \"fix\") }\n"
                       "rule pub { when $.public == true && $.repo.name =~ \"^[a-m]\" }");
  const Outcome jit = Alertc("eval --array --engine jit " + rules + " --events " + github);
  const Outcome interp = Alertc("eval --array --engine interp " + rules + " --events " + github);
  EXPECT_EQ(jit.status, 0);
  EXPECT_EQ(jit.out, interp.out);
  EXPECT_NE(jit.out.find("\"push\""), std::string::npos);
}

// The workload's acceptance: on 2,000 generated events and 1,000 generated
// rules, eval's verdicts are byte-identical with both engines.
TEST(AlertcEval, GeneratedWorkloadBothEnginesByteIdentical) {
  bench::Workload source(5);
  std::string events;
  for (int i = 0; i < 2000; ++i) events += source.Event() + "\n";
  const std::string events_file = Write("eval_events.ndjson", events);
  const std::string rules = Write("eval_1000.alert", bench::Workload(9).Rules(1000));
  const Outcome jit = Alertc("eval --engine jit " + rules + " --events " + events_file);
  const Outcome interp = Alertc("eval --engine interp " + rules + " --events " + events_file);
  ASSERT_EQ(jit.status, 0);
  EXPECT_EQ(std::count(jit.out.begin(), jit.out.end(), '\n'), 2000);
  EXPECT_NE(jit.out.find("\"matched\": [\"r"), std::string::npos) << "some events match";
  EXPECT_EQ(jit.out, interp.out);
}

// Acceptance of the event runtime: on every generated rule set, the counts
// of `alertc run --counts` (index + compiled predicates) equal the reference
// interpreter's, with one thread and with several.
TEST(AlertcRun, CountsEqualTheInterpretersOnEveryGeneratedRuleSet) {
  bench::Workload events_source(77);
  std::string events;
  for (int i = 0; i < 5000; ++i) events += events_source.Event() + "\n";
  const std::string events_file = Write("run_events.ndjson", events);
  for (const int size : {1, 10, 100, 1000}) {
    const std::string rules = Write("run_" + std::to_string(size) + ".alert", bench::Workload(size).Rules(size));
    const Outcome jit = Alertc("run " + rules + " --events " + events_file + " --counts");
    const Outcome interp = Alertc("run " + rules + " --events " + events_file + " --counts --engine interp");
    const Outcome threads = Alertc("run " + rules + " --events " + events_file + " --counts --threads 3");
    ASSERT_EQ(jit.status, 0) << jit.out;
    EXPECT_EQ(jit.out, interp.out) << size << " rules";
    EXPECT_EQ(jit.out, threads.out) << size << " rules";
    EXPECT_EQ(std::count(jit.out.begin(), jit.out.end(), ':'), size) << "every rule, zeros included";
    EXPECT_EQ(std::count(jit.out.begin(), jit.out.end(), '\n'), 1) << "one JSON object";
  }
}

TEST(AlertcRun, NotificationsStatsAndBadLines) {
  const std::string rules = Write("run.alert", "rule big { when $.n > 1 }\nrule acme { scope tenant \"acme\" when $.n > 0 }");
  const std::string stats = Write("run_stats.json", "");
  const Outcome run = Alertc("run " + rules + " --events - --stats " + stats + " --set tenant_path=$.t",
                             "{\"n\": 2, \"t\": \"acme\", \"eventId\": \"e1\"}\n{\"n\": \nnot json\n{\"n\": 1}\n");
  EXPECT_EQ(run.status, 0);
  for (const char* line : {
           "alertc: <stdin>:2: invalid JSON at column 7: The JSON document has an improper structure: missing or superfluous "
           "commas, braces, missing keys, etc. (skipped)\n",
           "alertc: <stdin>:3: invalid JSON at column 1: Problem while parsing an atom starting with the letter 'n' (skipped)\n",
           "\"rule\":\"big\",\"version\":1,\"tenant\":\"acme\",\"key\":[\"acme\"],\"state\":\"firing\",\"values\":{},"
           "\"condition\":\"$.n > 1\",\"severity\":\"minor\",\"labels\":{},\"message\":\"\",\"sample_event_ids\":[\"e1\"],"
           "\"event_time\":",
           "\"rule\":\"acme\",\"version\":1,\"tenant\":\"acme\",\"key\":[\"acme\"],\"state\":\"firing\"",
           "\"source\":{\"partition\":0,\"offset\":0}}\n",
           "alertc: <stdin>: 4 events, 2 not usable and skipped (2 invalid JSON, 0 oversized, 0 too deep)\n"}) {
    EXPECT_NE(run.out.find(line), std::string::npos) << line << "\nin:\n" << run.out;
  }
  // The last event ({"n": 1}, no tenant) matches no rule in its scope.
  EXPECT_EQ(run.out.find("\"offset\":3"), std::string::npos) << run.out;
  std::ifstream in(stats);
  const std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const char* field : {"\"events\": 4", "\"matched\": 2", "\"late_events\": 0", "\"malformed_events\": 2",
                            "\"alerts_fired\": 2", "\"alerts_resolved\": 0", "\"peak_rss_bytes\": "}) {
    EXPECT_NE(json.find(field), std::string::npos) << field << " in " << json;
  }
  EXPECT_EQ(Alertc("run " + rules + " --events - --set tenant_path=$..t").status, 2);
  EXPECT_EQ(Alertc("run " + rules + " --events - --set nonsense=1").status, 2);
  EXPECT_EQ(Alertc("run " + rules + " --events - --set max_event_bytes=-4").status, 2);
  EXPECT_EQ(Alertc("run " + rules + " --events /nonexistent").status, 2);
  EXPECT_EQ(Alertc("run " + rules + " --events - --threads 2").status, 2);  // threads are for --counts
  EXPECT_EQ(Alertc("run " + Write("bad_run.alert", "rule a { when }") + " --events -").status, 1);
}

TEST(AlertcRun, CountsStats) {
  const std::string rules = Write("count.alert", "rule big { when $.n > 1 }");
  const std::string stats = Write("count_stats.json", "");
  const Outcome run = Alertc("run " + rules + " --counts --events - --stats " + stats, "{\"n\": 2}\n{\"n\": 0}\n");
  EXPECT_EQ(run.status, 0);
  EXPECT_EQ(run.out, "{\"big\": 1}\n");
  std::ifstream in(stats);
  const std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const char* field : {"\"events\": 2", "\"matched\": 1", "\"events_matched\": 1", "\"malformed_events\": 0"}) {
    EXPECT_NE(json.find(field), std::string::npos) << field << " in " << json;
  }
}

// Windows, history and backfill through the command: the deciding event's
// line is the offset; alerts decided while replaying history say so.
TEST(AlertcRun, WindowsAndBackfill) {
  const std::string rules = Write("window.alert",
                                  "rule burst { when $.kind == \"err\" group by $.svc window tumbling 1m "
                                  "fire when count() >= 2 message \"{{count}} errors on {{key}} from {{window.start}}\" "
                                  "backfill 1h }");
  const std::string history = Write("history.ndjson", "{\"ts\": 1000, \"svc\": \"s\", \"kind\": \"err\"}\n");
  const Outcome run = Alertc("run " + rules + " --history " + history + " --events -",
                             "{\"ts\": 2000, \"svc\": \"s\", \"kind\": \"err\"}\n"
                             "{\"ts\": 200000, \"svc\": \"s\", \"kind\": \"ok\"}\n");
  EXPECT_EQ(run.status, 0);
  EXPECT_NE(run.out.find("\"state\":\"firing\",\"window\":{\"start\":0,\"end\":60000},\"values\":{\"count()\":2}"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("\"message\":\"2 errors on s from 1970-01-01T00:00:00Z\""), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("\"state\":\"resolved\",\"window\":{\"start\":60000,\"end\":120000}"), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("\"source\":{\"partition\":0,\"offset\":1}}"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace alert
