// alertd's settings: the documented defaults; --set and -X; a TOML file with
// top-level keys and [topics] and [kafka] tables, checked as --set checks;
// errors name the key (and the file and line), and leave the settings as
// they were.

#include "daemon/config/daemon_config.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/testing/temp_dir.h"

namespace alert::daemon {
namespace {

TEST(DaemonConfig, DefaultsAreTheDocumentedOnes) {
  const DaemonConfig c;
  EXPECT_EQ(c.group_id, "alertd");
  EXPECT_EQ(c.data_dir, "alertd-data");
  EXPECT_EQ(c.topics.events, "events");
  EXPECT_EQ(c.topics.control, "control");
  EXPECT_EQ(c.topics.control_results, "control-results");
  EXPECT_EQ(c.topics.alerts, "alerts");
  EXPECT_EQ(c.topics.dead_letter, "dead-letter");
  EXPECT_EQ(c.checkpoint_interval_ms, 1000u);
  EXPECT_EQ(c.checkpoint_events, 10000u);
  EXPECT_EQ(c.threads, 0u);
  EXPECT_TRUE(c.kafka.empty());
  EXPECT_EQ(c.engine.tenant_path, "$.customerId");
  EXPECT_EQ(c.http, "127.0.0.1:9464");
  EXPECT_EQ(c.http_wait_ms, 10000u);
  EXPECT_TRUE(c.tokens.empty());
}

TEST(DaemonConfig, SetTakesDaemonTopicAndEngineKeys) {
  DaemonConfig c;
  ASSERT_TRUE(ApplyDaemonSetting("group_id=g2", &c).ok());
  ASSERT_TRUE(ApplyDaemonSetting("checkpoint_events=500", &c).ok());
  ASSERT_TRUE(ApplyDaemonSetting("topics.alerts=out", &c).ok());
  ASSERT_TRUE(ApplyDaemonSetting("time_path=$.tsMillis", &c).ok());
  ASSERT_TRUE(ApplyKafkaProperty("bootstrap.servers=127.0.0.1:9092", &c).ok());
  EXPECT_EQ(c.group_id, "g2");
  EXPECT_EQ(c.checkpoint_events, 500u);
  EXPECT_EQ(c.topics.alerts, "out");
  EXPECT_EQ(c.engine.time_path, "$.tsMillis");
  EXPECT_EQ(c.kafka.at("bootstrap.servers"), "127.0.0.1:9092");
}

TEST(DaemonConfig, BadValuesAreRefusedAndChangeNothing) {
  DaemonConfig c;
  const absl::Status zero = ApplyDaemonSetting("checkpoint_events=0", &c);
  EXPECT_EQ(zero.message(), "checkpoint_events takes an integer from 1 to 100,000,000, not '0'");
  EXPECT_FALSE(ApplyDaemonSetting("threads=257", &c).ok());
  EXPECT_FALSE(ApplyDaemonSetting("group_id=", &c).ok());
  EXPECT_FALSE(ApplyDaemonSetting("tenant_path=customer", &c).ok());
  EXPECT_FALSE(ApplyKafkaProperty("=x", &c).ok());
  const absl::Status unknown = ApplyDaemonSetting("group=g", &c);
  EXPECT_NE(unknown.message().find("unknown setting 'group' (group_id, data_dir"), std::string::npos) << unknown;
  EXPECT_NE(unknown.message().find("topics.dead_letter, topics.changelog, topics.repartition, topics.repartition_changelog, tokens_file, tenant_path"), std::string::npos) << unknown;
  EXPECT_EQ(c.checkpoint_events, 10000u);
  EXPECT_EQ(c.threads, 0u);
  EXPECT_EQ(c.group_id, "alertd");
  EXPECT_EQ(c.engine.tenant_path, "$.customerId");
}

class ConfigFile : public ::testing::Test {
 protected:
  std::string Write(const std::string& text) {
    const std::string path = dir_.file("alertd.toml");
    std::ofstream(path) << text;
    return path;
  }
  testing::TempDir dir_;
};

TEST_F(ConfigFile, TopLevelKeysTopicsAndKafkaTables) {
  DaemonConfig c;
  const std::string path = Write(
      "group_id = \"prod\"\n"
      "checkpoint_interval_ms = 250\n"
      "tenant_path = \"$.tenant\"\n"
      "max_event_bytes = 65536\n"
      "[topics]\n"
      "events = \"ev\"\n"
      "dead_letter = \"dlq\"\n"
      "[kafka]\n"
      "\"bootstrap.servers\" = \"b1:9092,b2:9092\"\n"
      "\"linger.ms\" = 5\n");
  ASSERT_TRUE(ApplyConfigFile(path, &c).ok());
  EXPECT_EQ(c.group_id, "prod");
  EXPECT_EQ(c.checkpoint_interval_ms, 250u);
  EXPECT_EQ(c.engine.tenant_path, "$.tenant");
  EXPECT_EQ(c.engine.max_event_bytes, 65536u);
  EXPECT_EQ(c.topics.events, "ev");
  EXPECT_EQ(c.topics.dead_letter, "dlq");
  EXPECT_EQ(c.topics.alerts, "alerts");
  EXPECT_EQ(c.kafka.at("bootstrap.servers"), "b1:9092,b2:9092");
  EXPECT_EQ(c.kafka.at("linger.ms"), "5");
  // Flags after the file win.
  ASSERT_TRUE(ApplyDaemonSetting("group_id=flag", &c).ok());
  EXPECT_EQ(c.group_id, "flag");
}

TEST_F(ConfigFile, ErrorsNameFileAndLineAndApplyNothing) {
  DaemonConfig c;
  const std::string bad_value = Write("group_id = \"g\"\n\ncheckpoint_events = -3\n");
  const absl::Status value = ApplyConfigFile(bad_value, &c);
  EXPECT_EQ(value.message(), bad_value + ":3: checkpoint_events takes an integer from 1 to 100,000,000, not '-3'");
  EXPECT_EQ(c.group_id, "alertd");  // the file's first key did not apply either

  const std::string syntax = Write("group_id = \"g\n");
  const absl::Status parse = ApplyConfigFile(syntax, &c);
  EXPECT_EQ(parse.message().rfind(syntax + ":1:", 0), 0u) << parse;

  const absl::Status table = ApplyConfigFile(Write("[engine]\ntenant_path = \"$.t\"\n"), &c);
  EXPECT_NE(table.message().find("unknown table [engine]; alertd takes [topics] and [kafka]"), std::string::npos)
      << table;
  const absl::Status array = ApplyConfigFile(Write("threads = [1, 2]\n"), &c);
  EXPECT_NE(array.message().find("threads takes a string or an integer"), std::string::npos) << array;
  EXPECT_FALSE(ApplyConfigFile(dir_.file("missing.toml"), &c).ok());
}

TEST(DaemonConfig, TokensComeFromTheConfigOrATokensFile) {
  testing::TempDir dir;
  const std::string config = dir.file("alertd.toml"), tokens = dir.file("tokens.toml");
  std::ofstream(config) << "http = \"0.0.0.0:9000\"\n"
                           "tokens = [{ name = \"ops\", token = \"s1\" },\n"
                           "          { name = \"acme\", token = \"s2\", tenant = \"acme\" }]\n";
  DaemonConfig c;
  ASSERT_TRUE(ApplyConfigFile(config, &c).ok());
  EXPECT_EQ(c.http, "0.0.0.0:9000");
  ASSERT_EQ(c.tokens.size(), 2u);
  EXPECT_EQ(c.tokens[0].name, "ops");
  EXPECT_FALSE(c.tokens[0].tenant.has_value());
  EXPECT_EQ(c.tokens[1].tenant, "acme");

  std::ofstream(tokens) << "tokens = [{ name = \"other\", token = \"s3\", tenant = \"globex\" }]\n";
  ASSERT_TRUE(ApplyDaemonSetting("tokens_file=" + tokens, &c).ok());
  ASSERT_EQ(c.tokens.size(), 1u);
  EXPECT_EQ(c.tokens[0].name, "other");
}

TEST(DaemonConfig, BadTokensAreRefusedWithTheirLine) {
  testing::TempDir dir;
  const std::string config = dir.file("alertd.toml");
  DaemonConfig c;
  std::ofstream(config) << "tokens = [{ name = \"ops\", token = \"s1\" },\n { name = \"ops\", token = \"s1\" }]\n";
  absl::Status s = ApplyConfigFile(config, &c);
  EXPECT_NE(s.message().find("given twice"), std::string::npos) << s;
  std::ofstream(config) << "tokens = [{ name = \"ops\" }]\n";
  s = ApplyConfigFile(config, &c);
  EXPECT_NE(s.message().find(":1: a token needs a name and a token"), std::string::npos) << s;
  std::ofstream(config) << "tokens = [{ name = \"ops\", token = \"s\", role = \"x\" }]\n";
  s = ApplyConfigFile(config, &c);
  EXPECT_NE(s.message().find("unknown key role"), std::string::npos) << s;
  std::ofstream(config) << "tokens = \"s\"\n";
  EXPECT_FALSE(ApplyConfigFile(config, &c).ok());
  EXPECT_TRUE(c.tokens.empty());
  EXPECT_FALSE(ApplyDaemonSetting("tokens_file=" + dir.file("none.toml"), &c).ok());
  EXPECT_FALSE(ApplyDaemonSetting("http_wait_ms=0", &c).ok());
}

}  // namespace
}  // namespace alert::daemon
