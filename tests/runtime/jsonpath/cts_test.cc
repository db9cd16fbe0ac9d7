// The RFC 9535 compliance suite, evaluated: every valid query of
// ../shared/conformance/jsonpath-cts/cts.json gives its expected nodelist (or
// one of the allowed ones) and normalized paths; every invalid one is rejected.

#include <gtest/gtest.h>
#include <simdjson.h>

#include "compiler/parse/parse.h"
#include "compiler/sema/check.h"
#include "runtime/json/json_string.h"
#include "runtime/jsonpath/evaluate.h"
#include "tests/testing/shared_dir.h"

namespace alert::jsonpath {
namespace {

// A selected nodelist as JSON texts: the nodes, and their normalized paths.
struct Selected {
  std::string nodes = "[";
  std::string paths = "[";
};

Selected SelectJson(const Query& query, simdjson::dom::element document) {
  Selected out;
  SelectLocated(query, document, [&](Node node, const std::vector<Step>& location) {
    const bool first = out.nodes.size() == 1;
    out.nodes += (first ? "" : ",") + simdjson::to_string(node);
    out.paths += (first ? "" : ",") + json::Quote(NormalizedPath(location));
  });
  out.nodes += "]";
  out.paths += "]";
  return out;
}

// The allowed answers of a case: its "result"/"result_paths", or each of its
// "results"/"results_paths", as minified JSON.
std::vector<std::string> Allowed(simdjson::dom::element test, const char* one, const char* many) {
  std::vector<std::string> out;
  simdjson::dom::element e;
  if (test[one].get(e) == simdjson::SUCCESS) out.push_back(simdjson::to_string(e));
  if (test[many].get(e) == simdjson::SUCCESS) {
    for (simdjson::dom::element alt : e.get_array()) out.push_back(simdjson::to_string(alt));
  }
  return out;
}

// JSON text of normalized paths as the suite writes them, re-serialized so
// that escapes compare equal.
std::string Canonical(const std::string& json) {
  simdjson::dom::parser parser;
  return simdjson::to_string(parser.parse(json).value());
}

TEST(JsonPathCts, EveryCasePasses) {
  simdjson::dom::parser parser;
  const auto path = testing::SharedDir() / "conformance" / "jsonpath-cts" / "cts.json";
  simdjson::dom::element root = parser.load(path.string());
  size_t passed = 0, total = 0;
  for (simdjson::dom::element test : root["tests"].get_array()) {
    ++total;
    const std::string name{std::string_view(test["name"])};
    const std::string selector{std::string_view(test["selector"])};
    SCOPED_TRACE(name + ": " + selector);
    bool invalid = false;
    if (test["invalid_selector"].get(invalid) != simdjson::SUCCESS) invalid = false;
    const diag::Source source("query", selector);
    parse::QueryResult parsed = parse::ParseQuery(source);
    std::optional<Query> query;
    if (parsed.path) query = sema::CheckQuery(*parsed.path, source).query;
    if (invalid) {
      EXPECT_FALSE(query.has_value());
      passed += !query.has_value();
      continue;
    }
    ASSERT_TRUE(query.has_value());
    const Selected selected = SelectJson(*query, test["document"].value());
    const std::string& got = selected.nodes;
    const std::vector<std::string> results = Allowed(test, "result", "results");
    const std::vector<std::string> paths = Allowed(test, "result_paths", "results_paths");
    bool ok = std::find(results.begin(), results.end(), got) != results.end();
    EXPECT_TRUE(ok) << "got " << got << ", expected " << (results.empty() ? "?" : results[0]);
    if (!paths.empty()) {
      const std::string got_paths = Canonical(selected.paths);
      const bool paths_ok = std::find(paths.begin(), paths.end(), got_paths) != paths.end();
      EXPECT_TRUE(paths_ok) << "got paths " << got_paths << ", expected " << paths[0];
      ok = ok && paths_ok;
    }
    passed += ok;
  }
  EXPECT_EQ(total, 703u);
  EXPECT_EQ(passed, total);
  std::cout << "RFC 9535 compliance suite: " << passed << " of " << total << " cases pass\n";
}

}  // namespace
}  // namespace alert::jsonpath
