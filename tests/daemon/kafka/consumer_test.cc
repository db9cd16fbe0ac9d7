// The group consumer against the embedded Kafka: the listener is told of
// the assignment and chooses where each partition starts (as the daemon
// does from its store); every message from there on comes once, in order
// per partition; Close revokes what it holds.

#include "daemon/kafka/consumer.h"

#include <gtest/gtest.h>

#include <map>

#include "daemon/kafka/embedded_kafka.h"
#include "daemon/kafka/producer.h"

namespace alert::daemon {
namespace {

class Recorder : public PartitionListener {
 public:
  std::vector<int64_t> Assigned(const std::vector<int32_t>& partitions) override {
    assigned.insert(assigned.end(), partitions.begin(), partitions.end());
    std::vector<int64_t> starts;
    for (int32_t p : partitions) starts.push_back(p == 0 ? 5 : kFromBeginning);
    return starts;
  }
  void Revoked(const std::vector<int32_t>& partitions) override {
    revoked.insert(revoked.end(), partitions.begin(), partitions.end());
  }
  std::vector<int32_t> assigned, revoked;
};

TEST(GroupConsumer, StartsWhereTheListenerSaysAndReadsEachMessageOnceInOrder) {
  auto kafka = EmbeddedKafka::Start({.partitions = 3});
  ASSERT_TRUE(kafka.ok()) << kafka.status();
  const std::map<std::string, std::string> properties = {{"bootstrap.servers", (*kafka)->bootstrap_servers()}};
  auto producer = Producer::Create(properties);
  ASSERT_TRUE(producer.ok());
  for (int i = 0; i < 30; ++i) {
    ASSERT_TRUE((*producer)->Produce("events", i % 3, "k", std::to_string(i)).ok());
  }
  ASSERT_TRUE((*producer)->Flush(std::chrono::seconds(10)).ok());

  Recorder recorder;
  {
    auto consumer = GroupConsumer::Create(properties, "test-group", {"events"}, &recorder);
    ASSERT_TRUE(consumer.ok()) << consumer.status();
    std::map<int32_t, std::vector<int64_t>> offsets;
    std::map<int32_t, std::vector<std::string>> values;
    std::map<int32_t, int64_t> ends;  // partition -> the offset its end was reported at
    size_t got = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    // 10 per partition; partition 0 starts at offset 5.
    while ((got < 25 || ends.size() < 3) && std::chrono::steady_clock::now() < deadline) {
      auto m = (*consumer)->Poll(std::chrono::milliseconds(200));
      ASSERT_TRUE(m.ok()) << m.status();
      if (!*m) continue;
      if ((*m)->end_of_partition) {
        ends[(*m)->partition] = (*m)->offset;
        continue;
      }
      offsets[(*m)->partition].push_back((*m)->offset);
      values[(*m)->partition].push_back(std::string((*m)->value));
      ++got;
    }
    ASSERT_EQ(got, 25u);
    EXPECT_EQ(offsets[0], (std::vector<int64_t>{5, 6, 7, 8, 9}));
    EXPECT_EQ(values[0], (std::vector<std::string>{"15", "18", "21", "24", "27"}));
    EXPECT_EQ(offsets[1].size(), 10u);
    EXPECT_EQ(values[2].front(), "2");
    EXPECT_EQ(values[2].back(), "29");
    EXPECT_EQ(ends, (std::map<int32_t, int64_t>{{0, 10}, {1, 10}, {2, 10}})) << "each end, after its last message";
    // Nothing more comes.
    auto more = (*consumer)->Poll(std::chrono::milliseconds(500));
    ASSERT_TRUE(more.ok());
    EXPECT_FALSE(more->has_value());
    EXPECT_EQ(recorder.assigned, (std::vector<int32_t>{0, 1, 2}));
    EXPECT_TRUE(recorder.revoked.empty());
    (*consumer)->Close();
    EXPECT_EQ(recorder.revoked, (std::vector<int32_t>{0, 1, 2}));
  }
}

}  // namespace
}  // namespace alert::daemon
