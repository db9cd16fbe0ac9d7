#pragma once

// Writes rule changes to the control topic for the HTTP API, one at a time,
// and says at which offset each was written: the daemon's answer to it is
// the one for that offset (every daemon applies the control topic in offset
// order). Its own idempotent producer, apart from the event path's.
// Thread-safe: calls are serialized.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <absl/status/statusor.h>

typedef struct rd_kafka_s rd_kafka_t;

namespace alert::daemon {

class ControlWriter {
 public:
  static absl::StatusOr<std::unique_ptr<ControlWriter>> Create(const std::map<std::string, std::string>& properties,
                                                               const std::string& topic);
  ~ControlWriter();
  ControlWriter(const ControlWriter&) = delete;
  ControlWriter& operator=(const ControlWriter&) = delete;

  // Writes one message and waits until the broker acknowledged it (at most
  // kTimeout: librdkafka's message timeout): its offset, or Unavailable
  // naming why it was not written.
  static constexpr std::chrono::milliseconds kTimeout{5000};
  absl::StatusOr<int64_t> Write(std::string_view key, std::string_view value);

 private:
  ControlWriter() = default;

  rd_kafka_t* handle_ = nullptr;
  std::string topic_;
  std::mutex mutex_;
};

}  // namespace alert::daemon
