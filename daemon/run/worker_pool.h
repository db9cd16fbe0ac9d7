#pragma once

// Threads that take the events of the partitions: each partition belongs to
// one thread, so its events stay in order, and a thread takes several
// partitions. The polling thread hands each message over (a copy: the
// consumer's buffer is reused at its next poll) into the thread's bounded
// queue, waiting while it is full (back-pressure reaches the consumer).
// Rule changes, checkpoints and rebalances happen between events: the
// polling thread drains the pool first, then acts alone.
//
//   poll ─► Submit(partition's worker, message) ─► queue of thread t ─► MessageSink::Process
//   control / checkpoint / rebalance ─► Drain (every queue empty, every thread idle)

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <absl/status/status.h>

#include "daemon/kafka/consumer.h"

namespace alert::daemon {

// What takes a partition's messages, one at a time (PartitionWorker).
class MessageSink {
 public:
  virtual ~MessageSink() = default;
  virtual absl::Status Process(const Message& message) = 0;
};

class WorkerPool {
 public:
  // `threads` >= 1; `queue_limit`: messages waiting per thread at most.
  explicit WorkerPool(size_t threads, size_t queue_limit = 4096);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  size_t threads() const { return queues_.size(); }
  // Queues `message` for `sink` on thread `thread` (< threads()).
  void Submit(MessageSink* sink, size_t thread, const Message& message);
  // Waits until every queued message was processed. Returns the first
  // error a sink met since the last Drain (the messages after it on that
  // thread were not processed).
  absl::Status Drain();

 private:
  struct Item {
    MessageSink* sink;
    Message message;    // value, simdjson's padding, key, then each header's name and value: `bytes`
    std::string bytes;  // (views are made when it is processed: a move may move the bytes)
  };
  struct Queue {
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<Item> items;
    bool busy = false;   // an item is being processed
    absl::Status failure;
  };
  void Work(Queue& queue);

  size_t limit_;
  bool stopping_ = false;  // under every queue's mutex
  std::vector<std::unique_ptr<Queue>> queues_;
  std::vector<std::thread> threads_;
};

}  // namespace alert::daemon
