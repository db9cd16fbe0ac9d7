#include "runtime/value/number.h"

#include <gtest/gtest.h>

namespace alert {
namespace {

TEST(Number, ParseKeepsSixtyFourBitIntegersExact) {
  EXPECT_EQ(Number::Parse("9007199254740993")->kind(), Number::Kind::kInt);
  EXPECT_EQ(Number::Parse("9007199254740993")->int_value(), 9007199254740993);
  EXPECT_EQ(Number::Parse("-9223372036854775808")->int_value(), INT64_MIN);
  EXPECT_EQ(Number::Parse("18446744073709551615")->kind(), Number::Kind::kUint);
  EXPECT_EQ(Number::Parse("18446744073709551616")->kind(), Number::Kind::kDouble);
  EXPECT_EQ(Number::Parse("1.5")->double_value(), 1.5);
  EXPECT_FALSE(Number::Parse("1e999"));
  EXPECT_FALSE(Number::Parse("abc"));
}

TEST(Number, ComparisonsAcrossKindsAreExact) {
  // 2^53 + 1 has no double; it must not equal 2^53 through a rounding.
  const Number big = Number::Int(9007199254740993);
  EXPECT_NE(big, Number::Double(9007199254740992.0));
  EXPECT_TRUE(big > Number::Double(9007199254740992.0));
  EXPECT_EQ(Number::Int(2), Number::Double(2.0));
  EXPECT_TRUE(Number::Int(2) < Number::Double(2.5));
  EXPECT_TRUE(Number::Int(-1) < Number::Uint(UINT64_MAX));
  EXPECT_TRUE(Number::Uint(UINT64_MAX) > Number::Double(1.8e19));
  EXPECT_TRUE(Number::Uint(UINT64_MAX) < Number::Double(1.9e19));
  EXPECT_TRUE(Number::Int(INT64_MAX) < Number::Double(9223372036854775808.0));
  const Number nan = Number::Double(std::numeric_limits<double>::quiet_NaN());
  EXPECT_FALSE(nan == nan);
  EXPECT_FALSE(nan < Number::Int(1));
  EXPECT_FALSE(nan > Number::Int(1));
}

TEST(Number, NegationAndText) {
  EXPECT_EQ(Number::Uint(9223372036854775808ULL).Negated().int_value(), INT64_MIN);
  EXPECT_EQ(Number::Int(5).Negated(), Number::Int(-5));
  EXPECT_EQ(Number::Double(2.0).ToString(), "2");
  EXPECT_EQ(Number::Double(0.1).ToString(), "0.1");
  EXPECT_EQ(Number::Uint(UINT64_MAX).ToString(), "18446744073709551615");
}

TEST(Number, FromJsonGivesEveryValidNumberAValue) {
  EXPECT_EQ(Number::FromJson("1e400")->double_value(), std::numeric_limits<double>::max());
  EXPECT_EQ(Number::FromJson("-1e400")->double_value(), -std::numeric_limits<double>::max());
  EXPECT_EQ(Number::FromJson("1e-400")->double_value(), 0.0);
  EXPECT_EQ(Number::FromJson("0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                             "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                             "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                             "00000000000000000000000000000000000000000000000000000000000000000000000000000000000001")
                ->double_value(),
            0.0);
  EXPECT_EQ(*Number::FromJson("18446744073709551616"), Number::Double(18446744073709551616.0));
  EXPECT_EQ(*Number::FromJson(std::string(400, '9')), Number::Double(std::numeric_limits<double>::max()));
  EXPECT_EQ(*Number::FromJson("-5"), Number::Int(-5));
  EXPECT_FALSE(Number::FromJson("1e"));
  EXPECT_FALSE(Number::FromJson("inf"));
  EXPECT_FALSE(Number::FromJson("0x10"));
  EXPECT_FALSE(Number::FromJson(""));
}

}  // namespace
}  // namespace alert
