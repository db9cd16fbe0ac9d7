#include "runtime/text/utf8.h"

#include <gtest/gtest.h>

#include "runtime/json/json_string.h"

namespace alert {
namespace {

TEST(Utf8, DecodesAndRejectsMalformedSequences) {
  EXPECT_TRUE(text::IsValidUtf8("a\xC3\xA9\xF0\x9D\x84\x9E"));
  EXPECT_FALSE(text::IsValidUtf8("\xC3"));              // truncated
  EXPECT_FALSE(text::IsValidUtf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(text::IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_TRUE(text::IsValidUtf8("\xEF\xBF\xBD"));       // a real U+FFFD
  std::string s;
  text::AppendUtf8(s, 0x1D11E);
  size_t pos = 0;
  EXPECT_EQ(text::DecodeUtf8(s, &pos), char32_t{0x1D11E});
  EXPECT_EQ(pos, 4u);
}

TEST(JsonString, EscapesAndRepairs) {
  EXPECT_EQ(json::Quote("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\u0001\"");
  EXPECT_EQ(json::Quote("\xff"), "\"\xEF\xBF\xBD\"");
  EXPECT_EQ(json::Quote("é"), "\"é\"");
}

}  // namespace
}  // namespace alert
