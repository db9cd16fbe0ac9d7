// Differential test: compiled predicates decide exactly what the reference
// interpreter decides. Seeded random (rule, event) pairs cover every operator
// and type; each pair is decided four ways: interpreter, interpreter after
// the optimizer, JIT at -O0 (unoptimized rule) and JIT at -O2 (optimized
// rule). A disagreement prints a minimal repro.

#include <gtest/gtest.h>
#include <simdjson.h>

#include <atomic>
#include <thread>

#include "compiler/checked/print.h"
#include "compiler/interp/interpreter.h"
#include "compiler/jit/jit.h"
#include "compiler/opt/pass.h"
#include "compiler/sema/check.h"
#include "tests/testing/random_cases.h"
#include "tests/testing/shared_dir.h"

namespace alert::jit {
namespace {

constexpr uint64_t kSeed = 424242;
constexpr int kGenerated = 4200;
constexpr int kBatch = 150;
constexpr int kEventsPerRule = 40;

struct Config {
  const char* name;
  int opt_level;
  bool optimize;
};

std::optional<checked::Rule> CheckWhen(const std::string& when, bool optimize) {
  const diag::Source source("gen.alert", "rule r { when " + when + " }");
  auto result = sema::CheckSource(source);
  if (result.rules.empty()) return std::nullopt;
  return optimize ? opt::Optimize(std::move(result.rules[0])) : std::move(result.rules[0]);
}

// The verdicts of one rule over events, by one configuration.
std::vector<bool> Decide(Jit& jit, const std::string& when, bool optimize, const std::vector<std::string>& events) {
  std::vector<checked::Rule> rules;
  rules.push_back(*CheckWhen(when, optimize));
  auto batch = Compile(jit, std::move(rules));
  EXPECT_TRUE(batch.ok()) << batch.status();
  std::vector<bool> out;
  std::vector<Value> scratch;
  for (const auto& e : events) {
    simdjson::dom::parser parser;
    uint8_t matched = 0;
    (*batch)->Evaluate(parser.parse(e).value(), &matched, &scratch);
    out.push_back(matched);
  }
  return out;
}

bool Interpret(const std::string& when, const std::string& event) {
  auto rule = CheckWhen(when, false);
  simdjson::dom::parser parser;
  return interp::Interpreter(*rule).Matches(parser.parse(event).value());
}

// Drops event members one at a time while the JIT still disagrees.
std::string Shrink(Jit& jit, const std::string& when, bool optimize, std::string event) {
  for (bool progress = true; progress;) {
    progress = false;
    simdjson::dom::parser parser;
    std::vector<std::string> members;
    for (auto [k, v] : parser.parse(event).value().get_object()) {
      members.push_back("\"" + std::string(k) + "\":" + simdjson::to_string(v));
    }
    for (size_t drop = 0; drop < members.size() && !progress; ++drop) {
      std::string candidate = "{";
      for (size_t i = 0; i < members.size(); ++i) {
        if (i != drop) candidate += (candidate.size() > 1 ? "," : "") + members[i];
      }
      candidate += "}";
      if (Decide(jit, when, optimize, {candidate})[0] != Interpret(when, candidate)) {
        event = candidate;
        progress = true;
      }
    }
  }
  return event;
}

TEST(JitDifferential, CompiledPredicatesDecideLikeTheInterpreter) {
  testing::RandomCases gen(kSeed);
  std::vector<std::string> events;
  for (int i = 0; i < 300; ++i) events.push_back(gen.Event());
  std::vector<std::unique_ptr<simdjson::dom::parser>> parsers;
  std::vector<simdjson::dom::element> docs;
  for (const auto& e : events) {
    parsers.push_back(std::make_unique<simdjson::dom::parser>());
    docs.push_back(parsers.back()->parse(e).value());
  }
  std::vector<std::string> whens;
  for (int i = 0; i < kGenerated; ++i) {
    std::string when = gen.Condition(4);
    if (CheckWhen(when, false)) whens.push_back(std::move(when));
  }
  const Config configs[] = {{"jit -O0", 0, false}, {"jit -O2 + optimizer", 2, true}};
  size_t pairs = 0, matched = 0, native = 0, fallback = 0;
  for (const Config& config : configs) {
    auto jit = CreateJit(JitOptions{config.opt_level, ""});
    ASSERT_TRUE(jit.ok()) << jit.status();
    for (size_t first = 0; first < whens.size(); first += kBatch) {
      const size_t last = std::min(whens.size(), first + kBatch);
      std::vector<checked::Rule> rules;
      std::vector<checked::Rule> plain, optimized;
      for (size_t r = first; r < last; ++r) {
        rules.push_back(*CheckWhen(whens[r], config.optimize));
        plain.push_back(*CheckWhen(whens[r], false));
        optimized.push_back(*CheckWhen(whens[r], true));
      }
      auto batch = Compile(**jit, std::move(rules));
      ASSERT_TRUE(batch.ok()) << batch.status();
      native += (*batch)->native_tests();
      fallback += (*batch)->fallback_tests();
      std::vector<uint8_t> verdicts(last - first);
      std::vector<Value> scratch;
      for (int k = 0; k < kEventsPerRule; ++k) {
        const size_t e = (first * 7 + static_cast<size_t>(k) * 31) % docs.size();
        (*batch)->Evaluate(docs[e], verdicts.data(), &scratch);
        // Rule by rule, as for the rule index's candidates, in reverse order:
        // shared tests are memoized by whichever rule makes them first.
        std::vector<uint8_t> shared((*batch)->shared_size(), 0);
        for (size_t r = last; r-- > first;) {
          ASSERT_EQ((*batch)->RunRule(r - first, scratch.data(), docs[e], shared.data()), bool(verdicts[r - first]))
              << config.name << ", rule by rule: " << whens[r] << "\n  event: " << events[e];
        }
        for (size_t r = first; r < last; ++r) {
          const bool want = interp::Interpreter(plain[r - first]).Matches(docs[e]);
          const bool want_opt = interp::Interpreter(optimized[r - first]).Matches(docs[e]);
          ++pairs;
          matched += want;
          if (verdicts[r - first] != want || want_opt != want) {
            const std::string event = Shrink(**jit, whens[r], config.optimize, events[e]);
            ADD_FAILURE() << config.name << " disagrees with the interpreter (seed " << kSeed << ")\n"
                          << "  when:  " << whens[r] << "\n  event: " << event << "\n  interpreter: " << want
                          << ", after the optimizer: " << want_opt << ", jit: " << int(verdicts[r - first]) << "\n"
                          << checked::PrintRule(*CheckWhen(whens[r], config.optimize));
            return;
          }
        }
      }
    }
  }
  std::cout << whens.size() << " rules; " << pairs << " (rule, event) pairs over 2 JIT configurations, " << matched
            << " matching; tests compiled natively: " << native << ", handed to the interpreter: " << fallback << "\n";
  EXPECT_GE(pairs, 200000u);  // at least 100,000 pairs per configuration
  EXPECT_GT(matched, pairs / 20);
  EXPECT_GT(native, 1000u);
}

TEST(JitDifferential, SpecExamplesOnTheirEvents) {
  auto jit = CreateJit();
  ASSERT_TRUE(jit.ok()) << jit.status();
  simdjson::dom::parser parser;
  simdjson::dom::element cases = parser.load(std::string(ALERT_SOURCE_DIR) + "/tests/compiler/interp/example_events.json");
  size_t verdicts = 0;
  for (simdjson::dom::element group : cases.get_array()) {
    const std::string file{std::string_view(group["file"])};
    const diag::Source source(file, alert::testing::ReadFile(alert::testing::SharedDir() / "spec" / "examples" / file));
    auto checked = sema::CheckSource(source);
    ASSERT_FALSE(checked.rules.empty()) << file;
    std::vector<checked::Rule> rules;
    for (auto& r : checked.rules) rules.push_back(opt::Optimize(std::move(r)));
    auto reference = sema::CheckSource(source);
    auto batch = Compile(**jit, std::move(rules));
    ASSERT_TRUE(batch.ok()) << batch.status();
    std::vector<uint8_t> matched((*batch)->rules().size());
    std::vector<Value> scratch;
    for (simdjson::dom::element c : group["cases"].get_array()) {
      (*batch)->Evaluate(c["event"].value(), matched.data(), &scratch);
      for (size_t i = 0; i < matched.size(); ++i) {
        EXPECT_EQ(bool(matched[i]), interp::Interpreter(reference.rules[i]).Matches(c["event"].value()))
            << file << " " << reference.rules[i].id << ": " << std::string_view(c["name"]);
        ++verdicts;
      }
    }
  }
  EXPECT_GE(verdicts, 60u);
}

TEST(Jit, RemovingABatchFreesItsCodeAndLeavesOthersRunning) {
  auto jit = CreateJit();
  ASSERT_TRUE(jit.ok());
  auto rules_of = [](const std::string& text) {
    const diag::Source source("t.alert", text);
    return std::move(sema::CheckSource(source).rules);
  };
  auto first = Compile(**jit, rules_of("rule a { when $.x == 1 }"));
  auto second = Compile(**jit, rules_of("rule b { when $.x == 2 }"));
  ASSERT_TRUE(first.ok() && second.ok());
  first->reset();  // its resource tracker removes its code
  simdjson::dom::parser parser;
  uint8_t matched = 0;
  std::vector<Value> scratch;
  (*second)->Evaluate(parser.parse(std::string(R"({"x": 2})")).value(), &matched, &scratch);
  EXPECT_EQ(matched, 1);
  auto third = Compile(**jit, rules_of("rule a { when $.x == 3 }"));  // the same rule id again
  ASSERT_TRUE(third.ok());
  (*third)->Evaluate(parser.parse(std::string(R"({"x": 3})")).value(), &matched, &scratch);
  EXPECT_EQ(matched, 1);
}

TEST(Jit, BatchesKeepRunningWhileOthersAreCompiledAndFreed) {
  auto jit = CreateJit();
  ASSERT_TRUE(jit.ok());
  const diag::Source source("t.alert", "rule a { when $.x == 1 }");
  auto running = Compile(**jit, std::move(sema::CheckSource(source).rules));
  ASSERT_TRUE(running.ok());
  std::atomic<bool> stop{false};
  std::atomic<size_t> evaluations{0};
  std::thread evaluator([&] {
    simdjson::dom::parser parser;
    const auto event = parser.parse(std::string(R"({"x": 1})")).value();
    std::vector<Value> scratch;
    uint8_t matched = 0;
    while (!stop) {
      (*running)->Evaluate(event, &matched, &scratch);
      if (matched != 1) std::abort();
      ++evaluations;
    }
  });
  // Compile and drop batches while the other thread evaluates.
  for (int i = 0; i < 20; ++i) {
    const diag::Source other("o.alert", "rule b { when $.y == " + std::to_string(i) + " }");
    auto batch = Compile(**jit, std::move(sema::CheckSource(other).rules));
    ASSERT_TRUE(batch.ok());
  }
  // Let the evaluator run on after the last compile too; every one of its
  // verdicts was checked (a wrong one aborts the test).
  const size_t before = evaluations;
  while (evaluations < before + 1000) std::this_thread::yield();
  stop = true;
  evaluator.join();
}

TEST(Jit, ATestSeveralRulesMakeIsComputedOncePerEvent) {
  auto jit = CreateJit();
  ASSERT_TRUE(jit.ok());
  const diag::Source source("t.alert", R"(
    rule a { when $.application == "Dropbox" && $.eventType == "Login" }
    rule b { when $.application == "Dropbox" && $.eventType == "Logout" }
    rule c { when "Dropbox" == $.application && $.n > 3 }
    rule d { when $.application == "Slack" })");
  auto batch = Compile(**jit, std::move(sema::CheckSource(source).rules));
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ((*batch)->shared_tests(), 1u);  // $.application == "Dropbox", however written
  EXPECT_EQ((*batch)->slot_count(), 3u);     // $.application, $.eventType, $.n: each read once
  simdjson::dom::parser parser;
  std::vector<uint8_t> matched(4);
  std::vector<Value> scratch;
  (*batch)->Evaluate(parser.parse(std::string(R"({"application": "Dropbox", "eventType": "Logout", "n": 4})")).value(),
                     matched.data(), &scratch);
  EXPECT_EQ(matched, (std::vector<uint8_t>{0, 1, 1, 0}));
}

}  // namespace
}  // namespace alert::jit
