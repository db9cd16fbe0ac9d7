// The write batch: operations in order, batches attached without a copy
// visited where they were attached, and the in-memory store applying them.

#include "engine/state/state_store.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "tests/testing/store_contents.h"

namespace alert::engine {
namespace {

std::vector<std::string> Keys(const WriteBatch& batch) {
  std::vector<std::string> keys;
  batch.ForEach([&](const WriteBatch::Op& op) { keys.emplace_back(op.key); });
  return keys;
}

std::vector<std::string> All(const StateStore& store, Family family) { return testing::StoreContents(store, family); }

TEST(WriteBatch, AttachedBatchesAreVisitedWhereTheyWereAttachedAndCounted) {
  auto first = std::make_shared<WriteBatch>();
  first->Put(Family::kHistory, "h1", "x");
  first->Put(Family::kHistory, "h2", "y");
  auto second = std::make_shared<WriteBatch>();
  second->Put(Family::kHistory, "h3", "z");
  WriteBatch batch;
  batch.Attach(first);
  batch.Put(Family::kState, "a", "1");
  batch.Attach(second);
  batch.Attach(std::make_shared<WriteBatch>());  // empty: nothing
  batch.Attach(first);                           // twice: visited twice
  batch.Delete(Family::kState, "b");
  EXPECT_EQ(Keys(batch), (std::vector<std::string>{"h1", "h2", "a", "h3", "h1", "h2", "b"}));
  EXPECT_EQ(batch.count(), 7u);
  EXPECT_EQ(batch.bytes(), 2 * first->bytes() + second->bytes() + 6 + 5);  // kind, family, lengths, key, value

  // Appended to another batch, the attached parts keep their places.
  WriteBatch whole;
  whole.Put(Family::kState, "z", "0");
  whole.AppendAll(batch);
  whole.Put(Family::kState, "y", "0");
  EXPECT_EQ(Keys(whole), (std::vector<std::string>{"z", "h1", "h2", "a", "h3", "h1", "h2", "b", "y"}));
  EXPECT_EQ(whole.count(), 9u);

  batch.Clear();
  EXPECT_TRUE(batch.empty());
  EXPECT_EQ(batch.bytes(), 0u);
  EXPECT_TRUE(Keys(batch).empty());
}

TEST(WriteBatch, OperationsOfOneFamilyCanBeLeftOutAttachedOrNot) {
  auto history = std::make_shared<WriteBatch>();
  history->Put(Family::kHistory, "h1", "x");
  auto mixed = std::make_shared<WriteBatch>();
  mixed->Put(Family::kHistory, "h2", "y");
  mixed->Put(Family::kState, "s1", "1");
  WriteBatch batch;
  batch.Attach(history);
  batch.Put(Family::kState, "s0", "0");
  batch.Put(Family::kHistory, "m", "mark");
  batch.Attach(mixed);
  batch.Delete(Family::kOffsets, "o");
  std::vector<std::string> keys;
  batch.ForEachExcept(Family::kHistory, [&](const WriteBatch::Op& op) { keys.emplace_back(op.key); });
  EXPECT_EQ(keys, (std::vector<std::string>{"s0", "s1", "o"}));
  keys.clear();
  batch.ForEachExcept(Family::kState, [&](const WriteBatch::Op& op) { keys.emplace_back(op.key); });
  EXPECT_EQ(keys, (std::vector<std::string>{"h1", "m", "h2", "o"}));
  keys.clear();
  WriteBatch only_history;
  only_history.Attach(history);
  only_history.ForEachExcept(Family::kHistory, [&](const WriteBatch::Op& op) { keys.emplace_back(op.key); });
  EXPECT_TRUE(keys.empty());
}

TEST(WriteBatch, AJoinedPutIsThePutOfItsPiecesAndCanBeReadWhereItIs) {
  WriteBatch joined, plain;
  joined.Put(Family::kState, "a", "1");
  const size_t at = joined.PutJoined(Family::kHistory, "key", {"ab", "", "cde"});
  plain.Put(Family::kState, "a", "1");
  plain.Put(Family::kHistory, "key", "abcde");
  EXPECT_EQ(joined.bytes(), plain.bytes());
  const WriteBatch::Op op = joined.At(at);
  EXPECT_EQ(op.kind, WriteBatch::Kind::kPut);
  EXPECT_EQ(op.family, Family::kHistory);
  EXPECT_EQ(op.key, "key");
  EXPECT_EQ(op.value, "abcde");
}

TEST(MemoryStateStore, AppliesAttachedBatchesInTheirPlace) {
  auto history = std::make_shared<WriteBatch>();
  history->Put(Family::kHistory, "h/1", "old");
  history->Put(Family::kHistory, "h/2", "kept");
  WriteBatch batch;
  batch.Attach(history);
  batch.DeleteRange(Family::kHistory, "h/", "h/2");  // after the records: removes h/1
  batch.Put(Family::kHistory, "m", "mark");
  MemoryStateStore store;
  ASSERT_TRUE(store.Write(batch).ok());
  EXPECT_EQ(All(store, Family::kHistory), (std::vector<std::string>{"h/2=kept", "m=mark"}));
}

}  // namespace
}  // namespace alert::engine
