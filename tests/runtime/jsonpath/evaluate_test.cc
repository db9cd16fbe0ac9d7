// The RFC 9535 evaluator beyond the compliance suite: the work budget,
// Jayway's trailing functions, and evaluation from '@'.

#include "runtime/jsonpath/evaluate.h"

#include <gtest/gtest.h>

#include "compiler/parse/parse.h"
#include "compiler/sema/check.h"

namespace alert::jsonpath {
namespace {

Query Compile(const std::string& text) {
  const diag::Source source("q", text);
  auto parsed = parse::ParseQuery(source);
  EXPECT_TRUE(parsed.path) << text;
  auto checked = sema::CheckQuery(*parsed.path, source);
  EXPECT_TRUE(checked.query) << text;
  return *checked.query;
}

// [1,[1,[1,...1]]], `depth` arrays one inside another.
std::string NestedArrays(int depth) {
  std::string doc;
  for (int i = 0; i < depth; ++i) doc += "[1,";
  doc += "1";
  for (int i = 0; i < depth; ++i) doc += "]";
  return doc;
}

TEST(Evaluate, AHostileQueryStopsAtItsBudget) {
  // 1,000 nested arrays: each '..*' visits every descendant of every node the
  // previous one selected, so six of them would visit ~10^15 nodes.
  simdjson::dom::parser parser;
  const Node root = parser.parse(NestedArrays(1000)).value();
  std::vector<Node> nodes;
  EXPECT_FALSE(Select(Compile("$..*..*..*..*..*..*"), root, root, &nodes));
  EXPECT_TRUE(nodes.empty());
  EXPECT_TRUE(QueryValue(Compile("$..*..*..*..*..*..*.length()"), root, root).is_nothing());
  EXPECT_TRUE(Select(Compile("$..*"), root, root, &nodes));
  EXPECT_EQ(nodes.size(), 2000u);
}

TEST(Evaluate, TrailingFunctionsReadTheSelectionAsAWhole) {
  simdjson::dom::parser parser;
  const Node root = parser.parse(std::string(R"({"a": [3, 1, "x", 2], "b": [{"v": 5}, {"v": 7}], "s": "héllo"})")).value();
  EXPECT_EQ(QueryValue(Compile("$.a.length()"), root, root).number(), Number::Int(4));
  EXPECT_EQ(QueryValue(Compile("$.s.size()"), root, root).number(), Number::Int(5));
  EXPECT_EQ(QueryValue(Compile("$.a.min()"), root, root).number(), Number::Int(1));
  EXPECT_EQ(QueryValue(Compile("$.a.sum()"), root, root).number(), Number::Int(6));
  EXPECT_EQ(QueryValue(Compile("$.b[*].v.max()"), root, root).number(), Number::Int(7));
  EXPECT_EQ(QueryValue(Compile("$.b[*].v.avg()"), root, root).number(), Number::Int(6));
  EXPECT_TRUE(QueryValue(Compile("$.b[*].v.length()"), root, root).is_nothing());  // two nodes
  EXPECT_TRUE(QueryValue(Compile("$.zz.sum()"), root, root).is_nothing());
}

TEST(Evaluate, RelativeQueriesStartAtTheCurrentNode) {
  simdjson::dom::parser parser;
  const Node root = parser.parse(std::string(R"({"x": {"y": 1}})")).value();
  const Node x = root["x"].value();
  std::vector<Node> nodes;
  Query q = Compile("$.y");
  q.relative = true;
  EXPECT_TRUE(Select(q, root, x, &nodes));
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_EQ(int64_t(nodes[0]), 1);
}

TEST(Evaluate, SlicesOfLargeArraysSelectInOrder) {
  std::string doc = "[";
  for (int i = 0; i < 100000; ++i) doc += (i ? "," : "") + std::to_string(i);
  doc += "]";
  simdjson::dom::parser parser;
  const Node root = parser.parse(doc).value();
  std::vector<Node> nodes;
  ASSERT_TRUE(Select(Compile("$[::1]"), root, root, &nodes));
  ASSERT_EQ(nodes.size(), 100000u);
  EXPECT_EQ(int64_t(nodes[99999]), 99999);
  nodes.clear();
  ASSERT_TRUE(Select(Compile("$[-1:-5:-2]"), root, root, &nodes));
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(int64_t(nodes[0]), 99999);
  EXPECT_EQ(int64_t(nodes[1]), 99997);
}

TEST(Evaluate, LocationsAreLinksAndStoppedEvaluationsAreCounted) {
  simdjson::dom::parser parser;
  const Node root = parser.parse(NestedArrays(1000)).value();
  size_t deepest = 0, selected = 0;
  ASSERT_TRUE(SelectLocated(Compile("$..*"), root, [&](Node, const std::vector<Step>& at) {
    deepest = std::max(deepest, at.size());
    ++selected;
  }));
  EXPECT_EQ(selected, 2000u);
  EXPECT_EQ(deepest, 1000u);
  const uint64_t before = ExhaustedEvaluations();
  EXPECT_FALSE(SelectLocated(Compile("$..*..*..*"), root, [&](Node, const std::vector<Step>&) { FAIL(); }));
  std::vector<Node> nodes;
  EXPECT_FALSE(Select(Compile("$..*..*..*"), root, root, &nodes));
  EXPECT_EQ(ExhaustedEvaluations(), before + 2);
}

}  // namespace
}  // namespace alert::jsonpath
