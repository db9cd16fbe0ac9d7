// Where a JSON text stops being valid, for the messages that refuse it.

#include "runtime/json/error_location.h"

#include <gtest/gtest.h>

namespace alert::json {
namespace {

TEST(ErrorLocation, PointsAtTheFirstValueThatCannotBeRead) {
  EXPECT_EQ(ErrorPlace(R"({"a":1,,"b":2})"), " at column 8");
  EXPECT_EQ(ErrorPlace(R"({"a":[1,2})"), " at column 10");
  EXPECT_EQ(ErrorPlace("{\n  \"a\": tru\n}"), " at line 2, column 8");
  EXPECT_EQ(ErrorPlace(R"({"a":1} x)"), " at column 9");
  EXPECT_EQ(ErrorPlace(R"({"a":1)"), " at column 7");
  EXPECT_EQ(ErrorPlace(R"({"a":[1e400, 18446744073709551616]})"), "");  // valid JSON
  EXPECT_EQ(ErrorOffset(R"([1, 2])"), std::nullopt);
}

}  // namespace
}  // namespace alert::json
