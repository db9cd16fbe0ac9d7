// Control messages: what DAEMON.md's messages parse to, what is refused
// and why, and the answers' JSON.

#include "daemon/control/control_message.h"

#include <gtest/gtest.h>

#include <simdjson.h>

namespace alert::daemon {
namespace {

using engine::RuleChange;

TEST(ControlMessage, AnUpsertNamesTenantRuleVersionAndSource) {
  auto change = ParseControlMessage(
      R"({"op":"upsert","tenant":"acme","rule_id":"r","version":3,"source":"rule r { when $.x == 1 }","extra":1})");
  ASSERT_TRUE(change.ok()) << change.status();
  EXPECT_EQ(change->op, RuleChange::Op::kUpsert);
  EXPECT_EQ(change->tenant, "acme");
  EXPECT_EQ(change->rule_id, "r");
  EXPECT_EQ(change->version, 3);
  EXPECT_EQ(change->source, "rule r { when $.x == 1 }");
}

TEST(ControlMessage, DeletePauseAndResumeNeedOnlyTheRule) {
  for (const auto& [op, want] : std::vector<std::pair<std::string, RuleChange::Op>>{
           {"delete", RuleChange::Op::kDelete}, {"pause", RuleChange::Op::kPause}, {"resume", RuleChange::Op::kResume}}) {
    auto change = ParseControlMessage(R"({"op":")" + op + R"(","tenant":null,"rule_id":"r"})");
    ASSERT_TRUE(change.ok()) << op << ": " << change.status();
    EXPECT_EQ(change->op, want);
    EXPECT_FALSE(change->tenant.has_value()) << "null is a global rule";
  }
}

TEST(ControlMessage, WhatIsNotAControlMessageIsRefusedWithTheReason) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"not json", "not JSON"},
      {"[1]", "a JSON object"},
      {R"({"rule_id":"r"})", "\"op\""},
      {R"({"op":"drop","rule_id":"r"})", "not \"drop\""},
      {R"({"op":"delete","tenant":7,"rule_id":"r"})", "\"tenant\""},
      {R"({"op":"delete","rule_id":""})", "\"rule_id\""},
      {R"({"op":"upsert","rule_id":"r","source":"rule r { when true }"})", "\"version\""},
      {R"({"op":"upsert","rule_id":"r","version":0,"source":"x"})", "at least 1"},
      {R"({"op":"upsert","rule_id":"r","version":1})", "\"source\""},
      {std::string(kMaxControlMessageBytes + 1, ' '), "more than"},
  };
  for (const auto& [message, reason] : cases) {
    auto change = ParseControlMessage(message);
    ASSERT_FALSE(change.ok()) << message.substr(0, 80);
    EXPECT_NE(change.status().message().find(reason), std::string::npos)
        << message.substr(0, 80) << ": " << change.status().message();
  }
}

simdjson::dom::element Parse(simdjson::dom::parser& parser, const std::string& json) {
  return parser.parse(simdjson::padded_string(json)).value();
}

TEST(ControlAnswer, AMalformedMessageIsRejectedNamingItsRuleWhenItCan) {
  simdjson::dom::parser parser;
  const ControlAnswer answer =
      MalformedAnswer(R"({"op":"upsert","tenant":"t","rule_id":"r","version":2})", "no source");
  const auto doc = Parse(parser, ToJson(answer));
  EXPECT_EQ(std::string_view(doc["status"]), "rejected");
  EXPECT_EQ(std::string_view(doc["tenant"]), "t");
  EXPECT_EQ(std::string_view(doc["rule_id"]), "r");
  EXPECT_EQ(int64_t(doc["version"]), 2);
  EXPECT_EQ(std::string_view(doc["diagnostics"].at(0)["severity"]), "error");
  EXPECT_EQ(KeyOf(answer), "t/r");

  const auto unnamed = Parse(parser, ToJson(MalformedAnswer("{", "not JSON")));
  EXPECT_TRUE(unnamed["tenant"].is_null());
  EXPECT_TRUE(unnamed["rule_id"].is_null());
  EXPECT_TRUE(unnamed["version"].is_null());
}

TEST(ControlAnswer, AnAppliedChangeSaysItsStatusAndKeepsItsDiagnostics) {
  RuleChange change;
  change.op = RuleChange::Op::kUpsert;
  change.rule_id = "r";
  change.version = 4;
  engine::ChangeResult result;
  result.status = engine::ChangeResult::Status::kActive;
  result.message = "rule r v4 active";
  result.diagnostics_json = R"([{"severity":"warning","message":"w"}])";
  ControlAnswer answer = AnswerOf(change, result, std::nullopt);
  AddWarning(&answer, "not grouped by the tenant");
  simdjson::dom::parser parser;
  const auto doc = Parse(parser, ToJson(answer));
  EXPECT_EQ(std::string_view(doc["status"]), "active");
  EXPECT_EQ(int64_t(doc["version"]), 4);
  EXPECT_TRUE(doc["tenant"].is_null());
  EXPECT_EQ(simdjson::dom::array(doc["diagnostics"]).size(), 2u);
  EXPECT_EQ(std::string_view(doc["diagnostics"].at(1)["message"]), "not grouped by the tenant");
  EXPECT_EQ(KeyOf(answer), "/r");
}

}  // namespace
}  // namespace alert::daemon
