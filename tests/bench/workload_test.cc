// The benchmark workload is deterministic, its events are well-formed JSON of
// 700-900 bytes on average, and its rules check.

#include "bench/common/workload.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include "compiler/sema/check.h"

namespace alert::bench {
namespace {

TEST(Workload, DeterministicWellFormedAndSized) {
  Workload a(7), b(7);
  simdjson::dom::parser parser;
  size_t bytes = 0, network = 0;
  constexpr int kEvents = 5000;
  for (int i = 0; i < kEvents; ++i) {
    const std::string event = a.Event();
    ASSERT_EQ(event, b.Event());
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(event).get(doc), simdjson::SUCCESS) << event;
    ASSERT_TRUE(doc["customerId"].is_string());
    network += doc["testType"].error() == simdjson::SUCCESS;
    bytes += event.size();
  }
  EXPECT_GE(bytes / kEvents, 700u);
  EXPECT_LE(bytes / kEvents, 900u);
  EXPECT_GT(network, kEvents / 5);
  EXPECT_LT(network, kEvents / 2);
}

TEST(Workload, RulesCheckAndMostAreTenantScoped) {
  Workload workload(3);
  const diag::Source source("w.alert", workload.Rules(1000));
  const auto result = sema::CheckSource(source);
  ASSERT_FALSE(result.diagnostics.HasErrors());
  ASSERT_EQ(result.rules.size(), 1000u);
  size_t global = 0;
  for (const auto& r : result.rules) global += !r.tenant.has_value();
  EXPECT_GT(global, 50u);
  EXPECT_LT(global, 150u);
}

}  // namespace
}  // namespace alert::bench
