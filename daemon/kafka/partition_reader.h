#pragma once

// A reader of one partition of a topic from a given offset, outside any
// consumer group: the daemon reads all of the control topic this way, from
// the position its own store holds (every daemon of a group reads every
// rule change).

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <absl/status/statusor.h>

#include "daemon/kafka/consumer.h"

namespace alert::daemon {

class PartitionReader {
 public:
  // Reads `partition` of `topic` from `start` (an offset, or kFromBeginning).
  static absl::StatusOr<std::unique_ptr<PartitionReader>> Create(const std::map<std::string, std::string>& properties,
                                                                 const std::string& topic, int32_t partition,
                                                                 int64_t start);
  ~PartitionReader();
  PartitionReader(const PartitionReader&) = delete;
  PartitionReader& operator=(const PartitionReader&) = delete;

  // The next message, waiting up to `timeout`; nullopt when none came. The
  // message's bytes stay valid until the next Poll. Errors the client
  // recovers from itself are counted, not returned.
  absl::StatusOr<std::optional<Message>> Poll(std::chrono::milliseconds timeout);

  uint64_t transient_errors() const { return transient_errors_; }

 private:
  PartitionReader() = default;
  rd_kafka_t* handle_ = nullptr;
  std::string topic_;
  rd_kafka_message_t* held_ = nullptr;
  uint64_t transient_errors_ = 0;
};

}  // namespace alert::daemon
