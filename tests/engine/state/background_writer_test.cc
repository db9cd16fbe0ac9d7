// The background writer: batches written in the order submitted, one at a
// time, each from its parts as one write, in their order; a failed write reported by the next Submit and by Wait, after which
// nothing more is written; the destructor waits for the batch in flight.

#include "engine/state/background_writer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace alert::engine {
namespace {

// A memory store whose writes are slow, and whose `fail_at`-th write fails.
class SlowStore final : public StateStore {
 public:
  explicit SlowStore(int fail_at = 0) : fail_at_(fail_at) {}
  absl::StatusOr<std::optional<std::string>> Get(Family f, std::string_view key) const override {
    return store_.Get(f, key);
  }
  using StateStore::Write;
  absl::Status Write(std::span<const WriteBatch> batch) override {
    EXPECT_FALSE(writing_.exchange(true)) << "two writes at once";
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    absl::Status status = ++writes_ == fail_at_ ? absl::ResourceExhaustedError("disk full (injected)")
                                                 : store_.Write(batch);
    writing_ = false;
    return status;
  }
  absl::Status ScanRange(Family f, std::string_view begin, std::string_view end,
                         absl::FunctionRef<bool(std::string_view, std::string_view)> visit) const override {
    return store_.ScanRange(f, begin, end, visit);
  }
  int writes() const { return writes_; }

 private:
  MemoryStateStore store_;
  int fail_at_;
  std::atomic<int> writes_{0};
  std::atomic<bool> writing_{false};
};

// A batch of two parts: the counter, then a key of its own.
std::vector<WriteBatch> Counter(int value) {
  std::vector<WriteBatch> parts(2);
  parts[0].Put(Family::kOffsets, "n", std::to_string(value));
  parts[1].Put(Family::kState, "k" + std::to_string(value), "v");
  return parts;
}

TEST(BackgroundWriter, WritesEveryBatchInOrderOneAtATime) {
  SlowStore store;
  {
    BackgroundWriter writer(store);
    for (int i = 1; i <= 20; ++i) ASSERT_TRUE(writer.Submit(Counter(i)).ok());
    ASSERT_TRUE(writer.Wait().ok());
    EXPECT_EQ(store.writes(), 20);
    EXPECT_EQ(*store.Get(Family::kOffsets, "n"), "20");
    ASSERT_TRUE(writer.Submit(Counter(21)).ok());
  }  // the destructor waits for the last batch
  EXPECT_EQ(store.writes(), 21);
  EXPECT_EQ(*store.Get(Family::kOffsets, "n"), "21");
  for (int i = 1; i <= 21; ++i) EXPECT_TRUE(store.Get(Family::kState, "k" + std::to_string(i))->has_value()) << i;
}

TEST(BackgroundWriter, ABatchsPartsAreOneWriteInTheirOrder) {
  SlowStore store;
  BackgroundWriter writer(store);
  std::vector<WriteBatch> parts(3);
  parts[0].Put(Family::kOffsets, "n", "1");
  parts[1].Put(Family::kState, "a", "x");
  parts[2].Put(Family::kOffsets, "n", "2");
  parts[2].Delete(Family::kState, "a");
  ASSERT_TRUE(writer.Submit(std::move(parts)).ok());
  ASSERT_TRUE(writer.Wait().ok());
  EXPECT_EQ(store.writes(), 1);
  EXPECT_EQ(*store.Get(Family::kOffsets, "n"), "2");
  EXPECT_FALSE(store.Get(Family::kState, "a")->has_value());
}

TEST(BackgroundWriter, AFailedWriteIsReportedAndNothingIsWrittenAfterIt) {
  SlowStore store(/*fail_at=*/3);
  BackgroundWriter writer(store);
  ASSERT_TRUE(writer.Submit(Counter(1)).ok());
  ASSERT_TRUE(writer.Submit(Counter(2)).ok());
  ASSERT_TRUE(writer.Submit(Counter(3)).ok());  // taken; its write fails
  const absl::Status next = writer.Submit(Counter(4));
  EXPECT_EQ(next.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(writer.Wait().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(writer.Submit(Counter(5)).code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(store.writes(), 3);
  // The store holds the last good batch, whole.
  EXPECT_EQ(*store.Get(Family::kOffsets, "n"), "2");
  EXPECT_FALSE(store.Get(Family::kState, "k3")->has_value());
}

}  // namespace
}  // namespace alert::engine
