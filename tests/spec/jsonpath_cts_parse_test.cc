// The RFC 9535 compliance suite (../shared/conformance/jsonpath-cts/cts.json),
// front end only: every valid selector parses and checks, every invalid one is
// rejected with a located diagnostic. (Evaluation is tested in runtime/.)

#include <gtest/gtest.h>
#include <simdjson.h>

#include "compiler/parse/parse.h"
#include "compiler/sema/check.h"
#include "tests/testing/shared_dir.h"

namespace alert {
namespace {

struct Case {
  std::string name;
  std::string selector;
  bool invalid = false;
};

std::vector<Case> LoadCases() {
  simdjson::dom::parser parser;
  const auto path = testing::SharedDir() / "conformance" / "jsonpath-cts" / "cts.json";
  simdjson::dom::element root = parser.load(path.string());
  std::vector<Case> cases;
  for (simdjson::dom::element test : root["tests"].get_array()) {
    Case c;
    c.name = std::string(std::string_view(test["name"]));
    c.selector = std::string(std::string_view(test["selector"]));
    bool invalid = false;
    if (test["invalid_selector"].get(invalid) == simdjson::SUCCESS) c.invalid = invalid;
    cases.push_back(std::move(c));
  }
  return cases;
}

// Parses and checks a query; the diagnostics of whichever stage failed.
diag::Diagnostics Front(const diag::Source& source, bool* ok) {
  parse::QueryResult parsed = parse::ParseQuery(source);
  if (!parsed.path) {
    *ok = false;
    return parsed.diagnostics;
  }
  sema::QueryCheckResult checked = sema::CheckQuery(*parsed.path, source);
  *ok = checked.query.has_value();
  return checked.diagnostics;
}

TEST(JsonPathCts, ValidSelectorsParseAndInvalidOnesAreRejectedWithALocation) {
  const std::vector<Case> cases = LoadCases();
  ASSERT_EQ(cases.size(), 703u);
  size_t valid = 0, invalid = 0;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name + ": " + c.selector);
    const diag::Source source("query", c.selector);
    bool ok = false;
    const diag::Diagnostics diagnostics = Front(source, &ok);
    if (c.invalid) {
      ++invalid;
      EXPECT_FALSE(ok);
      ASSERT_TRUE(diagnostics.HasErrors());
      const diag::Diagnostic& d = diagnostics.items().front();
      EXPECT_LE(d.span.begin, c.selector.size());
      EXPECT_FALSE(d.message.empty());
    } else {
      ++valid;
      std::string rendered;
      for (const auto& d : diagnostics) rendered += diag::RenderText(source, d);
      EXPECT_TRUE(ok) << rendered;
    }
  }
  EXPECT_EQ(invalid, 247u);
  EXPECT_EQ(valid, 456u);
}

}  // namespace
}  // namespace alert
