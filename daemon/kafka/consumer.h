#pragma once

// The daemon's consumer of the events topic: a member of the consumer group
// whose positions come from the daemon's own store, not from Kafka's
// committed offsets (those are committed too, after each checkpoint, so that
// lag tools work). A PartitionListener is told of each assignment and
// revocation, on the thread that polls.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <absl/container/inlined_vector.h>
#include <absl/status/statusor.h>

typedef struct rd_kafka_s rd_kafka_t;
typedef struct rd_kafka_message_s rd_kafka_message_t;

namespace alert::daemon {

// Where an assigned partition starts: the offset of its next event, or its
// beginning when nothing of it was processed.
inline constexpr int64_t kFromBeginning = -2;  // RD_KAFKA_OFFSET_BEGINNING

// A group member's partitions by one number: partition p of the i-th topic
// it subscribed to is i * kTopicStride + p (the first topic's keep theirs).
inline constexpr int32_t kTopicStride = 1 << 20;

class PartitionListener {
 public:
  virtual ~PartitionListener() = default;
  // Partitions given to this member; returns each one's start, in order.
  virtual std::vector<int64_t> Assigned(const std::vector<int32_t>& partitions) = 0;
  // Partitions taken away (a rebalance, or Close): their work is
  // checkpointed before this returns.
  virtual void Revoked(const std::vector<int32_t>& partitions) = 0;
};

struct MessageHeader {
  std::string_view name, value;
};

struct Message {
  int32_t partition = 0;  // a GroupConsumer's: numbered over its topics (kTopicStride)
  int64_t offset = 0;
  std::string_view key, value;
  int64_t timestamp_ms = -1;  // the producer's or the broker's; -1 when none
  // The group consumer's word that `partition` has no message after
  // `offset` for now (no key, no value): the member has caught up there.
  bool end_of_partition = false;
  // simdjson::SIMDJSON_PADDING readable bytes follow `value` (a copy made
  // for parsing in place); a consumer's own buffer has none.
  bool padded = false;
  // In order; valid as long as `value`. Held inline up to four (what
  // alertd sends on has three): no allocation per message.
  absl::InlinedVector<MessageHeader, 4> headers;

  // The value of the last header named `name`, if any.
  std::optional<std::string_view> Header(std::string_view name) const;
};

class GroupConsumer {
 public:
  // `properties`: librdkafka's (bootstrap.servers among them). `listener`
  // must outlive the consumer. The partitions of `topics` are numbered over
  // them (kTopicStride) in everything the consumer and its listener say.
  static absl::StatusOr<std::unique_ptr<GroupConsumer>> Create(const std::map<std::string, std::string>& properties,
                                                               const std::string& group_id,
                                                               const std::vector<std::string>& topics,
                                                               PartitionListener* listener);
  // Leaves the group (revoking what it holds) unless Close did.
  ~GroupConsumer();
  GroupConsumer(const GroupConsumer&) = delete;
  GroupConsumer& operator=(const GroupConsumer&) = delete;

  // The next message, waiting up to `timeout`; nullopt when none came. The
  // message's bytes stay valid until the next Poll. Errors the client
  // recovers from itself (a broker down) are counted, not returned. Reaching
  // the end of a partition is a Message with end_of_partition set.
  absl::StatusOr<std::optional<Message>> Poll(std::chrono::milliseconds timeout);
  // Commits `next_offset` of `partition` to Kafka, without waiting.
  void Commit(int32_t partition, int64_t next_offset);
  // Leaves the group: the listener is told of the revocation first.
  void Close();
  // The end of `partition` (the offset after its last message) as the last
  // fetch told it, without asking the broker; -1 when not known yet.
  int64_t HighWatermark(int32_t partition) const;
  // The first offset and the offset after the last message of `partition`
  // of another `topic`, asking the broker (waiting up to `timeout`).
  absl::StatusOr<std::pair<int64_t, int64_t>> QueryWatermarks(const std::string& topic, int32_t partition,
                                                              std::chrono::milliseconds timeout) const;

  uint64_t transient_errors() const { return transient_errors_; }

 private:
  GroupConsumer() = default;
  void Rebalance(int err, void* partitions);
  // The topic and its partition of a partition's number.
  std::pair<const std::string*, int32_t> Place(int32_t partition) const;

  rd_kafka_t* handle_ = nullptr;
  std::vector<std::string> topics_;
  std::string topic_names_;  // for errors
  PartitionListener* listener_ = nullptr;
  rd_kafka_message_t* held_ = nullptr;  // the message Poll returned last
  uint64_t transient_errors_ = 0;
  bool closed_ = false;
};

}  // namespace alert::daemon
