// The parts of a rule set an events partition and a repartition partition
// decide: the rules keyed by tenant stay with the events partition, the
// others are kept by route (their `group by` paths), an event's candidates
// are those of the subset (and of the message's route), and routes_hit says
// on which routes an event must travel.

#include "engine/rules/rule_subset.h"

#include <gtest/gtest.h>

#include <simdjson.h>

namespace alert::engine {
namespace {

RuleChange Upsert(const std::string& id, const std::string& body, std::optional<std::string> tenant = std::nullopt) {
  return RuleChange{RuleChange::Op::kUpsert, std::move(tenant), id, 1, "rule " + id + " { " + body + " }"};
}

class RuleSubsetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto set = RuleSet::Create(RuleSetOptions{});
    ASSERT_TRUE(set.ok()) << set.status();
    rules_ = std::move(*set);
    for (const RuleChange& change : {
             Upsert("per_tenant", "when $.k == \"a\" group by $.customerId window tumbling 1m fire when count() >= 1"),
             Upsert("no_group", "when $.k == \"a\""),
             Upsert("scoped", "scope tenant \"t1\" when $.k == \"a\" group by $.host", "t1"),
             Upsert("by_agent", "when $.k == \"a\" group by $.agent window tumbling 1m fire when count() >= 1"),
             Upsert("by_agent_too", "when $.k == \"b\" group by $.agent window tumbling 1m fire when count() >= 2"),
             Upsert("by_host", "when $.k == \"b\" group by $.host, $.agent window tumbling 1m fire when count() >= 1"),
         }) {
      ASSERT_NE(rules_->Apply(change).status, ChangeResult::Status::kRejected) << change.rule_id;
    }
  }

  // The names of the candidates `subset` gives `json`.
  std::vector<std::string> Candidates(const RuleSubset& subset, std::string json) {
    auto scratch = subset.NewScratch();
    simdjson::dom::element event;
    EXPECT_EQ(parser_.parse(json).get(event), simdjson::SUCCESS);
    subset.Prepare(event, *scratch);
    std::vector<std::string> names;
    for (const uint32_t id : scratch->candidates) names.push_back(subset.rule(id)->rule->id);
    return names;
  }
  std::vector<std::string> Hit(const RuleSubset& subset) {
    std::vector<std::string> out;
    for (const uint32_t i : subset.routes_hit()) out.push_back(subset.routes()[i].text);
    return out;
  }

  std::shared_ptr<RuleSet> rules_;
  simdjson::dom::parser parser_;
};

using Names = std::vector<std::string>;

TEST_F(RuleSubsetTest, RulesKeyedByTenantStayAndTheOthersGoByRoute) {
  const RuleSubset by_tenant(rules_, RuleSubset::Keep::kByTenant);
  const RuleSubset routed(rules_, RuleSubset::Keep::kRouted);
  ASSERT_EQ(by_tenant.routes().size(), 2u);
  EXPECT_EQ(by_tenant.routes()[0].text, "$.agent");
  EXPECT_EQ(by_tenant.routes()[1].text, "$.host, $.agent");
  for (uint32_t id = 0; id < rules_->capacity(); ++id) {
    EXPECT_NE(by_tenant.rule(id).has_value(), routed.rule(id).has_value()) << "rule " << id << " is in one subset";
  }
  EXPECT_EQ(Candidates(by_tenant, R"({"k": "a", "customerId": "t1", "agent": "x"})"),
            (Names{"per_tenant", "no_group", "scoped"}));
  EXPECT_EQ(Hit(by_tenant), Names{"$.agent"}) << "by_agent is a candidate: the event travels on its route only";
  EXPECT_EQ(Candidates(by_tenant, R"({"k": "b", "customerId": "t2"})"), Names{});
  EXPECT_EQ(Hit(by_tenant), (Names{"$.agent", "$.host, $.agent"}));
  EXPECT_EQ(Candidates(by_tenant, R"({"k": "c"})"), Names{});
  EXPECT_EQ(Hit(by_tenant), Names{}) << "no routed rule can match: the event stays";
}

TEST_F(RuleSubsetTest, ARepartitionPartitionDecidesAMessageByItsRouteOnly) {
  RuleSubset routed(rules_, RuleSubset::Keep::kRouted);
  const std::string event = R"({"k": "b", "agent": "x", "host": "h"})";
  routed.SetRoute("$.agent");
  EXPECT_EQ(Candidates(routed, event), Names{"by_agent_too"});
  routed.SetRoute("$.host, $.agent");
  EXPECT_EQ(Candidates(routed, event), Names{"by_host"});
  routed.SetRoute("$.gone");
  EXPECT_EQ(Candidates(routed, event), Names{}) << "a route no rule has any more decides nothing";
}

TEST_F(RuleSubsetTest, ChangesOfTheSetAreSeenAtTheNextEvent) {
  RuleSubset routed(rules_, RuleSubset::Keep::kRouted);
  routed.SetRoute("$.agent");
  const std::string event = R"({"k": "a", "agent": "x"})";
  EXPECT_EQ(Candidates(routed, event), Names{"by_agent"});
  // A new version grouped by the tenant too leaves the route.
  ASSERT_EQ(rules_->Apply(RuleChange{RuleChange::Op::kUpsert, std::nullopt, "by_agent", 2,
                                     "rule by_agent { when $.k == \"a\" group by $.customerId, $.agent }"})
                .status,
            ChangeResult::Status::kActive);
  EXPECT_EQ(Candidates(routed, event), Names{});
  const RuleSubset by_tenant(rules_, RuleSubset::Keep::kByTenant);
  EXPECT_EQ(Candidates(by_tenant, event), (Names{"per_tenant", "no_group", "by_agent"}));
}

}  // namespace
}  // namespace alert::engine
