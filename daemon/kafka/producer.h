#pragma once

// The daemon's producer (alerts, dead letters, control results): idempotent,
// so a retried send is written once; a full local queue makes Produce wait
// for room (back-pressure), it never drops; Flush waits until the broker has
// acknowledged every message produced before it, which a checkpoint needs
// before it commits the events that decided them.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
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
  // Queues one message (copied); `partition` -1 lets the key choose it.
  // Waits while the local queue is full.
  absl::Status Produce(const std::string& topic, int32_t partition, std::string_view key, std::string_view value,
                       const std::vector<Header>& headers = {});
  // Waits until every message produced so far is acknowledged, or `timeout`
  // passes (DeadlineExceeded). Returns the first delivery failure since the
  // last Flush: those messages were not written.
  absl::Status Flush(std::chrono::milliseconds timeout);

  uint64_t delivered() const { return delivered_.load(std::memory_order_relaxed); }

 private:
  Producer() = default;
  static void OnDelivery(rd_kafka_t*, const void* message, void* opaque);

  rd_kafka_t* handle_ = nullptr;
  std::atomic<uint64_t> delivered_{0};
  std::mutex failure_mutex_;
  std::string failure_;  // the first delivery failure since the last Flush
};

}  // namespace alert::daemon
