// Notifications and messages: the alert id is stable and names what it
// says (rule, version, key, window, state); the JSON line; placeholders.

#include "engine/alert/notification.h"

#include <gtest/gtest.h>

#include <simdjson.h>

#include "engine/alert/message.h"
#include "tests/testing/rules.h"

namespace alert::engine {
namespace {

Notification Sample() {
  Notification n;
  n.rule = "r";
  n.version = 2;
  n.tenant = "t";
  n.key = R"(["t"])";
  n.has_window = true;
  n.window_start = 60000;
  n.window_end = 120000;
  n.values = "{}";
  n.labels = "{}";
  n.sample_event_ids = "[]";
  return n;
}

TEST(Notification, TheAlertIdNamesRuleVersionKeyWindowAndState) {
  const Notification n = Sample();
  EXPECT_EQ(n.AlertId().size(), 16u);
  EXPECT_EQ(n.AlertId(), Sample().AlertId()) << "stable";
  Notification other = Sample();
  other.processing_time = 12345;
  other.message = "another text";
  other.source.offset = 99;
  EXPECT_EQ(other.AlertId(), n.AlertId()) << "the wall clock, the text and a window's deciding offset are not part of it";
  for (auto change : std::vector<void (*)(Notification&)>{
           [](Notification& x) { x.rule = "q"; }, [](Notification& x) { x.version = 3; },
           [](Notification& x) { x.key = R"(["u"])"; }, [](Notification& x) { x.window_start = 0; },
           [](Notification& x) { x.state = Notification::State::kResolved; },
           [](Notification& x) { x.source.partition = 1; }, [](Notification& x) { x.topic = "events"; }}) {
    Notification changed = Sample();
    change(changed);
    EXPECT_NE(changed.AlertId(), n.AlertId());
  }
}

TEST(Notification, IsOneLineOfJson) {
  Notification n = Sample();
  n.message = "line\nbreak \"quoted\"";
  const std::string json = n.ToJson();
  EXPECT_EQ(json.find('\n'), std::string::npos);
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  const simdjson::dom::element doc = parser.parse(padded).value();
  EXPECT_EQ(std::string_view(doc["alert_id"]), n.AlertId());
  EXPECT_EQ(int64_t(doc["version"]), 2);
  EXPECT_EQ(std::string_view(doc["state"]), "firing");
  EXPECT_EQ(std::string_view(doc["message"]), n.message);
  EXPECT_TRUE(doc["source"]["topic"].error()) << "no topic for a file";
  n.topic = "events";
  n.source = EventSource{3, 17};
  simdjson::padded_string with_topic(n.ToJson());
  const simdjson::dom::element source = parser.parse(with_topic).value()["source"];
  EXPECT_EQ(std::string_view(source["topic"]), "events");
  EXPECT_EQ(int64_t(source["partition"]), 3);
  EXPECT_EQ(int64_t(source["offset"]), 17);
}

TEST(Message, PlaceholdersReadTheContext) {
  auto rules = testing::CheckedRules(
      "rule r { when $.x == 1 group by $.a, $.b window tumbling 1m fire when count() > 1 "
      "message \"{{count}} for {{key}} ({{key.1}}: from 0) at {{window.start}}: {{$.who}}\" }");
  ASSERT_EQ(rules.size(), 1u);
  const checked::Rule& rule = rules[0];
  const std::vector<std::string> key = {"A", "7"};
  uint32_t who = 0;
  for (uint32_t i = 0; i < rule.paths.size(); ++i) {
    if (rule.paths[i].text == "$.who") who = i;
  }
  const std::vector<std::pair<uint32_t, std::string>> paths = {{who, "ann"}};
  MessageContext context;
  context.rule = &rule;
  context.count = 3;
  context.key = &key;
  context.window_start = 60000;
  context.window_end = 120000;
  context.paths = &paths;
  EXPECT_EQ(RenderTemplate(*rule.message, context), "3 for A, 7 (7: from 0) at 1970-01-01T00:01:00Z: ann");
  EXPECT_EQ(PlaceholderText(Value::Str("s")), "s");
  EXPECT_EQ(PlaceholderText(Value::Num(Number::Int(5))), "5");
  EXPECT_EQ(PlaceholderText(Value()), "null");
}

}  // namespace
}  // namespace alert::engine
