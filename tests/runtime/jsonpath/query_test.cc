#include "runtime/jsonpath/query.h"

#include <gtest/gtest.h>

namespace alert::jsonpath {
namespace {

Segment Child(Selector s) { return Segment{false, {std::move(s)}}; }
Selector Name(std::string n) {
  Selector s;
  s.name = std::move(n);
  return s;
}

TEST(Query, PrintsShorthandWhereItCanAndBracketsElsewhere) {
  Query q;
  q.segments.push_back(Child(Name("store")));
  q.segments.push_back(Child(Name("x-id")));
  q.segments.push_back(Child(Name("it's")));
  Selector slice;
  slice.kind = Selector::Kind::kSlice;
  slice.start = 1;
  slice.step = 2;
  q.segments.push_back(Child(slice));
  q.segments.push_back(Segment{true, {Name("a")}});
  EXPECT_EQ(q.ToString(), "$.store['x-id']['it\\'s'][1::2]..a");
  EXPECT_FALSE(q.IsSingular());
  q.trailing = Trailing::kLength;
  EXPECT_TRUE(q.IsSingular());
}

}  // namespace
}  // namespace alert::jsonpath
