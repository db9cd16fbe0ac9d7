// Prometheus's text format as MetricsText writes it: HELP and TYPE once per
// family, label values escaped, numbers in Prometheus's spelling.

#include "daemon/http/metrics_text.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

namespace alert::daemon {
namespace {

TEST(MetricsText, FamiliesSamplesAndLabels) {
  MetricsText m;
  m.Counter("alertd_events_total", "Events taken.", 42);
  m.Family("alertd_rule_matches_total", "counter", "Matches\nby rule \\ tenant.");
  m.Sample("alertd_rule_matches_total", 3, {{"tenant", "a\"b"}, {"rule", "r\\1\n"}});
  EXPECT_EQ(m.text(),
            "# HELP alertd_events_total Events taken.\n"
            "# TYPE alertd_events_total counter\n"
            "alertd_events_total 42\n"
            "# HELP alertd_rule_matches_total Matches\\nby rule \\\\ tenant.\n"
            "# TYPE alertd_rule_matches_total counter\n"
            "alertd_rule_matches_total{tenant=\"a\\\"b\",rule=\"r\\\\1\\n\"} 3\n");
}

TEST(MetricsText, NumbersAsPrometheusWritesThem) {
  EXPECT_EQ(MetricNumber(0), "0");
  EXPECT_EQ(MetricNumber(18446744073709.0), "18446744073709");
  EXPECT_EQ(MetricNumber(0.25), "0.25");
  EXPECT_EQ(MetricNumber(-1.5), "-1.5");
  EXPECT_EQ(MetricNumber(1e20), "1e+20");
  EXPECT_EQ(MetricNumber(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(MetricNumber(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(MetricNumber(std::nan("")), "NaN");
}

}  // namespace
}  // namespace alert::daemon
