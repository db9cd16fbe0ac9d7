// alertc run --state as a user sees it: a second run over the same events
// resumes and prints nothing new; a run over a longer file continues where
// the first stopped; the rules file is applied as upserts (a changed rule is
// version 2 and starts afresh, a removed rule's state is dropped); a
// directory it cannot use is a clear error, exit 2; a restart links its
// machine code from the store's code cache and compiles nothing.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/testing/alertc_process.h"
#include "tests/testing/temp_dir.h"

namespace alert {
namespace {

using testing::RunAlertc;

std::string Events(int from, int to) {
  std::string out;
  for (int i = from; i < to; ++i) {
    out += "{\"ts\":" + std::to_string(i * 1000) + ",\"customerId\":\"c\",\"x\":1,\"eventId\":" + std::to_string(i) +
           "}\n";
  }
  return out;
}

// How many lines of `out` contain `text`.
int Lines(const std::string& out, const std::string& text) {
  int n = 0;
  for (size_t at = 0; (at = out.find(text, at)) != std::string::npos; at += text.size()) ++n;
  return n;
}

TEST(RunState, ASecondRunResumesAfterTheLastCheckpoint) {
  testing::TempDir dir;
  const std::string rules = testing::WriteTempFile(
      "resume.alert",
      "rule each { when $.x == 1 }\n"
      "rule twelve { when $.x == 1 group by $.customerId fire when count() >= 12 }\n");
  const std::string events = dir.file("events.ndjson");
  std::ofstream(events) << Events(0, 10);
  const std::string run = "run " + rules + " --events " + events + " --state " + dir.file("state");
  const auto first = RunAlertc(run + " --checkpoint-every 4");
  ASSERT_EQ(first.status, 0) << first.out;
  EXPECT_EQ(Lines(first.out, "\"rule\":\"each\""), 10);
  // The same input again: everything was applied; nothing is printed again.
  const auto again = RunAlertc(run);
  ASSERT_EQ(again.status, 0) << again.out;
  EXPECT_EQ(again.out, "");
  // The input grew: only the new lines are applied, on the restored windows.
  std::ofstream(events, std::ios::app) << Events(10, 12);
  const auto grown = RunAlertc(run + " --stats " + dir.file("stats.json"));
  ASSERT_EQ(grown.status, 0) << grown.out;
  // `each` for the two new events; `twelve` counted 10 before.
  EXPECT_EQ(Lines(grown.out, "\"rule\":\"each\""), 2) << grown.out;
  EXPECT_EQ(Lines(grown.out, "\"rule\":\"twelve\""), 1) << grown.out;
  std::ifstream stats(dir.file("stats.json"));
  const std::string json((std::istreambuf_iterator<char>(stats)), {});
  EXPECT_NE(json.find("\"events\": 12,"), std::string::npos) << json;
}

TEST(RunState, ARestartLinksItsCodeFromTheStoreAndCompilesNothing) {
  testing::TempDir dir;
  std::string text;
  for (int i = 0; i < 100; ++i) text += "rule r" + std::to_string(i) + " { when $.x == " + std::to_string(i) + " }\n";
  const std::string rules = testing::WriteTempFile("cached.alert", text);
  const std::string events = dir.file("events.ndjson");
  std::ofstream(events) << Events(0, 2);
  const std::string run = "run " + rules + " --events " + events + " --state " + dir.file("state") +
                          " --wait-for-compiles --stats " + dir.file("stats.json");
  auto code_batches = [&] {
    std::ifstream stats(dir.file("stats.json"));
    const std::string json((std::istreambuf_iterator<char>(stats)), {});
    const size_t at = json.find("\"code_batches\"");
    return at == std::string::npos ? json : json.substr(at, json.find('}', at) - at + 1);
  };
  ASSERT_EQ(RunAlertc(run).status, 0);
  EXPECT_EQ(code_batches(), "\"code_batches\": {\"compiled\": 2, \"from_cache\": 0, \"failed\": 0}");
  std::ofstream(events, std::ios::app) << Events(2, 3);
  ASSERT_EQ(RunAlertc(run).status, 0);
  EXPECT_EQ(code_batches(), "\"code_batches\": {\"compiled\": 0, \"from_cache\": 2, \"failed\": 0}");
}

TEST(RunState, TheRulesFileIsAppliedAsUpserts) {
  testing::TempDir dir;
  const std::string events = dir.file("events.ndjson");
  std::ofstream(events) << Events(0, 4);
  const std::string rules = dir.file("rules.alert");
  auto run = [&](const std::string& text) {
    std::ofstream(rules) << text;
    return RunAlertc("run " + rules + " --events " + events + " --state " + dir.file("state"));
  };
  const std::string kept = "rule kept { when $.x == 1 group by $.customerId fire when count() >= 5 }\n";
  const std::string changed = "rule changed { when $.x == 1 group by $.customerId fire when count() >= 5 }\n";
  ASSERT_EQ(run(kept + changed + "rule gone { when $.x == 1 }\n").status, 0);
  std::ofstream(events, std::ios::app) << Events(4, 6);
  // `kept` counts on (4 + 1 >= 5 fires at the fifth event), `changed` is
  // version 2 and starts afresh (2 events), `gone` is deleted (its state
  // leaving the store: checkpoint_test).
  const auto second = run(kept + "rule changed { when $.x == 1 group by $.customerId fire when count() >= 2 }\n");
  ASSERT_EQ(second.status, 0) << second.out;
  EXPECT_EQ(Lines(second.out, "\"rule\":\"kept\",\"version\":1"), 1) << second.out;
  EXPECT_EQ(Lines(second.out, "\"rule\":\"changed\",\"version\":2"), 1) << second.out;
  EXPECT_NE(second.out.find("\"offset\":5"), std::string::npos) << second.out;  // changed fired at its second event
  EXPECT_EQ(second.out.find("\"rule\":\"gone\""), std::string::npos) << second.out;
}

TEST(RunState, ADirectoryItCannotUseIsAClearError) {
  testing::TempDir dir;
  const std::string rules = testing::WriteTempFile("dir.alert", "rule r { when $.x == 1 }");
  const std::string events = dir.file("events.ndjson");
  std::ofstream(events) << Events(0, 2);
  const std::string other_events = dir.file("other.ndjson");
  std::ofstream(other_events) << Events(0, 2);
  const std::string run = "run " + rules + " --events ";
  // Not a store.
  std::filesystem::create_directories(dir.path() / "notes");
  std::ofstream(dir.path() / "notes" / "todo.txt") << "x";
  auto outcome = RunAlertc(run + events + " --state " + dir.file("notes"));
  EXPECT_EQ(outcome.status, 2);
  EXPECT_NE(outcome.out.find("is not an alertjit store"), std::string::npos) << outcome.out;
  // Another input's state.
  ASSERT_EQ(RunAlertc(run + events + " --state " + dir.file("state")).status, 0);
  outcome = RunAlertc(run + other_events + " --state " + dir.file("state"));
  EXPECT_EQ(outcome.status, 2);
  EXPECT_NE(outcome.out.find("holds the state of a run over"), std::string::npos) << outcome.out;
  // --counts has no state.
  outcome = RunAlertc(run + events + " --counts --state " + dir.file("state"));
  EXPECT_EQ(outcome.status, 2);
  // A directory that cannot be written (immutable: even root cannot).
  const std::string locked = dir.file("locked");
  ASSERT_EQ(RunAlertc(run + events + " --state " + locked).status, 0);
  if (std::system(("chattr -R +i " + locked + " 2>/dev/null").c_str()) != 0) GTEST_SKIP() << "no chattr here";
  outcome = RunAlertc(run + events + " --state " + locked);
  std::system(("chattr -R -i " + locked).c_str());
  EXPECT_EQ(outcome.status, 2);
  EXPECT_NE(outcome.out.find("--state " + locked), std::string::npos) << outcome.out;
  EXPECT_EQ(outcome.out.find("\"rule\""), std::string::npos) << outcome.out;
}

}  // namespace
}  // namespace alert
