// Differential test: for seeded random (rule, event) pairs, the interpreter
// decides the same with and without the optimizer. A mismatch prints a
// minimal repro (the event shrunk member by member).

#include <gtest/gtest.h>
#include <simdjson.h>

#include "compiler/checked/print.h"
#include "compiler/interp/interpreter.h"
#include "compiler/opt/pass.h"
#include "compiler/sema/check.h"
#include "tests/testing/random_cases.h"

namespace alert::opt {
namespace {

struct Compiled {
  std::unique_ptr<diag::Source> source;
  checked::Rule plain, optimized;
};

std::optional<Compiled> Compile(const std::string& when) {
  Compiled c;
  c.source = std::make_unique<diag::Source>("gen.alert", "rule r { when " + when + " }");
  auto first = sema::CheckSource(*c.source);
  if (first.rules.empty()) return std::nullopt;
  auto second = sema::CheckSource(*c.source);
  c.plain = std::move(first.rules[0]);
  c.optimized = Optimize(std::move(second.rules[0]));
  return c;
}

bool Decide(const checked::Rule& rule, const std::string& event) {
  simdjson::dom::parser parser;
  return interp::Interpreter(rule).Matches(parser.parse(event).value());
}

// Drops event members one at a time while the two still disagree.
std::string Shrink(const Compiled& c, std::string event) {
  simdjson::dom::parser parser;
  bool progress = true;
  while (progress) {
    progress = false;
    simdjson::dom::object obj = parser.parse(event).value().get_object();
    std::vector<std::string> members;
    for (auto [k, v] : obj) members.push_back("\"" + std::string(k) + "\":" + simdjson::to_string(v));
    for (size_t drop = 0; drop < members.size(); ++drop) {
      std::string candidate = "{";
      for (size_t i = 0; i < members.size(); ++i) {
        if (i == drop) continue;
        candidate += (candidate.size() > 1 ? "," : "") + members[i];
      }
      candidate += "}";
      if (Decide(c.plain, candidate) != Decide(c.optimized, candidate)) {
        event = candidate;
        progress = true;
        break;
      }
    }
  }
  return event;
}

TEST(OptimizerDifferential, OptimizedRulesDecideLikeTheOriginal) {
  constexpr uint64_t kSeed = 20261123;
  constexpr int kRules = 2500, kEventsPerRule = 40;
  testing::RandomCases gen(kSeed);
  std::vector<std::string> events;
  for (int i = 0; i < 200; ++i) events.push_back(gen.Event());
  size_t pairs = 0, rules = 0, matched = 0;
  simdjson::dom::parser parser;
  std::vector<simdjson::dom::element> docs;
  std::vector<std::unique_ptr<simdjson::dom::parser>> parsers;
  for (const auto& e : events) {
    parsers.push_back(std::make_unique<simdjson::dom::parser>());
    docs.push_back(parsers.back()->parse(e).value());
  }
  for (int r = 0; r < kRules; ++r) {
    const std::string when = gen.Condition(4);
    auto c = Compile(when);
    if (!c) continue;
    ++rules;
    const interp::Interpreter plain(c->plain), optimized(c->optimized);
    for (int k = 0; k < kEventsPerRule; ++k) {
      const size_t i = (static_cast<size_t>(r) * 7 + static_cast<size_t>(k) * 13) % events.size();
      const bool want = plain.Matches(docs[i]);
      matched += want;
      ++pairs;
      if (optimized.Matches(docs[i]) != want) {
        ADD_FAILURE() << "optimizer changed a verdict (seed " << kSeed << ", rule " << r << ")\n"
                      << "  when:  " << when << "\n  event: " << Shrink(*c, events[i]) << "\n  plain: " << want
                      << "\n  optimized rule:\n" << checked::PrintRule(c->optimized);
        return;
      }
    }
  }
  std::cout << rules << " rules checked of " << kRules << " generated; " << pairs << " (rule, event) pairs, "
            << matched << " matching\n";
  EXPECT_GE(pairs, 50000u);
  EXPECT_GT(matched, pairs / 20);        // the cases are not all trivially false
  EXPECT_LT(matched, pairs - pairs / 20);
}

}  // namespace
}  // namespace alert::opt
