// The daemon's producer against the embedded Kafka, read back by kcat:
// every message acknowledged by Flush is on the topic with its key, value and
// headers, each key in one partition; a bad property is an error naming it.

#include "daemon/kafka/producer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include "daemon/kafka/embedded_kafka.h"

namespace alert::daemon {
namespace {

// What kcat prints for `topic`, read from the beginning to the end, one
// line per message in `format`.
std::string KcatRead(const std::string& bootstrap, const std::string& topic, const std::string& format) {
  const std::string command =
      "kcat -b " + bootstrap + " -C -t " + topic + " -o beginning -e -q -f '" + format + "' 2>&1";
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return "popen failed";
  char buffer[4096];
  size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  pclose(pipe);
  return out;
}

TEST(Producer, AcknowledgedStaysBelowAMessageTheBrokerHasNotTaken) {
  auto kafka = EmbeddedKafka::Start({.partitions = 3});
  ASSERT_TRUE(kafka.ok()) << kafka.status();
  auto producer = Producer::Create({{"bootstrap.servers", (*kafka)->bootstrap_servers()}});
  ASSERT_TRUE(producer.ok()) << producer.status();
  ASSERT_TRUE((*producer)->Produce("alerts", 0, "k", "before").ok());
  ASSERT_TRUE((*producer)->Flush(std::chrono::seconds(10)).ok());
  (*kafka)->SetBrokersUp(false);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE((*producer)->Produce("alerts", i % 3, "k", "during").ok());
  EXPECT_EQ((*producer)->Flush(std::chrono::milliseconds(500)).code(), absl::StatusCode::kDeadlineExceeded);
  (*producer)->Serve();
  EXPECT_EQ((*producer)->acknowledged(), 1u) << "the broker is down";
  (*kafka)->SetBrokersUp(true);
  ASSERT_TRUE((*producer)->Flush(std::chrono::seconds(30)).ok());
  EXPECT_EQ((*producer)->acknowledged(), 11u);
  EXPECT_TRUE((*producer)->TakeFailure().ok());
}

TEST(Producer, AMessageItRefusedDoesNotHoldBackTheOnesAfterIt) {
  auto kafka = EmbeddedKafka::Start({.partitions = 1});
  ASSERT_TRUE(kafka.ok()) << kafka.status();
  auto producer = Producer::Create({{"bootstrap.servers", (*kafka)->bootstrap_servers()}, {"message.max.bytes", "1000"}});
  ASSERT_TRUE(producer.ok()) << producer.status();
  ASSERT_TRUE((*producer)->Produce("alerts", 0, "k", "first").ok());
  const absl::Status refused = (*producer)->Produce("alerts", 0, "k", std::string(5000, 'x'));
  EXPECT_EQ(refused.code(), absl::StatusCode::kUnavailable) << refused;
  ASSERT_TRUE((*producer)->Produce("alerts", 0, "k", "third").ok());
  ASSERT_TRUE((*producer)->Flush(std::chrono::seconds(10)).ok());
  EXPECT_EQ((*producer)->produced(), 3u);
  EXPECT_EQ((*producer)->acknowledged(), 3u) << "the refused message's number counts as done";
}

TEST(Producer, WhatFlushAcknowledgedIsOnTheTopicWithKeysAndHeaders) {
  auto kafka = EmbeddedKafka::Start({.partitions = 3});
  ASSERT_TRUE(kafka.ok()) << kafka.status();
  auto producer = Producer::Create({{"bootstrap.servers", (*kafka)->bootstrap_servers()}});
  ASSERT_TRUE(producer.ok()) << producer.status();
  for (int i = 0; i < 1000; ++i) {
    const std::string key = "k" + std::to_string(i % 7);
    ASSERT_TRUE((*producer)->Produce("alerts", -1, key, "{\"n\":" + std::to_string(i) + "}").ok());
  }
  ASSERT_TRUE((*producer)->Produce("dead-letter", 0, "", "not json",
                                   {{"alertjit.reason", "invalid_json"}, {"alertjit.offset", "17"}})
                  .ok());
  EXPECT_EQ((*producer)->produced(), 1001u) << "numbered as produced";
  ASSERT_TRUE((*producer)->Flush(std::chrono::seconds(10)).ok());
  EXPECT_EQ((*producer)->delivered(), 1001u);
  EXPECT_EQ((*producer)->acknowledged(), 1001u) << "every message up to the last acknowledged";

  std::istringstream alerts(KcatRead((*kafka)->bootstrap_servers(), "alerts", "%p %k %s\\n"));
  std::map<std::string, std::set<std::string>> partitions_of_key;
  std::set<std::string> values;
  std::string partition, key, value;
  while (alerts >> partition >> key >> value) {
    partitions_of_key[key].insert(partition);
    values.insert(value);
  }
  EXPECT_EQ(values.size(), 1000u);
  EXPECT_EQ(partitions_of_key.size(), 7u);
  for (const auto& [k, partitions] : partitions_of_key) EXPECT_EQ(partitions.size(), 1u) << k;
  EXPECT_EQ(KcatRead((*kafka)->bootstrap_servers(), "dead-letter", "%s|%h\\n"),
            "not json|alertjit.reason=invalid_json,alertjit.offset=17\n");
}

TEST(Producer, ABadPropertyIsAnErrorNamingIt) {
  auto producer = Producer::Create({{"bootstrap.servers", "127.0.0.1:1"}, {"no.such.property", "1"}});
  ASSERT_FALSE(producer.ok());
  EXPECT_NE(producer.status().message().find("no.such.property"), std::string::npos) << producer.status();
}

}  // namespace
}  // namespace alert::daemon
