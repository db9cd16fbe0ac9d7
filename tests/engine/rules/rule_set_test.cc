// The live rule set: what each change answers (versions only grow, a rule
// that does not check never replaces the running one, scope and name must
// agree with the change), tiered execution (interpreted at once, native once
// compiled), and a differential test: random sequences of upserts, deletes,
// pauses and resumes, each followed by random events, decided by the live
// set — incrementally indexed, half interpreted and half compiled — exactly
// as by a reference-interpreter set built afresh from the rules then running.

#include "engine/rules/rule_set.h"

#include <gtest/gtest.h>

#include <fmt/format.h>
#include <simdjson.h>

#include <map>
#include <random>

#include "engine/rules/store_code_cache.h"
#include "tests/testing/random_cases.h"

namespace alert::engine {
namespace {

RuleChange Upsert(const std::string& id, int64_t version, const std::string& body,
                  std::optional<std::string> tenant = std::nullopt) {
  return RuleChange{RuleChange::Op::kUpsert, std::move(tenant), id, version, "rule " + id + " { " + body + " }"};
}
RuleChange Op(RuleChange::Op op, const std::string& id, std::optional<std::string> tenant = std::nullopt) {
  return RuleChange{op, std::move(tenant), id, 0, ""};
}

std::unique_ptr<RuleSet> NewSet(bool tiered = true, RuleSetOptions::Engine engine = RuleSetOptions::Engine::kJit) {
  RuleSetOptions options;
  options.engine = engine;
  options.tiered = tiered;
  auto set = RuleSet::Create(options);
  EXPECT_TRUE(set.ok()) << set.status();
  return std::move(*set);
}

TEST(RuleSet, EachChangeGetsAClearAnswer) {
  auto set = NewSet();
  using S = ChangeResult::Status;
  auto a = set->Apply(Upsert("r", 3, "when $.x == 1"));
  EXPECT_EQ(a.status, S::kActive) << a.message;
  EXPECT_EQ(a.diagnostics_json, "[]");
  const uint64_t generation = set->generation();

  auto older = set->Apply(Upsert("r", 3, "when $.x == 2"));
  EXPECT_EQ(older.status, S::kRejected);
  EXPECT_EQ(older.message, "rule r: version 3 is not above the running version 3");
  EXPECT_EQ(set->generation(), generation) << "a rejected change changes nothing";

  auto bad = set->Apply(Upsert("r", 4, "when $.x == "));
  EXPECT_EQ(bad.status, S::kRejected);
  EXPECT_NE(bad.diagnostics_json.find("\"severity\""), std::string::npos) << bad.diagnostics_json;
  EXPECT_EQ(set->rule(*a.id)->version, 3) << "the running version stays";

  EXPECT_EQ(set->Apply(RuleChange{RuleChange::Op::kUpsert, std::nullopt, "r", 5, "rule q { when $.x == 1 }"}).status,
            S::kRejected);
  auto scoped = set->Apply(Upsert("t", 1, "scope tenant \"A\" when $.x == 1", "B"));
  EXPECT_EQ(scoped.status, S::kRejected);
  EXPECT_NE(scoped.message.find("tenant A"), std::string::npos) << scoped.message;
  auto tenant = set->Apply(Upsert("t", 1, "when $.x == 1", "B"));
  EXPECT_EQ(tenant.status, S::kActive);
  EXPECT_EQ(*set->rule(*tenant.id)->rule->tenant, "B") << "the change's tenant is the rule's scope";
  EXPECT_EQ(set->Apply(Op(RuleChange::Op::kDelete, "t")).status, S::kRejected) << "t is B's, not global";

  EXPECT_EQ(set->Apply(Op(RuleChange::Op::kPause, "r")).status, S::kPaused);
  EXPECT_TRUE(set->rule(*a.id)->paused);
  EXPECT_EQ(set->Apply(Upsert("r", 4, "when $.x == 4")).status, S::kPaused) << "a new version of a paused rule stays paused";
  EXPECT_EQ(set->Apply(Op(RuleChange::Op::kResume, "r")).status, S::kActive);
  EXPECT_EQ(set->Apply(Op(RuleChange::Op::kDelete, "r")).status, S::kDeleted);
  EXPECT_FALSE(set->rule(*a.id).has_value());
  EXPECT_EQ(set->Apply(Op(RuleChange::Op::kDelete, "r")).status, S::kRejected);
  auto again = set->Apply(Upsert("r", 4, "when $.x == 1"));
  EXPECT_EQ(again.status, S::kRejected) << "versions grow across a delete";
  EXPECT_NE(again.message.find("deleted version 4"), std::string::npos) << again.message;
  EXPECT_EQ(set->Apply(Upsert("r", 5, "when $.x == 1")).status, S::kActive);
  EXPECT_EQ(set->size(), 2u);
}

TEST(RuleSet, ANewRuleIsInterpretedAtOnceAndNativeOnceCompiled) {
  auto set = NewSet(/*tiered=*/true);
  simdjson::dom::parser parser;
  simdjson::padded_string event(std::string(R"({"x": 1})"));
  const simdjson::dom::element doc = parser.parse(event).value();
  auto scratch = set->NewScratch();
  std::vector<uint32_t> matched;
  ASSERT_EQ(set->Apply(Upsert("r", 1, "when $.x == 1")).status, ChangeResult::Status::kActive);
  set->Match(doc, *scratch, &matched);  // whichever tier decides
  EXPECT_EQ(matched.size(), 1u);
  set->WaitForCompiles();
  EXPECT_EQ(set->native_rules(), 1u);
  set->Match(doc, *scratch, &matched);
  EXPECT_EQ(matched.size(), 1u);
}

// The live set's decisions against the reference's, by rule name.
std::set<std::string> Decide(RuleSet& set, const simdjson::dom::element& event) {
  auto scratch = set.NewScratch();
  std::vector<uint32_t> matched;
  set.Match(event, *scratch, &matched);
  std::set<std::string> names;
  for (const uint32_t id : matched) names.insert(set.rule(id)->rule->id);
  return names;
}

TEST(RuleSet, ASecondProcessLinksTheCachedObjectsInsteadOfCompiling) {
  MemoryStateStore store;
  StoreCodeCache cache(store);
  RuleSetOptions options;
  options.tiered = false;
  options.cache = &cache;
  options.compile_batch = 2;
  auto rules = [] {
    std::vector<RuleChange> changes;
    for (int i = 0; i < 5; ++i) changes.push_back(Upsert(fmt::format("r{}", i), 1, fmt::format("when $.x == {} && $.s =~ \"^a\"", i)));
    return changes;
  };
  simdjson::dom::parser parser;
  simdjson::padded_string event(std::string(R"({"x": 3, "s": "abc"})"));
  const simdjson::dom::element doc = parser.parse(event).value();
  for (int run = 0; run < 2; ++run) {
    auto set = RuleSet::Create(options);
    ASSERT_TRUE(set.ok());
    for (const RuleChange& change : rules()) ASSERT_EQ((*set)->Apply(change).status, ChangeResult::Status::kActive);
    EXPECT_EQ((*set)->native_rules(), 5u);
    EXPECT_EQ(Decide(**set, doc), std::set<std::string>{"r3"});
  }
  EXPECT_EQ(cache.misses(), 5u) << "the first set compiled each rule";
  EXPECT_EQ(cache.hits(), 5u) << "the second linked them from the cache";
}

TEST(RuleSet, RandomChangesDecideAsAFreshReferenceSet) {
  testing::RandomCases cases(20261202);
  std::mt19937_64 rng(5);
  auto live = NewSet(/*tiered=*/true);
  struct Running {
    int64_t version;
    std::string body;
    bool paused;
  };
  std::map<std::string, Running> running;  // what the live set should run
  simdjson::dom::parser parser;
  int decided = 0;
  for (int step = 0; step < 300; ++step) {
    const std::string id = fmt::format("r{}", rng() % 12);
    const auto it = running.find(id);
    const int op = static_cast<int>(rng() % 10);
    if (it == running.end() || it->second.body.empty() || op < 5) {
      // An upsert of a condition that checks (half the time over the tenant path too).
      std::string body = "when " + cases.Condition(3);
      const int64_t version = (it == running.end() ? 0 : it->second.version) + 1 + static_cast<int64_t>(rng() % 2);
      const ChangeResult r = live->Apply(Upsert(id, version, body));
      if (r.status == ChangeResult::Status::kRejected) {
        ASSERT_FALSE(r.diagnostics_json == "[]") << r.message;  // only a rule that does not check
        continue;
      }
      const bool paused = it != running.end() && !it->second.body.empty() && it->second.paused;
      running[id] = Running{version, body, paused};
    } else if (op < 7) {
      ASSERT_EQ(live->Apply(Op(RuleChange::Op::kDelete, id)).status, ChangeResult::Status::kDeleted);
      // Versions grow across deletes: keep the version, as a tombstone (an
      // upsert then makes a new rule, not paused).
      running[id].paused = false;
      running[id].body.clear();
    } else {
      if (it->second.body.empty()) continue;
      const bool pause = op == 7;
      live->Apply(Op(pause ? RuleChange::Op::kPause : RuleChange::Op::kResume, id));
      it->second.paused = pause;
    }
    // The reference: the running rules, afresh, all interpreted.
    auto reference = NewSet(false, RuleSetOptions::Engine::kInterp);
    for (const auto& [name, r] : running) {
      if (r.body.empty() || r.paused) continue;
      ASSERT_EQ(reference->Apply(Upsert(name, r.version, r.body)).status, ChangeResult::Status::kActive);
    }
    if (step % 3 == 0) live->WaitForCompiles();  // some steps decide natively, some not yet
    for (int e = 0; e < 5; ++e) {
      const std::string text = cases.Event();
      simdjson::padded_string padded(text);
      const simdjson::dom::element event = parser.parse(padded).value();
      ASSERT_EQ(Decide(*live, event), Decide(*reference, event)) << "step " << step << ", event " << text;
      ++decided;
    }
  }
  live->WaitForCompiles();
  EXPECT_GT(live->native_rules(), 0u);
  EXPECT_GE(decided, 1000);
}

}  // namespace
}  // namespace alert::engine
