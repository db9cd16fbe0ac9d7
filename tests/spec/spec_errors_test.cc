// Every file in ../shared/spec/errors is rejected (or warned) exactly as its
// first line says: `# expect-error LINE:COLUMN substring` or
// `# expect-warning LINE:COLUMN substring`.

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <regex>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/check.h"
#include "tests/testing/shared_dir.h"

namespace alert {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

struct Expectation {
  bool warning = false;
  diag::Position position;
  std::string substring;
};

Expectation ParseExpectation(const std::string& text) {
  const std::string first_line = text.substr(0, text.find('\n'));
  static const std::regex kLine(R"(^# expect-(error|warning) (\d+):(\d+) ?(.*?)\r?$)");
  std::smatch m;
  EXPECT_TRUE(std::regex_match(first_line, m, kLine)) << first_line;
  Expectation e;
  e.warning = m[1] == "warning";
  e.position = {static_cast<uint32_t>(std::stoul(m[2])), static_cast<uint32_t>(std::stoul(m[3]))};
  e.substring = m[4];
  return e;
}

TEST(SpecErrorsCorpus, IsPresent) {
  EXPECT_GE(testing::FilesIn(testing::SharedDir() / "spec" / "errors", ".alert").size(), 15u)
      << "no error cases under " << testing::SharedDir();
}

class SpecErrors : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(SpecErrors, DiagnosedAsItsFirstLineSays) {
  const std::filesystem::path& path = GetParam();
  const std::string text = testing::ReadFile(path);
  const Expectation expected = ParseExpectation(text);
  const diag::Source source(path.filename().string(), text);
  const sema::CheckResult result = sema::CheckSource(source);
  std::string rendered;
  for (const auto& d : result.diagnostics) rendered += diag::RenderText(source, d);

  const diag::Severity wanted = expected.warning ? diag::Severity::kWarning : diag::Severity::kError;
  const auto& items = result.diagnostics.items();
  // The first diagnostic of the wanted severity in (line, column) order.
  const auto first = std::find_if(items.begin(), items.end(), [&](const diag::Diagnostic& d) { return d.severity == wanted; });
  ASSERT_NE(first, items.end()) << rendered;
  const diag::Position at = source.PositionOf(first->span.begin);
  EXPECT_EQ(at.line, expected.position.line) << rendered;
  EXPECT_EQ(at.column, expected.position.column) << rendered;
  EXPECT_NE(Lower(first->message).find(Lower(expected.substring)), std::string::npos) << rendered;
  if (expected.warning) {
    EXPECT_FALSE(result.diagnostics.HasErrors()) << rendered;
    EXPECT_FALSE(result.rules.empty());
  } else {
    EXPECT_TRUE(result.rules.empty());
  }
}

INSTANTIATE_TEST_SUITE_P(Files, SpecErrors,
                         ::testing::ValuesIn(testing::FilesIn(testing::SharedDir() / "spec" / "errors", ".alert")),
                         [](const auto& info) { return info.param.stem().string(); });

}  // namespace
}  // namespace alert
