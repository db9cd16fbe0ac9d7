// Event time: epoch milliseconds from numbers (fractions toward the past),
// RFC 3339 text (offsets, fractions, lower-case t and z, a space), the
// bounds, and writing times back.

#include "engine/time/event_time.h"

#include <gtest/gtest.h>

namespace alert::engine {
namespace {

TEST(EventTime, NumbersAreEpochMillisecondsFractionsTowardThePast) {
  EXPECT_EQ(EventTime(Value::Num(Number::Int(1700000000123))), 1700000000123);
  EXPECT_EQ(EventTime(Value::Num(Number::Double(1.9))), 1);
  EXPECT_EQ(EventTime(Value::Num(Number::Double(-1.5))), -2);
  EXPECT_EQ(EventTime(Value::Num(Number::Double(9007199254740993.0 * 2))), std::nullopt) << "beyond 2^53 ms";
  EXPECT_EQ(EventTime(Value()), std::nullopt);
  EXPECT_EQ(EventTime(Value::Bool(true)), std::nullopt);
  EXPECT_EQ(EventTime(Value::Null()), std::nullopt);
}

TEST(EventTime, Rfc3339TextWithOffsetsAndFractions) {
  EXPECT_EQ(ParseRfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseRfc3339("2024-05-01T12:00:00Z"), 1714564800000);
  EXPECT_EQ(ParseRfc3339("2024-05-01t14:00:00.250+02:00"), 1714564800250);
  EXPECT_EQ(ParseRfc3339("2024-05-01 12:00:00.2509z"), 1714564800250) << "beyond ms dropped";
  EXPECT_EQ(ParseRfc3339("2024-02-29T00:00:00Z"), 1709164800000) << "a leap day";
  EXPECT_EQ(EventTime(Value::Str("2024-05-01T12:00:00Z")), 1714564800000);
  for (const char* bad : {"", "2024-05-01", "2024-13-01T00:00:00Z", "2023-02-29T00:00:00Z", "2024-05-01T24:00:00Z",
                          "2024-05-01T12:00:00", "2024-05-01T12:00:00+25:00", "x2024-05-01T12:00:00Z",
                          "2024-05-01T12:00:00Zjunk"}) {
    EXPECT_EQ(ParseRfc3339(bad), std::nullopt) << bad;
  }
}

TEST(EventTime, TimesAreWrittenBackAsRfc3339InUtc) {
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(1714564800250), "2024-05-01T12:00:00.250Z");
  EXPECT_EQ(FormatRfc3339(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(FormatRfc3339(253402300800000), "253402300800000") << "year 10000: the number itself";
  for (const int64_t ms : {int64_t{0}, int64_t{1714564800250}, int64_t{-86400000}, int64_t{951782400000}}) {
    EXPECT_EQ(ParseRfc3339(FormatRfc3339(ms)), ms);
  }
}

}  // namespace
}  // namespace alert::engine
