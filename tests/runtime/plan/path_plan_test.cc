// The path plan extracts exactly what the RFC 9535 evaluator selects, in one
// on-demand pass, or says the event needs the DOM.

#include "runtime/plan/path_plan.h"

#include <gtest/gtest.h>

#include "bench/common/workload.h"
#include "compiler/parse/parse.h"
#include "compiler/sema/check.h"
#include "runtime/jsonpath/evaluate.h"
#include "tests/testing/random_cases.h"

namespace alert::plan {
namespace {

jsonpath::Query Compile(const std::string& text) {
  const diag::Source source("q", text);
  auto parsed = parse::ParseQuery(source);
  EXPECT_TRUE(parsed.path) << text;
  return *sema::CheckQuery(*parsed.path, source).query;
}

const std::vector<std::string> kPaths = {
    "$.a", "$.b", "$.s", "$.n", "$.big", "$.名前", "$.obj.x", "$.obj.y.z", "$.arr[0]", "$.arr[-1]", "$.arr[1]",
    "$.obj.x.y.z.w", "$['a']", "$.customerId", "$.application", "$.actor.isAdmin", "$.payload.items[0].size",
    "$.payload.items[-1].name", "$.metrics.responseTime", "$.target.manager", "$.path[1].rtt", "$.zz.yy",
};

// The same value: scalars alike, containers the same text (== is not
// reflexive on objects with duplicate names).
bool Same(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  if (a.kind() == Value::Kind::kArray || a.kind() == Value::Kind::kObject) {
    return simdjson::minify(a.element()) == simdjson::minify(b.element());
  }
  return Equal(a, b);
}

// Compares the plan with the DOM evaluator on `events`; returns how many
// events the plan extracted without the DOM.
size_t Compare(const std::vector<std::string>& events) {
  std::vector<jsonpath::Query> queries;
  for (const auto& p : kPaths) queries.push_back(Compile(p));
  const PathPlan plan(queries);
  simdjson::ondemand::parser ondemand;
  simdjson::dom::parser dom;
  std::vector<Value> slots(queries.size());
  size_t extracted = 0;
  std::vector<Value> dom_slots(queries.size());
  for (const std::string& event : events) {
    // The DOM reader: every path, containers included, on every event.
    const simdjson::dom::element parsed = dom.parse(event).value();
    plan.ExtractDom(parsed, dom_slots.data());
    for (size_t k = 0; k < queries.size(); ++k) {
      const Value want = jsonpath::QueryValue(queries[k], parsed, parsed);
      EXPECT_TRUE(Same(dom_slots[k], want)) << kPaths[k] << " in " << event;
    }
    const simdjson::padded_string padded(event);
    const PathPlan::Outcome outcome = plan.Extract(ondemand, padded, slots.data());
    EXPECT_NE(outcome, PathPlan::Outcome::kMalformed) << event;
    if (outcome != PathPlan::Outcome::kExtracted) continue;
    ++extracted;
    const simdjson::dom::element doc = dom.parse(event).value();
    for (size_t k = 0; k < queries.size(); ++k) {
      const Value want = jsonpath::QueryValue(queries[k], doc, doc);
      EXPECT_TRUE(Equal(slots[k], want) && slots[k].kind() == want.kind())
          << kPaths[k] << " in " << event;
    }
  }
  return extracted;
}

TEST(PathPlan, ExtractsWhatTheEvaluatorSelects) {
  testing::RandomCases gen(99);
  std::vector<std::string> events;
  for (int i = 0; i < 2000; ++i) events.push_back(gen.Event());
  const size_t extracted = Compare(events);
  EXPECT_GT(extracted, 100u);  // the rest select a container somewhere: the DOM's job
}

TEST(PathPlan, ExtractsTheBenchmarkWorkloadInOnePass) {
  bench::Workload workload(5);
  std::vector<std::string> events;
  for (int i = 0; i < 2000; ++i) events.push_back(workload.Event());
  // All but events whose one-item arrays make [0] and [-1] the same element.
  EXPECT_GT(Compare(events), events.size() / 2);
}

TEST(PathPlan, TheDomReaderTakesTheFirstOfDuplicateNames) {
  const PathPlan plan({Compile("$.a.b"), Compile("$.c"), Compile("$.a")});
  simdjson::dom::parser parser;
  std::vector<Value> slots(3);
  plan.ExtractDom(parser.parse(std::string(R"({"a": {"b": 1}, "a": {"b": 2}, "c": "x"})")).value(), slots.data());
  EXPECT_EQ(slots[0].number(), Number::Int(1));
  EXPECT_EQ(slots[1].string(), "x");
  EXPECT_EQ(slots[2].kind(), Value::Kind::kObject);
}

TEST(PathPlan, DuplicateNamesTakeTheFirstAndBadInputIsMalformed) {
  const PathPlan plan({Compile("$.a.b"), Compile("$.c")});
  simdjson::ondemand::parser parser;
  std::vector<Value> slots(2);
  const simdjson::padded_string dup(std::string(R"({"a": {"b": 1}, "a": {"b": 2}, "c": "x"})"));
  ASSERT_EQ(plan.Extract(parser, dup, slots.data()), PathPlan::Outcome::kExtracted);
  EXPECT_EQ(slots[0].number(), Number::Int(1));
  EXPECT_EQ(slots[1].string(), "x");
  const simdjson::padded_string bad(std::string(R"({"a": {"b": tru}, "c": 1})"));
  EXPECT_EQ(plan.Extract(parser, bad, slots.data()), PathPlan::Outcome::kMalformed);
  const simdjson::padded_string container(std::string(R"({"a": {"b": [1]}, "c": 1})"));
  EXPECT_EQ(plan.Extract(parser, container, slots.data()), PathPlan::Outcome::kNeedsDom);
}

// Names of every length up to `longest`, against keys that differ from them
// in one byte only (first, middle or last), read whole and in steps.
void ExpectMembersFoundByEveryByte(size_t longest) {
  std::vector<jsonpath::Query> queries;
  std::vector<std::string> names;
  for (size_t n = 1; n <= longest; ++n) {
    std::string name;
    for (size_t i = 0; i < n; ++i) name += static_cast<char>('a' + (i * 7 + n) % 26);
    names.push_back(name);
    queries.push_back(Compile("$['" + name + "']"));
  }
  const PathPlan plan(queries);
  simdjson::dom::parser dom;
  std::vector<Value> slots(queries.size());
  PathPlan::Extraction steps;
  std::vector<uint32_t> all(queries.size());
  for (uint32_t k = 0; k < all.size(); ++k) all[k] = k;
  for (size_t k = 0; k < names.size(); ++k) {
    for (size_t at : {size_t{0}, names[k].size() / 2, names[k].size() - 1}) {
      std::string near = names[k];
      near[at] = near[at] == 'z' ? 'y' : static_cast<char>(near[at] + 1);
      const std::string event = "{\"" + near + "\": 1, \"" + names[k] + "\": 2}";
      const simdjson::dom::element parsed = dom.parse(event).value();
      plan.ExtractDom(parsed, slots.data());
      plan.Begin(steps);
      std::vector<Value> in_steps(queries.size());
      plan.ExtractDom(parsed, all, steps, in_steps.data());
      for (size_t j = 0; j < names.size(); ++j) {
        const Value want = jsonpath::QueryValue(queries[j], parsed, parsed);
        EXPECT_TRUE(Same(slots[j], want)) << names[j] << " in " << event;
        EXPECT_TRUE(Same(in_steps[j], want)) << names[j] << " in " << event;
      }
    }
  }
}

TEST(PathPlan, FindsMembersByLengthAndEveryByte) {
  ExpectMembersFoundByEveryByte(31);  // every name indexed by its length
  ExpectMembersFoundByEveryByte(40);  // some too long: names compared one by one
}

}  // namespace
}  // namespace alert::plan
