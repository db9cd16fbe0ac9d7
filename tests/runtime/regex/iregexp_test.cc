#include "runtime/regex/iregexp.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

namespace alert::regex {
namespace {

TEST(IRegexp, TranslatesToRe2WithTheSameMeaning) {
  EXPECT_EQ(*TranslateIRegexp("a.c"), "a[^\\n\\r]c");
  EXPECT_EQ(*TranslateIRegexp("^x$"), "^x$");  // anchors, as the RFC 9535 suite reads them
  EXPECT_EQ(*TranslateIRegexp("(ab|c)*"), "(?:ab|c)*");
  EXPECT_EQ(*TranslateIRegexp("[a-z\\-]{2,3}"), "[a-z\\-]{2,3}");
  EXPECT_EQ(*TranslateIRegexp("\\p{Lu}+"), "\\p{Lu}+");
  EXPECT_TRUE(RE2::FullMatch("a\xC3\xA9" "c", RE2(*TranslateIRegexp("a.c"))));
  EXPECT_FALSE(RE2::FullMatch("a\nc", RE2(*TranslateIRegexp("a.c"))));
}

TEST(IRegexp, RejectsWhatRfc9485Lacks) {
  std::string error;
  EXPECT_FALSE(TranslateIRegexp("\\d", &error));
  EXPECT_FALSE(TranslateIRegexp("(a", &error));
  EXPECT_FALSE(TranslateIRegexp("a)", &error));
  EXPECT_FALSE(TranslateIRegexp("[]", &error));
  EXPECT_FALSE(TranslateIRegexp("\\p{Xx}", &error));
  EXPECT_FALSE(TranslateIRegexp("a{,2}", &error));
  EXPECT_FALSE(TranslateIRegexp(std::string(100, '(') + std::string(100, ')'), &error));
  EXPECT_FALSE(error.empty());
}

}  // namespace
}  // namespace alert::regex
