// The worker pool: each thread's messages in the order handed over, with
// their bytes copied; Drain waits for all of them; a failure is reported by
// the next Drain and the failed thread processes nothing after it.

#include "daemon/run/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <vector>

namespace alert::daemon {
namespace {

class Recorder final : public MessageSink {
 public:
  absl::Status Process(const Message& m) override {
    if (m.value == "fail") return absl::InternalError("failed at " + std::to_string(m.offset));
    if (!m.padded || m.value.data()[m.value.size()] != '\0') return absl::InternalError("not padded");
    seen.push_back(std::string(m.key) + "=" + std::string(m.value) + "@" + std::to_string(m.offset));
    return absl::OkStatus();
  }
  std::vector<std::string> seen;  // touched by one pool thread only
};

Message MessageOf(int64_t offset, std::string_view key, std::string_view value) {
  Message m;
  m.offset = offset;
  m.key = key;
  m.value = value;
  return m;
}

TEST(WorkerPool, EachThreadTakesItsMessagesInOrderAndDrainWaitsForAll) {
  WorkerPool pool(3, /*queue_limit=*/4);  // a small queue: Submit waits for room
  Recorder sinks[3];
  std::vector<std::string> want[3];
  for (int i = 0; i < 300; ++i) {
    std::string key = "k" + std::to_string(i), value = "v" + std::to_string(i * 7);
    pool.Submit(&sinks[i % 3], i % 3, MessageOf(i, key, value));  // the bytes die here: copied
    want[i % 3].push_back(key + "=" + value + "@" + std::to_string(i));
  }
  ASSERT_TRUE(pool.Drain().ok());
  for (int t = 0; t < 3; ++t) EXPECT_EQ(sinks[t].seen, want[t]);
}

TEST(WorkerPool, AFailureIsReportedByTheNextDrainAndStopsItsThread) {
  WorkerPool pool(2);
  Recorder a, b;
  pool.Submit(&a, 0, MessageOf(1, "", "x"));
  pool.Submit(&a, 0, MessageOf(2, "", "fail"));
  pool.Submit(&a, 0, MessageOf(3, "", "y"));
  pool.Submit(&b, 1, MessageOf(4, "", "z"));
  const absl::Status drained = pool.Drain();
  EXPECT_EQ(drained.code(), absl::StatusCode::kInternal);
  EXPECT_EQ(drained.message(), "failed at 2");
  EXPECT_EQ(a.seen, (std::vector<std::string>{"=x@1"})) << "nothing after the failure";
  EXPECT_EQ(b.seen, (std::vector<std::string>{"=z@4"})) << "the other thread goes on";
  EXPECT_TRUE(pool.Drain().ok()) << "reported once";
}

}  // namespace
}  // namespace alert::daemon
