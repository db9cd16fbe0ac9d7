#include "daemon/run/worker_pool.h"

#include <simdjson.h>

#include "runtime/os/thread_name.h"

namespace alert::daemon {

WorkerPool::WorkerPool(size_t threads, size_t queue_limit) : limit_(queue_limit) {
  for (size_t i = 0; i < threads; ++i) queues_.push_back(std::make_unique<Queue>());
  for (size_t i = 0; i < threads; ++i) {
    threads_.emplace_back([this, i] {
      os::NameThisThread("alertd-work-" + std::to_string(i));
      Work(*queues_[i]);
    });
  }
}

WorkerPool::~WorkerPool() {
  for (auto& q : queues_) {
    std::lock_guard<std::mutex> lock(q->mutex);
    stopping_ = true;
    q->changed.notify_all();
  }
  for (std::thread& t : threads_) t.join();
}

void WorkerPool::Submit(MessageSink* sink, size_t thread, const Message& message) {
  Item item{sink, message, std::string()};
  size_t size = message.value.size() + simdjson::SIMDJSON_PADDING + message.key.size();
  for (const MessageHeader& h : message.headers) size += h.name.size() + h.value.size();
  item.bytes.reserve(size);
  item.bytes.append(message.value).append(simdjson::SIMDJSON_PADDING, '\0').append(message.key);
  for (const MessageHeader& h : message.headers) item.bytes.append(h.name).append(h.value);
  Queue& q = *queues_[thread];
  std::unique_lock<std::mutex> lock(q.mutex);
  q.changed.wait(lock, [&] { return q.items.size() < limit_; });
  q.items.push_back(std::move(item));
  if (q.items.size() == 1) q.changed.notify_all();
}

absl::Status WorkerPool::Drain() {
  absl::Status first;
  for (auto& q : queues_) {
    std::unique_lock<std::mutex> lock(q->mutex);
    q->changed.wait(lock, [&] { return q->items.empty() && !q->busy; });
    if (first.ok()) first = q->failure;
    q->failure = absl::OkStatus();
  }
  return first;
}

void WorkerPool::Work(Queue& q) {
  std::unique_lock<std::mutex> lock(q.mutex);
  for (;;) {
    q.changed.wait(lock, [&] { return stopping_ || !q.items.empty(); });
    if (q.items.empty()) return;  // stopping, nothing left
    Item item = std::move(q.items.front());
    q.items.pop_front();
    q.busy = true;
    if (q.items.size() + 1 == limit_) q.changed.notify_all();  // room for a waiting Submit
    // After a failure the thread takes nothing more until the daemon has seen it.
    const bool failed = !q.failure.ok();
    lock.unlock();
    const std::string_view bytes(item.bytes);
    const size_t value_size = item.message.value.size();
    item.message.value = bytes.substr(0, value_size);
    size_t at = value_size + simdjson::SIMDJSON_PADDING;
    item.message.key = bytes.substr(at, item.message.key.size());
    at += item.message.key.size();
    for (MessageHeader& h : item.message.headers) {
      h.name = bytes.substr(at, h.name.size());
      h.value = bytes.substr(at + h.name.size(), h.value.size());
      at += h.name.size() + h.value.size();
    }
    item.message.padded = true;
    const absl::Status processed = failed ? absl::OkStatus() : item.sink->Process(item.message);
    lock.lock();
    if (q.failure.ok()) q.failure = processed;
    q.busy = false;
    if (q.items.empty()) q.changed.notify_all();  // a Drain may be waiting
  }
}

}  // namespace alert::daemon
