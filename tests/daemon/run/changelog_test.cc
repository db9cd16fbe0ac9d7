// The changelog against the embedded Kafka: a store restored from it has the
// state of the whole deltas sent; a delta cut off (no end mark) is not
// applied, and is repaired, so that a restore from the beginning that reads
// it ends in the same state; a store restored before reads only the tail;
// records deleted before a restore read them are reported.

#include "daemon/run/changelog.h"

#include <gtest/gtest.h>

#include "daemon/kafka/embedded_kafka.h"

namespace alert::daemon {
namespace {

using engine::Family;

class NoListener : public PartitionListener {
 public:
  std::vector<int64_t> Assigned(const std::vector<int32_t>& partitions) override {
    return std::vector<int64_t>(partitions.size(), kFromBeginning);
  }
  void Revoked(const std::vector<int32_t>&) override {}
};

std::optional<std::string> Value(const engine::StateStore& store, Family family, const std::string& key) {
  auto got = store.Get(family, key);
  EXPECT_TRUE(got.ok());
  return got.ok() ? *got : std::nullopt;
}

// An embedded Kafka with group g's topics, a producer that tracks the
// changelog's offsets, and a consumer of the group to ask for its ends.
class Changelog : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = EmbeddedKafka::Start({.partitions = 1, .groups = {"g"}});
    ASSERT_TRUE(started.ok()) << started.status();
    kafka_ = std::move(*started);
    properties_ = {{"bootstrap.servers", kafka_->bootstrap_servers()}};
    auto producer = Producer::Create(properties_);
    ASSERT_TRUE(producer.ok());
    producer_ = std::move(*producer);
    producer_->TrackOffsets(topic_);
    auto consumer = GroupConsumer::Create(properties_, "g", {"events"}, &listener_);
    ASSERT_TRUE(consumer.ok());
    consumer_ = std::move(*consumer);
  }
  absl::StatusOr<Restored> Restore(engine::StateStore& store) {
    return RestoreFromChangelog(properties_, {topic_, 0, 0}, *consumer_, *producer_, store);
  }

  const std::string topic_ = "g-changelog";
  std::unique_ptr<EmbeddedKafka> kafka_;
  std::map<std::string, std::string> properties_;
  std::unique_ptr<Producer> producer_;
  NoListener listener_;
  std::unique_ptr<GroupConsumer> consumer_;
};

TEST_F(Changelog, RestoresWholeDeltasAndRepairsACutOne) {
  const std::string& topic = topic_;
  Producer* producer = producer_.get();

  engine::WriteBatch first;
  first.Put(Family::kState, "p0/a", "1");
  first.Put(Family::kState, "p0/b", "2");
  first.Put(Family::kState, "p0/old/1", "x");
  first.Put(Family::kHistory, "h0", "not sent");
  ASSERT_TRUE(SendDelta(first, topic, 0, *producer).ok());
  // A delta cut off: a put, a delete and a range delete, and no end mark.
  const std::string state(1, static_cast<char>(Family::kState));
  ASSERT_TRUE(producer->Produce(topic, 0, state + "p0/a", "v9").ok());
  ASSERT_TRUE(producer->Produce(topic, 0, state + "p0/b", std::string_view()).ok());
  ASSERT_TRUE(producer->Produce(topic, 0, "\xff" + state + "p0/old/", "rp0/old0").ok());
  ASSERT_TRUE(producer->Flush(std::chrono::seconds(10)).ok());

  engine::MemoryStateStore store;
  auto restored = Restore(store);
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(restored->records, 6u);  // 3 puts of the delta, 3 records of the cut one
  EXPECT_EQ(restored->repaired, 3u);  // a, b, and the one key in the range
  EXPECT_EQ(Value(store, Family::kState, "p0/a"), "1");
  EXPECT_EQ(Value(store, Family::kState, "p0/b"), "2");
  EXPECT_EQ(Value(store, Family::kState, "p0/old/1"), "x");
  EXPECT_EQ(Value(store, Family::kHistory, "h0"), std::nullopt);

  // From the beginning: the cut delta is read, then its repair: the same state.
  engine::MemoryStateStore fresh;
  restored = Restore(fresh);
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(restored->repaired, 0u);
  EXPECT_EQ(Value(fresh, Family::kState, "p0/a"), "1");
  EXPECT_EQ(Value(fresh, Family::kState, "p0/b"), "2");
  EXPECT_EQ(Value(fresh, Family::kState, "p0/old/1"), "x");

  // A later delta: a store restored before reads only it.
  engine::WriteBatch second;
  second.Delete(Family::kState, "p0/a");
  second.Put(Family::kOffsets, "p0", "7");
  ASSERT_TRUE(SendDelta(second, topic, 0, *producer).ok());
  ASSERT_TRUE(producer->Flush(std::chrono::seconds(10)).ok());
  restored = Restore(store);
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(restored->records, 2u);
  EXPECT_EQ(Value(store, Family::kState, "p0/a"), std::nullopt);
  EXPECT_EQ(Value(store, Family::kOffsets, "p0"), "7");
  auto position = StoredChangelogPosition(store, 0);
  ASSERT_TRUE(position.ok() && *position);
  EXPECT_EQ(**position, restored->to);
}

TEST_F(Changelog, ARestoreSaysWhenRecordsItHadNotReadWereDeleted) {
  // More than the 5 MiB the embedded Kafka keeps of a partition: it drops
  // the oldest deltas, as a retention would.
  const std::string big(256 * 1024, 'x');
  for (int i = 0; i < 24; ++i) {
    engine::WriteBatch delta;
    delta.Put(Family::kState, "p0/k" + std::to_string(i), big);
    ASSERT_TRUE(SendDelta(delta, topic_, 0, *producer_).ok());
    ASSERT_TRUE(producer_->Flush(std::chrono::seconds(10)).ok());
  }
  engine::MemoryStateStore store;
  auto restored = Restore(store);
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_GT(restored->from, 0) << "the first deltas are gone";
  EXPECT_EQ(restored->lost, restored->from) << "a store with nothing applied missed every offset before the first";
  EXPECT_EQ(Value(store, Family::kState, "p0/k0"), std::nullopt);
  EXPECT_EQ(Value(store, Family::kState, "p0/k23"), big);

  // A store that applied everything there was misses nothing.
  restored = Restore(store);
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(restored->lost, 0);
}

}  // namespace
}  // namespace alert::daemon
