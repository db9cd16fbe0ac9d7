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

TEST(Changelog, RestoresWholeDeltasAndRepairsACutOne) {
  auto kafka = EmbeddedKafka::Start({.partitions = 1, .groups = {"g"}});
  ASSERT_TRUE(kafka.ok()) << kafka.status();
  const std::map<std::string, std::string> properties = {{"bootstrap.servers", (*kafka)->bootstrap_servers()}};
  const std::string topic = "g-changelog";
  auto producer = Producer::Create(properties);
  ASSERT_TRUE(producer.ok());
  (*producer)->TrackOffsets(topic);
  NoListener listener;
  auto consumer = GroupConsumer::Create(properties, "g", {"events"}, &listener);
  ASSERT_TRUE(consumer.ok());

  engine::WriteBatch first;
  first.Put(Family::kState, "p0/a", "1");
  first.Put(Family::kState, "p0/b", "2");
  first.Put(Family::kState, "p0/old/1", "x");
  first.Put(Family::kHistory, "h0", "not sent");
  ASSERT_TRUE(SendDelta(first, topic, 0, **producer).ok());
  // A delta cut off: a put, a delete and a range delete, and no end mark.
  const std::string state(1, static_cast<char>(Family::kState));
  ASSERT_TRUE((*producer)->Produce(topic, 0, state + "p0/a", "v9").ok());
  ASSERT_TRUE((*producer)->Produce(topic, 0, state + "p0/b", std::string_view()).ok());
  ASSERT_TRUE((*producer)->Produce(topic, 0, "\xff" + state + "p0/old/", "rp0/old0").ok());
  ASSERT_TRUE((*producer)->Flush(std::chrono::seconds(10)).ok());

  engine::MemoryStateStore store;
  auto restored = RestoreFromChangelog(properties, {topic, 0, 0}, **consumer, **producer, store);
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(restored->records, 6u);  // 3 puts of the delta, 3 records of the cut one
  EXPECT_EQ(restored->repaired, 3u);  // a, b, and the one key in the range
  EXPECT_EQ(Value(store, Family::kState, "p0/a"), "1");
  EXPECT_EQ(Value(store, Family::kState, "p0/b"), "2");
  EXPECT_EQ(Value(store, Family::kState, "p0/old/1"), "x");
  EXPECT_EQ(Value(store, Family::kHistory, "h0"), std::nullopt);

  // From the beginning: the cut delta is read, then its repair: the same state.
  engine::MemoryStateStore fresh;
  restored = RestoreFromChangelog(properties, {topic, 0, 0}, **consumer, **producer, fresh);
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(restored->repaired, 0u);
  EXPECT_EQ(Value(fresh, Family::kState, "p0/a"), "1");
  EXPECT_EQ(Value(fresh, Family::kState, "p0/b"), "2");
  EXPECT_EQ(Value(fresh, Family::kState, "p0/old/1"), "x");

  // A later delta: a store restored before reads only it.
  engine::WriteBatch second;
  second.Delete(Family::kState, "p0/a");
  second.Put(Family::kOffsets, "p0", "7");
  ASSERT_TRUE(SendDelta(second, topic, 0, **producer).ok());
  ASSERT_TRUE((*producer)->Flush(std::chrono::seconds(10)).ok());
  restored = RestoreFromChangelog(properties, {topic, 0, 0}, **consumer, **producer, store);
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(restored->records, 2u);
  EXPECT_EQ(Value(store, Family::kState, "p0/a"), std::nullopt);
  EXPECT_EQ(Value(store, Family::kOffsets, "p0"), "7");
  auto position = StoredChangelogPosition(store, 0);
  ASSERT_TRUE(position.ok() && *position);
  EXPECT_EQ(**position, restored->to);
}

TEST(Changelog, ARestoreSaysWhenRecordsItHadNotReadWereDeleted) {
  auto kafka = EmbeddedKafka::Start({.partitions = 1, .groups = {"g"}});
  ASSERT_TRUE(kafka.ok()) << kafka.status();
  const std::map<std::string, std::string> properties = {{"bootstrap.servers", (*kafka)->bootstrap_servers()}};
  const std::string topic = "g-changelog";
  auto producer = Producer::Create(properties);
  ASSERT_TRUE(producer.ok());
  NoListener listener;
  auto consumer = GroupConsumer::Create(properties, "g", {"events"}, &listener);
  ASSERT_TRUE(consumer.ok());
  // More than the 5 MiB the embedded Kafka keeps of a partition: it drops
  // the oldest deltas, as a retention would.
  const std::string big(256 * 1024, 'x');
  for (int i = 0; i < 24; ++i) {
    engine::WriteBatch delta;
    delta.Put(Family::kState, "p0/k" + std::to_string(i), big);
    ASSERT_TRUE(SendDelta(delta, topic, 0, **producer).ok());
    ASSERT_TRUE((*producer)->Flush(std::chrono::seconds(10)).ok());
  }
  engine::MemoryStateStore store;
  auto restored = RestoreFromChangelog(properties, {topic, 0, 0}, **consumer, **producer, store);
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_GT(restored->from, 0) << "the first deltas are gone";
  EXPECT_EQ(restored->lost, restored->from) << "a store with nothing applied missed every offset before the first";
  EXPECT_EQ(Value(store, Family::kState, "p0/k0"), std::nullopt);
  EXPECT_EQ(Value(store, Family::kState, "p0/k23"), big);

  // A store that applied everything there was misses nothing.
  restored = RestoreFromChangelog(properties, {topic, 0, 0}, **consumer, **producer, store);
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(restored->lost, 0);
}

}  // namespace
}  // namespace alert::daemon
