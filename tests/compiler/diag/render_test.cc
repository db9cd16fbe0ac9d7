// Golden tests: the exact text of rendered diagnostics.

#include <gtest/gtest.h>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/check.h"

namespace alert::diag {
namespace {

std::string RenderAll(const Source& source, const Diagnostics& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics) out += RenderText(source, d);
  return out;
}

std::string CheckAndRender(const std::string& name, const std::string& text) {
  const Source source(name, text);
  return RenderAll(source, sema::CheckSource(source).diagnostics);
}

TEST(RenderText, CaretUnderTheLeftOperand) {
  EXPECT_EQ(CheckAndRender("rules/cpu.alert", "rule cpu {\n  when \"90\" < $.cpu.usage && 1 > \"90\"\n}\n"),
            "rules/cpu.alert:2:30: error: cannot compare number with string\n"
            "    2 |   when \"90\" < $.cpu.usage && 1 > \"90\"\n"
            "      |                              ^\n");
}

TEST(RenderText, TabsAreExpandedAndCountOneColumn) {
  // The column counts the tab as one; the quoted line shows it as spaces and
  // the caret stays under the token.
  EXPECT_EQ(CheckAndRender("t.alert", "rule r {\n\twhen\t\"a\" > 3\n}\n"),
            "t.alert:2:7: error: cannot compare string with number\n"
            "    2 |     when    \"a\" > 3\n"
            "      |             ^~~\n");
}

TEST(RenderText, NonAsciiCountsCodePointsAndWideCharactersTakeTwoCells) {
  EXPECT_EQ(CheckAndRender("u.alert", "rule r { when $.名前 == \"é\" && \"ü\" > 3 }"),
            "u.alert:1:30: error: cannot compare string with number\n"
            "    1 | rule r { when $.名前 == \"é\" && \"ü\" > 3 }\n"
            "      | " + std::string(31, ' ') + "^~~\n");
}

TEST(RenderText, LongLinesAreCutAroundTheCaret) {
  std::string text = "rule r { when ";
  for (int i = 0; i < 30; ++i) text += "$.a == 1 && ";
  text += "lenght($.b) > 1 }";
  const std::string rendered = CheckAndRender("long.alert", text);
  EXPECT_EQ(rendered,
            "long.alert:1:375: error: unknown function 'lenght'; did you mean 'length'?\n"
            "    1 | ... == 1 && $.a == 1 && $.a == 1 && lenght($.b) > 1 }\n"
            "      |    " + std::string(33, ' ') + "^~~~~~\n");
}

TEST(RenderText, AVeryLongLineShowsTheSameWindowAtAnyLength) {
  // The same error, 60 KB into a line and near its start: each quote is cut
  // to a window around the caret, so its cost does not grow with the line.
  std::string far = "rule r { when ";
  for (int i = 0; i < 5000; ++i) far += "$.a == 1 && ";
  const std::string rendered = CheckAndRender("far.alert", far + "lenght($.b) > 1 && $.c == 2 }");
  EXPECT_EQ(rendered,
            "far.alert:1:60015: error: unknown function 'lenght'; did you mean 'length'?\n"
            "    1 | ... == 1 && $.a == 1 && $.a == 1 && lenght($.b) > 1 && $.c == 2 }\n"
            "      |    " + std::string(33, ' ') + "^~~~~~\n");
  const std::string wide = CheckAndRender("wide.alert", "rule r { when lenght($.b) > 1 && " + far.substr(14) + "true }");
  EXPECT_EQ(wide.substr(wide.find('\n') + 1, 60), "    1 | rule r { when lenght($.b) > 1 && $.a == 1 && $.a == ");
  EXPECT_EQ(wide.back(), '\n');
  EXPECT_LT(wide.size(), 400u);
}

TEST(RenderText, ErrorAtEndOfInputPointsPastTheLastCharacter) {
  EXPECT_EQ(CheckAndRender("eof.alert", "rule r { when $.a =="),
            "eof.alert:1:21: error: unexpected end of input; expected an expression\n"
            "    1 | rule r { when $.a ==\n"
            "      |                     ^\n");
}

TEST(RenderText, WarningsAreLabelled) {
  EXPECT_EQ(CheckAndRender("w.alert", "rule r { when $.ok }"),
            "w.alert:1:15: warning: a bare path tests existence: it holds when '$.ok' is present, even if false; "
            "write 'exists $.ok' or '$.ok == true'\n"
            "    1 | rule r { when $.ok }\n"
            "      |               ^~~~\n");
}

TEST(RenderJson, CarriesPositionsSeverityMessageAndReplacement) {
  const Source source("w.alert", "rule r {\n  when $.ok\n}");
  const auto result = sema::CheckSource(source);
  EXPECT_EQ(RenderJson(source, result.diagnostics.items()),
            R"([{"file":"w.alert","line":2,"column":8,"end_line":2,"end_column":12,"severity":"warning",)"
            R"("message":"a bare path tests existence: it holds when '$.ok' is present, even if false; )"
            R"(write 'exists $.ok' or '$.ok == true'","replacement":"exists $.ok"}])");
}

TEST(RenderJson, EscapesControlCharactersAndQuotes) {
  const Source source("q\"x.alert", "rule r { when $.a == \"\t\" }");
  const auto result = sema::CheckSource(source);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(RenderJson(source, result.diagnostics.items()),
            R"([{"file":"q\"x.alert","line":1,"column":23,"end_line":1,"end_column":24,"severity":"error",)"
            R"("message":"control character U+0009 in a string; write it as an escape"}])");
}

}  // namespace
}  // namespace alert::diag
