// Run settings: every key, its range, and messages that say what it takes.

#include "engine/run/settings.h"

#include <gtest/gtest.h>

namespace alert::engine {
namespace {

TEST(RunSettings, DefaultsAndAcceptedValues) {
  RunSettings s;
  EXPECT_EQ(s.max_event_bytes, 1u << 20);
  EXPECT_FALSE(ApplySetting("max_event_bytes=4294967295", &s));
  EXPECT_EQ(s.max_event_bytes, 4294967295u);
  EXPECT_FALSE(ApplySetting("max_depth=1024", &s));
  EXPECT_FALSE(ApplySetting("time_path=$.at", &s));
  EXPECT_EQ(s.time_path, "$.at");
  EXPECT_FALSE(ApplySetting("dedupe_retention_ms=3153600000000", &s));
  EXPECT_EQ(s.dedupe_retention_ms, 3153600000000u);
}

TEST(RunSettings, OutOfRangeOrMalformedIsAMessageAndChangesNothing) {
  RunSettings s;
  EXPECT_EQ(*ApplySetting("max_event_bytes=4294967296", &s),
            "--set max_event_bytes takes an integer from 1 to 4294967295 bytes, not '4294967296'");
  for (const char* bad : {"max_event_bytes=9223372036854775000", "max_event_bytes=0", "max_event_bytes=-1",
                          "max_event_bytes= 1", "max_event_bytes=1 ", "max_depth=1025", "distinct_exact=1e6",
                          "percentile_exact=", "percentile_exact=1000001",
                          "dedupe_retention_ms=99999999999999999999999", "max_depth=+3"}) {
    EXPECT_TRUE(ApplySetting(bad, &s)) << bad;
  }
  EXPECT_EQ(*ApplySetting("time_path=ts", &s), "--set time_path takes a JSONPath such as $.a.b, not 'ts'");
  EXPECT_EQ(*ApplySetting("nothing", &s), "--set takes KEY=VALUE, not 'nothing'");
  EXPECT_EQ(ApplySetting("colour=blue", &s)->substr(0, 34), "unknown setting 'colour' (tenant_p");
  EXPECT_FALSE(IsSetting("colour"));
  for (const char* key : {"tenant_path", "max_depth", "record_history", "history_retention_ms"}) {
    EXPECT_TRUE(IsSetting(key)) << key;
  }
  // Echoes are cut and control characters escaped.
  const std::string shown = *ApplySetting("max_depth=" + std::string(60000, '7'), &s);
  EXPECT_LT(shown.size(), 200u);
  EXPECT_NE(ApplySetting("max_depth=\x0b", &s)->find("\\x0b"), std::string::npos);
  const RunSettings defaults;
  EXPECT_EQ(s.max_event_bytes, defaults.max_event_bytes);
  EXPECT_EQ(s.max_depth, defaults.max_depth);
  EXPECT_EQ(s.time_path, defaults.time_path);
}

}  // namespace
}  // namespace alert::engine
