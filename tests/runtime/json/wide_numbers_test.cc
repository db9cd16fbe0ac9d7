// Numbers simdjson cannot hold, narrowed so that their event is read.

#include "runtime/json/wide_numbers.h"

#include <gtest/gtest.h>
#include <simdjson.h>

namespace alert::json {
namespace {

TEST(NarrowWideNumbers, ReplacesOnlyWhatSimdjsonRejects) {
  std::string out;
  ASSERT_TRUE(NarrowWideNumbers(R"({"a":1e400,"b":[-1e400,18446744073709551616],"c":2.5,"d":-9223372036854775809})", &out));
  EXPECT_EQ(out, R"({"a":1.7976931348623157e+308,"b":[-1.7976931348623157e+308,1.8446744073709552e+19],"c":2.5,)"
                 R"("d":-9.223372036854776e+18})");
  simdjson::dom::parser parser;
  EXPECT_EQ(parser.parse(out).error(), simdjson::SUCCESS);
}

TEST(NarrowWideNumbers, LeavesStringsAndOrdinaryNumbersAlone) {
  std::string out;
  EXPECT_FALSE(NarrowWideNumbers(R"({"a":1,"b":-2.5e10,"c":18446744073709551615})", &out));
  ASSERT_TRUE(NarrowWideNumbers(R"({"s":"1e400 \" 1e400","n":1e400})", &out));
  EXPECT_EQ(out, R"({"s":"1e400 \" 1e400","n":1.7976931348623157e+308})");
  // Not numbers at all: left for simdjson to reject.
  EXPECT_FALSE(NarrowWideNumbers(R"({"a":1e,"b":--1})", &out));
}

}  // namespace
}  // namespace alert::json
