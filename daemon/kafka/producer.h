#pragma once

// The daemon's producer (alerts, dead letters, control results): idempotent,
// so a retried send is written once; a full local queue makes Produce wait
// for room (back-pressure), it never drops. A checkpoint must not commit the
// events whose messages the broker has not acknowledged: messages are
// numbered as they are produced, and acknowledged() says up to which number
// every one was (Flush waits for all of them).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <absl/status/statusor.h>

typedef struct rd_kafka_s rd_kafka_t;

namespace alert::daemon {

class Producer {
 public:
  // `properties`: librdkafka's (bootstrap.servers among them).
  static absl::StatusOr<std::unique_ptr<Producer>> Create(const std::map<std::string, std::string>& properties);
  ~Producer();
  Producer(const Producer&) = delete;
  Producer& operator=(const Producer&) = delete;

  struct Header {
    std::string_view name, value;
  };
  // Queues one message (copied); `partition` -1 lets the key choose it;
  // `timestamp_ms` 0: now. Waits while the local queue is full.
  absl::Status Produce(const std::string& topic, int32_t partition, std::string_view key, std::string_view value,
                       const std::vector<Header>& headers = {}, int64_t timestamp_ms = 0);
  // Waits until every message produced so far is acknowledged, or `timeout`
  // passes (DeadlineExceeded). Returns the first delivery failure since the
  // last Flush: those messages were not written.
  absl::Status Flush(std::chrono::milliseconds timeout);

  uint64_t delivered() const { return delivered_.load(std::memory_order_relaxed); }
  // Numbers taken so far by Produce, the number of the last one: when no
  // Produce is running (a checkpoint drains its threads first), every
  // message up to it was queued, or its Produce failed.
  uint64_t produced() const { return produced_.load(std::memory_order_acquire); }
  // Every message numbered up to this was acknowledged, or failed (then
  // TakeFailure says so). Call Serve to take the broker's answers.
  uint64_t acknowledged() const;
  void Serve();
  // The first delivery failure since the last Flush or TakeFailure, if any.
  absl::Status TakeFailure();
  // For each partition of `topic`, the offset after the last message the
  // broker acknowledged there (-1: none yet): TrackOffsets (of each topic
  // tracked) before the first Produce and before any other thread calls
  // AcknowledgedEnd; AcknowledgedEnd any thread.
  void TrackOffsets(const std::string& topic);
  // Asks the broker for `topic` now (waiting up to `timeout`), so that the
  // first message sent there does not wait for it: its partition count, or
  // NotFound when the topic does not exist.
  absl::StatusOr<int> Prepare(const std::string& topic, std::chrono::milliseconds timeout);
  int64_t AcknowledgedEnd(const std::string& topic, int32_t partition) const;

 private:
  Producer() = default;
  static void OnDelivery(rd_kafka_t*, const void* message, void* opaque);

  void Acknowledge(uint64_t number);

  rd_kafka_t* handle_ = nullptr;
  std::atomic<uint64_t> delivered_{0};
  std::atomic<uint64_t> produced_{0};
  mutable std::mutex mutex_;
  std::string failure_;            // the first delivery failure since the last Flush
  uint64_t acknowledged_ = 0;      // every message up to this one
  std::set<uint64_t> out_of_order_;  // acknowledged, above acknowledged_ + 1
  std::vector<std::string> tracked_;    // TrackOffsets' topics
  std::map<std::pair<size_t, int32_t>, int64_t> ends_;  // their partitions' acknowledged ends, by index
};

}  // namespace alert::daemon
